import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { useTestDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/start-app.js';

const database = useTestDatabase();
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestApp(database.url), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const responseText = async (page: Page) =>
  ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, ' ');

describe('GraphiQL in a browser', () => {
  it('loads without a CDN, runs a query and shows the answer', async () => {
    await app.gql(`mutation { createPerson(id: "ada", input: { name: "Ada Lovelace" }) { id } }`);
    const page = await browser.newPage();
    try {
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
      await page.close();
    }
  }, 60_000);

  it('opens on an example for the first declared type, and runs its mutation and query', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(app.url);
      const editor = page.locator('.graphiql-query-editor');
      const editorText = async () => ((await editor.textContent()) ?? '').replace(/\s+/g, ' ');
      await expect.poll(editorText, { timeout: 15_000 }).toContain('mutation CreateCompany');
      const text = await editorText();
      expect(text).toContain('query ListCompanies');
      expect(text).toContain('subscription CompanyChanged');

      const run = async (operation: string) => {
        await page.locator('.graphiql-execute-button').click({ timeout: 15_000 });
        await page.locator('.graphiql-dropdown-item', { hasText: operation }).click({ timeout: 15_000 });
      };
      await run('CreateCompany');
      await expect.poll(() => responseText(page), { timeout: 15_000 }).toContain('"createCompany"');
      expect(await responseText(page)).toContain('"name": "Example"');
      await run('ListCompanies');
      await expect.poll(() => responseText(page), { timeout: 15_000 }).toContain('"totalCount": 1');
    } finally {
      await page.close();
    }
  }, 60_000);
});
