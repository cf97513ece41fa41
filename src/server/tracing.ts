import { context, type Span, SpanStatusCode, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { DeltaStore } from '../store/delta-store.js';

/** Optional OpenTelemetry tracing (docs/design.md §12): operations, store calls, feed batches. */
export interface Tracing {
  readonly tracer: Tracer;
  /** @envelop/opentelemetry: one span per operation (parse, validate, execute, subscribe). */
  readonly plugin: Plugin;
  /** Runs `work` in a span named `name`, ended (with its error, if any) when `work` settles. */
  span<T>(name: string, attributes: Record<string, number | string>, work: () => Promise<T>): Promise<T>;
  /** Flushes the spans of the provider this app made (not one handed in). */
  shutdown(): Promise<void>;
}

let contextManagerSet = false;

/** Store calls worth a span: every read and write that goes to the database. */
const TRACED = [
  'append',
  'get',
  'getMany',
  'byEntities',
  'negatorsOf',
  'referencedAs',
  'since',
  'head',
  'heldBack',
  'count',
] as const satisfies readonly (keyof DeltaStore)[];

/**
 * Tracing from the config (`RHIZOME_TRACING`), or on a provider a caller
 * hands in (tests: an in-memory exporter). Off, it is undefined and costs
 * nothing, not even loading the SDK (a tenth of the start-up).
 */
export async function createTracing(
  config: Pick<Config, 'tracing' | 'otlpEndpoint'>,
  given?: TracerProvider,
): Promise<Tracing | undefined> {
  if (given === undefined && config.tracing === 'off') return undefined;
  const [{ useOpenTelemetry }, { AsyncLocalStorageContextManager }, sdk] = await Promise.all([
    import('@envelop/opentelemetry'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } = sdk;
  if (!contextManagerSet) {
    // Without it there is no active context across awaits, and store spans would not nest under operations.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  let owned: BasicTracerProvider | undefined;
  if (given === undefined) {
    const processor =
      config.tracing === 'console'
        ? new SimpleSpanProcessor(new ConsoleSpanExporter())
        : new BatchSpanProcessor(
            new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({
              url: `${(config.otlpEndpoint ?? 'http://localhost:4318').replace(/\/$/, '')}/v1/traces`,
            }),
          );
    owned = new BasicTracerProvider({ spanProcessors: [processor] });
  }
  const provider = given ?? (owned as BasicTracerProvider);
  const tracer = provider.getTracer('rhizome');
  const span: Tracing['span'] = (name, attributes, work) =>
    tracer.startActiveSpan(name, { attributes }, async (active: Span) => {
      try {
        return await work();
      } catch (error) {
        active.recordException(error as Error);
        active.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        active.end();
      }
    });
  return {
    tracer,
    plugin: useOpenTelemetry({ resolvers: false, variables: false, result: false }, provider) as Plugin,
    span,
    shutdown: async () => {
      await owned?.forceFlush();
    },
  };
}

/** The store with a `store.<method>` span around each database call. */
export function tracedStore(store: DeltaStore, tracing: Tracing): DeltaStore {
  const wrapped: Record<string, unknown> = { ...store };
  for (const method of TRACED) {
    const original = store[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (original === undefined) continue;
    wrapped[method] = (...args: unknown[]) =>
      tracing.span(`store.${method}`, {}, () => original.apply(store, args));
  }
  return wrapped as unknown as DeltaStore;
}
