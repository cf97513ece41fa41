import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const database = useTestDatabase();
let app: TestApp;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  app = await startTestApp(database.url);
});
afterAll(() => app?.stop());

describe('GraphiQL in a browser', () => {
  it('loads without a CDN, runs a query and shows the answer', async () => {
    await app.gql(`mutation { createPerson(id: "ada", input: { name: "Ada Lovelace" }) { id } }`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const query = encodeURIComponent('{ person(id: "ada") { name } }');
      await page.goto(`${app.url}?query=${query}`);
      await page.locator('.graphiql-execute-button').click({ timeout: 15_000 });
      await expect
        .poll(
          async () => ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, ' '),
          {
            timeout: 15_000,
          },
        )
        .toContain('Ada Lovelace');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
