// Files that stop for want of a choice — the currency of amounts with decimals, the currency among several,
// the order of day and month — offer it in the page, and reading again with it gives the CLI's figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  servedApp, recordedPage, foreignRequests, cliSummary, shownFigures, expectedFigures, waitForFiles,
} from './harness.mjs';

const app = servedApp();
const work = mkdtempSync(join(tmpdir(), 'kokyaku-choices-'));

/** Loads `file` in a new page, expects the error with a choice, chooses `value` and reads again. */
async function chooseAndRead(file, select, value) {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await page.waitForSelector(`[data-testid=error] [data-testid=${select}]`);
  await page.selectOption(`[data-testid=${select}]`, value);
  await page.click('[data-testid=choose-read]');
  await waitForFiles(page, [file]);
  const shown = await shownFigures(page);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
  return shown;
}

test('amounts with decimals in a file that names no currency: the page asks, as the CLI does', async () => {
  // $19.99 + $5.50 + $12: 3,749 cents once dollars are chosen.
  const file = join(work, 'cents.csv');
  writeFileSync(file, 'order_id,order_date,email,order_total\n1,2024-01-05,a@x.jp,19.99\n'
    + '2,2024-01-06,b@x.jp,5.50\n3,2024-01-07,c@x.jp,12\n');
  const cli = cliSummary(file, '--currency', 'USD');
  assert.deepEqual([cli.currency, cli.revenue_minor], ['USD', 3749]);
  assert.deepEqual(await chooseAndRead(file, 'choose-currency', 'USD'), expectedFigures(cli));
});

test('several currencies: the page offers them, and orders in the others are rejected as in the CLI', async () => {
  const file = join(work, 'mixed.csv');
  writeFileSync(file, 'order_id,order_date,email,order_total,currency\n1,2024-01-05,a@x.jp,1000,JPY\n'
    + '2,2024-01-06,b@x.jp,12.50,USD\n3,2024-01-07,c@x.jp,2000,JPY\n');
  const cli = cliSummary(file, '--currency', 'JPY');
  assert.deepEqual([cli.revenue_minor, cli.orders_rejected], [3000, 1]);
  assert.deepEqual(await chooseAndRead(file, 'choose-currency', 'JPY'), expectedFigures(cli));
});

test('dates that settle neither order: the page asks for day or month first, as the CLI does', async () => {
  // Month first: 05/01/2024 is May 1 and 1/6/24 January 6.
  const file = join(work, 'dates.csv');
  writeFileSync(file, 'order_id,order_date,email,order_total\n1,05/01/2024,a@x.jp,100\n2,1/6/24,b@x.jp,200\n');
  const cli = cliSummary(file, '--date-order', 'mdy');
  assert.deepEqual([cli.first_order_date, cli.last_order_date], ['2024-01-06', '2024-05-01']);
  assert.deepEqual(await chooseAndRead(file, 'choose-date-order', 'mdy'), expectedFigures(cli));
});
