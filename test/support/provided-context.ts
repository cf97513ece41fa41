declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL on which the tests may CREATE and DROP databases (see `global-setup.ts`). */
    adminUrl: string;
  }
}

export {};
