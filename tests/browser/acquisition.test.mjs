// Customers by their first order's channel and coupon, under the historical LTV: a Shopify export's Source
// is the channel; the table and its CSV are what `kokyaku acquisition` gives. An export without either
// column says what the section needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, servedApp, recordedPage, foreignRequests, openTab, cliJson, download, generate, waitForFiles } from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-acquisition-'));
const app = servedApp();

test('a Shopify export: customers by first-order channel equal kokyaku acquisition, table and CSV', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  const file = generate('shopify', 2000, 7, work);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  await openTab(page, 'history');
  await page.waitForSelector('[data-testid=acquisition-channel]');

  const cli = cliJson('acquisition', file);
  const shown = await page.$$eval('[data-testid=acquisition-channel] tbody tr',
    (rows) => rows.map((r) => [r.dataset.group, Number(r.cells[1].dataset.value), r.cells[5].dataset.value]));
  // Group, customers, and the mean LTV at the first horizon (30 days), exact.
  assert.deepEqual(shown, cli.rows.map((r) => [r.group ?? '', r.customers, String(r.ltv[0].mean_minor ?? '')]));
  assert.deepEqual(cli.rows.map((r) => r.group), ['web', 'subscription_contract']);
  // No order of the export has a discount code: no coupon table.
  assert.equal(await page.$('[data-testid=acquisition-coupon]'), null);

  // Predicted CLV by channel in the LTV view: the customers with a CLV as `kokyaku acquisition --predicted`.
  await openTab(page, 'ltv');
  await page.waitForSelector('[data-testid=ltv-transaction-params]', { timeout: 60_000 });
  const predicted = await page.$$eval('h3', (hs) => {
    const h = hs.find((x) => x.textContent === 'Predicted CLV by first-order channel');
    return h ? [...h.nextElementSibling.querySelectorAll('tbody tr')].map((r) => [r.cells[0].textContent, r.cells[1].textContent]) : null;
  });
  const cliPredicted = cliJson('acquisition', file, '--predicted');
  assert.deepEqual(predicted, cliPredicted.rows.map((r) => [r.group, r.clv_customers.toLocaleString('en-US')]));
  await openTab(page, 'history');

  const csv = await download(page, '[data-testid=csv-acquisition-channel]');
  assert.equal(csv.name, 'acquisition-channel.csv');
  const expected = execFileSync(CLI, ['acquisition', file, '--csv', '--lang', 'en']);
  assert.ok(csv.bytes.equals(expected), 'CSV equals kokyaku acquisition --csv --lang en');

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an export without channel or coupon says what the section needs', async () => {
  const { page, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  await openTab(page, 'history');
  assert.match(await page.textContent('[data-testid=acquisition-none]'), /channel or coupon code column/);
  assert.deepEqual(errors, []);
  await context.close();
});
