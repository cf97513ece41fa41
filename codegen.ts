import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed clients from the committed `schema.graphql` (so no server needs to
 * run) and the operations written in `examples/client/`. After changing an
 * entity declaration: `npm run schema:print && npm run codegen`.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/client/**/*.ts', '!examples/client/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'examples/client/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // NodeNext with verbatimModuleSyntax: `.js` specifiers and `import type`.
        importExtension: '.js',
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          // docs/design.md §4: ISO 8601 out; ISO string or epoch milliseconds in.
          DateTime: { input: 'string | number', output: 'string' },
          JSON: { input: 'unknown', output: 'unknown' },
        },
      },
    },
  },
};

export default config;
