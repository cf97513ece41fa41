import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { CORSOptions, Plugin } from 'graphql-yoga';

export interface ProductionOptions {
  /** Origins allowed with credentials; empty: any origin without credentials, or none in production. */
  readonly corsOrigins: readonly string[];
  readonly production: boolean;
  readonly introspection: boolean;
  /** Serve GraphiQL on GET requests that accept HTML. */
  readonly graphiql: boolean;
}

/** The header a non-JSON POST must carry (a browser sends it only after a CORS preflight). */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * Yoga's `cors` option. Yoga's default echoes any `Origin` with credentials;
 * here credentials go only to the configured origins, an unconfigured
 * playground lets every origin read but never with credentials (cookies or
 * HTTP auth), and an unconfigured production server sends no CORS headers.
 */
export function corsOptions(options: ProductionOptions): CORSOptions {
  if (options.corsOrigins.length > 0) return { origin: [...options.corsOrigins], credentials: true };
  return options.production ? false : { origin: '*', credentials: false };
}

/**
 * CSRF prevention: a POST whose content type a browser sends cross-origin
 * without a preflight (form-urlencoded, multipart, text/plain) must carry
 * `x-graphql-yoga-csrf`, so a foreign page's form cannot run a mutation. GET is
 * left alone: yoga refuses mutations over GET, and reads from a foreign page
 * stay unreadable to it under CORS.
 */
export function useCsrfPrevention(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return prevention.onRequestParse?.(payload as never);
    },
  };
}

/** Refuses `__schema` and `__type` when introspection is off (`__typename` stays), as BAD_USER_INPUT. */
export function useIntrospectionSwitch(enabled: boolean): Plugin {
  if (enabled) return {};
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
