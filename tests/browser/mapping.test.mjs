// The column-mapping screen: an export with headers no preset knows is previewed, mapped field by field, read
// with the mapping (the same figures as the CLI with --map), and the mapping is remembered for the next file
// with the same header row; no request leaves the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIST, servedApp, recordedPage, foreignRequests, cliSummary, shownFigures, waitForFiles,
} from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-mapping-'));

// Six orders of four customers (C1: 2, C2: 2, C3: 1, C4: 1), 9,500 yen in all, under headers that no preset
// and no generic name matches.
const FIXTURE = [
  '伝票番号,受付日時,お客様番号,支払額,備考',
  'A001,2024-03-01 10:00,C1,1000,',
  'A002,2024-03-05 11:00,C2,2000,ギフト',
  'A003,2024-04-01 09:30,C1,1500,',
  'A004,2024-04-10 12:00,C3,800,',
  'A005,2024-05-02 15:00,C2,1200,',
  'A006,2024-05-20 18:00,C4,3000,',
  '',
].join('\n');

const app = servedApp();

const missing = (page) => page.getAttribute('[data-testid=mapping-missing]', 'data-missing');

test('an unknown export is mapped on the mapping screen, read, and mapped again automatically next time', async () => {
  const file = join(work, 'shop-orders.csv');
  writeFileSync(file, FIXTURE);
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);

  // The screen shows the file's first five rows and names every missing required field.
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.textContent('[data-testid=mapping-file]'), 'shop-orders.csv');
  await page.waitForFunction(() => document.activeElement?.id === 'mapping-title');
  const rows = await page.$$eval('[data-testid=mapping-preview] tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[1], ['A002', '2024-03-05 11:00', 'C2', '2000', 'ギフト']);
  assert.deepEqual(await page.$$eval('[data-testid=mapping-preview] thead th', (th) => th.map((h) => h.textContent)),
    ['伝票番号', '受付日時', 'お客様番号', '支払額', '備考']);
  assert.equal(await missing(page), 'order_date,order_total,customer_id');
  assert.equal(await page.isDisabled('[data-testid=mapping-apply]'), true);
  // One labelled choice per canonical field.
  assert.equal(await page.$$eval('.map-fields select', (s) => s.filter((x) => x.labels.length === 1).length), 20);

  await page.selectOption('[data-testid=map-order_id]', '伝票番号');
  await page.selectOption('[data-testid=map-order_date]', '受付日時');
  assert.equal(await missing(page), 'order_total,customer_id');
  await page.selectOption('[data-testid=map-customer_id]', 'お客様番号');
  assert.equal(await missing(page), 'order_total');
  await page.selectOption('[data-testid=map-order_total]', '支払額');
  assert.equal(await missing(page), '');
  await page.click('[data-testid=mapping-apply]');

  await waitForFiles(page, [file]);
  const shown = await shownFigures(page);
  assert.equal(shown.customers, 4);
  assert.equal(shown.orders, 6);
  assert.equal(shown.revenue_minor, 9500);
  assert.equal(shown.rows_read, 6);
  const cli = cliSummary(file, '--map', 'order_id=伝票番号', '--map', 'order_date=受付日時',
    '--map', 'customer_id=お客様番号', '--map', 'order_total=支払額');
  assert.deepEqual([shown.customers, shown.orders, shown.revenue_minor], [cli.customers, cli.orders, cli.revenue_minor]);
  assert.equal(await page.isVisible('[data-testid=mapping-remembered]'), false);

  // After a reload, the same header row is read with the remembered mapping, and says so.
  await page.reload();
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  assert.equal(await page.isVisible('[data-testid=mapping]'), false);
  await page.waitForSelector('[data-testid=mapping-remembered]');
  const again = await shownFigures(page);
  assert.deepEqual([again.customers, again.orders, again.revenue_minor], [4, 6, 9500]);

  // The mapping can be changed: the screen opens with the remembered choices.
  await page.click('[data-testid=mapping-change]');
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.inputValue('[data-testid=map-order_date]'), '受付日時');
  assert.equal(await page.inputValue('[data-testid=map-order_total]'), '支払額');
  assert.equal(await missing(page), '');
  // Leaving it without reading returns to the results shown before.
  await page.click('[data-testid=mapping-cancel]');
  await waitForFiles(page, [file]);
  assert.equal((await shownFigures(page)).orders, 6);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a known export is read at once, with the mapping screen only on request', async () => {
  const file = join(work, 'known.csv');
  writeFileSync(file, 'order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n2,2024-02-01,a@example.jp,800\n');
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  const shown = await shownFigures(page);
  assert.deepEqual([shown.customers, shown.orders, shown.revenue_minor], [1, 2, 2000]);
  assert.equal(await page.isVisible('[data-testid=mapping-remembered]'), false);
  await page.click('[data-testid=mapping-change]');
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.inputValue('[data-testid=map-email]'), 'email');
  assert.equal(await missing(page), '');
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('files of one drop keep their own columns: a known export and a mapped one are read together', async () => {
  const unknown = join(work, 'shop-orders-2.csv');
  writeFileSync(unknown, FIXTURE);
  const known = join(work, 'known-2.csv');
  writeFileSync(known, 'order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n2,2024-02-01,a@example.jp,800\n');
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [known, unknown]);
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.textContent('[data-testid=mapping-file]'), 'shop-orders-2.csv');
  await page.selectOption('[data-testid=map-order_id]', '伝票番号');
  await page.selectOption('[data-testid=map-order_date]', '受付日時');
  await page.selectOption('[data-testid=map-customer_id]', 'お客様番号');
  await page.selectOption('[data-testid=map-order_total]', '支払額');
  await page.click('[data-testid=mapping-apply]');
  await waitForFiles(page, [known, unknown]);
  // 1 customer with 2 orders (2,000) plus 4 customers with 6 orders (9,500).
  const shown = await shownFigures(page);
  assert.deepEqual([shown.customers, shown.orders, shown.revenue_minor, shown.rows_read], [5, 8, 11500, 8]);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
