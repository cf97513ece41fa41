import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSchemaDir } from '../../src/model/load-schema-dir.js';
import { type App, createApp } from '../../src/server/app.js';
import { useTestDatabase } from '../support/database.js';
import { postOperation, testConfig } from '../support/start-app.js';

const database = useTestDatabase();
const exporter = new InMemorySpanExporter();
let app: App;
let url: string;

beforeAll(async () => {
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  app = createApp(testConfig(database.url), {
    model: await loadSchemaDir(new URL('../../schema', import.meta.url).pathname),
    tracerProvider: provider,
  });
  url = (await app.start()).url;
});
afterAll(() => app?.stop());

describe('OpenTelemetry tracing', () => {
  it('produces spans for operations, the store calls inside them, and feed batches', async () => {
    exporter.reset();
    const answer = await postOperation(
      url,
      `mutation Traced { createPerson(id: "t1", input: { name: "T" }) { name } }`,
    );
    expect(answer.errors).toBeUndefined();
    await vi.waitFor(() => expect(exporter.getFinishedSpans().map((s) => s.name)).toContain('feed.batch'), {
      timeout: 5000,
      interval: 20,
    });
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((s) => s.name.includes('Traced'));
    expect(operation?.attributes['graphql.execute.operationType']).toBe('mutation');
    const append = spans.find((s) => s.name === 'store.append');
    // The store call belongs to the operation's trace.
    expect(append?.spanContext().traceId).toBe(operation?.spanContext().traceId);
    const batch = spans.find((s) => s.name === 'feed.batch');
    expect(batch?.attributes['rhizome.deltas']).toBeGreaterThanOrEqual(1);
  });
});
