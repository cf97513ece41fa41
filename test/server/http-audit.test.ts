import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  for (const audit of serverAudits({ url: () => app.url })) {
    // SHOULD and MAY audits are recommendations; every MUST has to pass.
    const must = audit.name.startsWith('MUST');
    it(audit.name, async () => {
      const result = await audit.fn();
      if (must) expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
      else expect(['ok', 'warn', 'notice']).toContain(result.status);
    });
  }
});
