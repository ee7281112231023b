// A file without a header row in the page: the mapping screen proposes the switch "the first row is data, not
// headers", shows the columns by number with their first values, reads the file with its columns mapped by
// number (the same figures as `kokyaku summary --no-header --map ...`), and remembers that mapping apart from
// the mappings of header rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  servedApp, recordedPage, foreignRequests, cliSummary, shownFigures, waitForFiles,
} from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-headerless-'));

// No header row: order no, date, member id, e-mail, product, order total (repeated on each line of an order).
// Orders: 1001 (two lines, 1,500 once) and 1003 (700) of M1; 1002 (2,000) and 1005 (1,100) of M2; 1004
// (3,200) of M3. So 3 customers, 5 orders, 1,500 + 2,000 + 700 + 3,200 + 1,100 = 8,500 yen, 6 rows read.
const HEADERLESS = [
  '1001,2024-06-01,M1,taro@example.jp,SKU-A,1500',
  '1001,2024-06-01,M1,taro@example.jp,SKU-B,1500',
  '1002,2024-06-03,M2,hanako@example.jp,SKU-A,2000',
  '1003,2024-06-10,M1,taro@example.jp,SKU-C,700',
  '1004,2024-07-01,M3,jiro@example.jp,SKU-A,3200',
  '1005,2024-07-15,M2,hanako@example.jp,SKU-B,1100',
  '',
].join('\n');

// Six columns too, under a header row no preset knows: 2 customers (C1: A001 and A003, C2: A002), 3 orders,
// 1,000 + 2,000 + 1,500 = 4,500 yen.
const NAMED = [
  '伝票番号,受付日時,お客様番号,連絡先,品番,支払額',
  'A001,2024-03-01 10:00,C1,c1@example.jp,P1,1000',
  'A002,2024-03-05 11:00,C2,c2@example.jp,P2,2000',
  'A003,2024-04-01 09:30,C1,c1@example.jp,P1,1500',
  '',
].join('\n');

const app = servedApp();

const missing = (page) => page.getAttribute('[data-testid=mapping-missing]', 'data-missing');
const figures = (shown) => [shown.customers, shown.orders, shown.revenue_minor, shown.rows_read];

test('a file without a header row is mapped by column number, read as the CLI reads it, and remembered apart', async () => {
  const headerless = join(work, 'headerless.csv');
  writeFileSync(headerless, HEADERLESS);
  const named = join(work, 'shop.csv');
  writeFileSync(named, NAMED);
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);

  // A header-named file with six columns is mapped first, and its mapping remembered for its header row.
  await page.setInputFiles('[data-testid=file-input]', [named]);
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.isChecked('[data-testid=mapping-no-header]'), false);
  assert.equal(await page.isVisible('[data-testid=mapping-header-is-data]'), false);
  await page.selectOption('[data-testid=map-order_id]', '伝票番号');
  await page.selectOption('[data-testid=map-order_date]', '受付日時');
  await page.selectOption('[data-testid=map-customer_id]', 'お客様番号');
  await page.selectOption('[data-testid=map-order_total]', '支払額');
  await page.click('[data-testid=mapping-apply]');
  await waitForFiles(page, [named]);
  assert.deepEqual(figures(await shownFigures(page)), [2, 3, 4500, 3]);

  // The file without a header row is not read with that mapping: the screen shows its first row as the
  // header row it is not, and proposes the switch.
  await page.setInputFiles('[data-testid=file-input]', [headerless]);
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.textContent('[data-testid=mapping-file]'), 'headerless.csv');
  assert.equal(await page.isVisible('[data-testid=mapping-remembered]'), false);
  assert.equal(await missing(page), 'order_date,order_total,customer_id');
  assert.equal(await page.inputValue('[data-testid=map-order_date]'), '');
  assert.equal(await page.inputValue('[data-testid=map-order_total]'), '');
  await page.waitForSelector('[data-testid=mapping-header-is-data]');
  assert.equal(await page.isVisible('[data-testid=mapping-use-no-header]'), true);
  assert.deepEqual(await page.$$eval('[data-testid=mapping-preview] thead th', (th) => th.map((h) => h.textContent)),
    ['1001', '2024-06-01', 'M1', 'taro@example.jp', 'SKU-A', '1500']);

  // The switch: the first row becomes data, the columns are numbered with their first values.
  await page.check('[data-testid=mapping-no-header]');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=mapping-preview] thead th')?.textContent.match(/^(列1|Column 1)$/));
  const heads = await page.$$eval('[data-testid=mapping-preview] thead th', (th) => th.map((h) => h.textContent));
  assert.equal(heads.length, 6);
  assert.match(heads[5], /^(列6|Column 6)$/);
  const rows = await page.$$eval('[data-testid=mapping-preview] tbody tr', (trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0], ['1001', '2024-06-01', 'M1', 'taro@example.jp', 'SKU-A', '1500']);
  const options = await page.$$eval('[data-testid=map-email] option', (o) => o.map((x) => [x.value, x.textContent]));
  assert.deepEqual(options[0][0], '');
  assert.deepEqual(options.slice(1).map((o) => o[0]), ['1', '2', '3', '4', '5', '6']);
  assert.match(options[4][1], /^(列4（taro@example\.jp）|Column 4 \(taro@example\.jp\))$/);
  assert.equal(await page.isVisible('[data-testid=mapping-header-is-data]'), false);
  assert.equal(await missing(page), 'order_date,order_total,customer_id');

  // Mapped by number with the controls.
  await page.selectOption('[data-testid=map-order_id]', '1');
  await page.selectOption('[data-testid=map-order_date]', '2');
  await page.selectOption('[data-testid=map-customer_id]', '3');
  await page.selectOption('[data-testid=map-email]', '4');
  await page.selectOption('[data-testid=map-product_id]', '5');
  assert.equal(await missing(page), 'order_total');
  assert.equal(await page.isDisabled('[data-testid=mapping-apply]'), true);
  await page.selectOption('[data-testid=map-order_total]', '6');
  assert.equal(await missing(page), '');
  await page.click('[data-testid=mapping-apply]');

  await waitForFiles(page, [headerless]);
  const shown = await shownFigures(page);
  assert.deepEqual(figures(shown), [3, 5, 8500, 6]);
  assert.equal(shown.rows_rejected, 0);
  const cli = cliSummary(headerless, '--no-header', '--map', 'order_id=1', '--map', 'order_date=2',
    '--map', 'customer_id=3', '--map', 'email=4', '--map', 'product_id=5', '--map', 'order_total=6');
  assert.deepEqual(figures(shown), [cli.customers, cli.orders, cli.revenue_minor, cli.rows_read]);

  // After a reload both files of one drop (listed by name) are read at once, each with its own remembered
  // mapping: the header row's by name, the file without one by number.
  await page.reload();
  await page.setInputFiles('[data-testid=file-input]', [headerless, named]);
  await waitForFiles(page, [headerless, named]);
  await page.waitForSelector('[data-testid=mapping-remembered]');
  assert.deepEqual(figures(await shownFigures(page)), [2 + 3, 3 + 5, 4500 + 8500, 3 + 6]);

  // Changing the mapping opens on the file without a header row, switch on, its numbers chosen.
  await page.click('[data-testid=mapping-change]');
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.isChecked('[data-testid=mapping-no-header]'), true);
  assert.equal(await page.inputValue('[data-testid=map-order_total]'), '6');
  assert.equal(await page.inputValue('[data-testid=map-email]'), '4');
  assert.equal(await missing(page), '');
  await page.click('[data-testid=mapping-cancel]');
  await waitForFiles(page, [headerless, named]);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
