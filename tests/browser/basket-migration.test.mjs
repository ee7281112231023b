// The basket (併売) and segment migration (効果推移) views: every figure they show and every CSV they save is
// what `kokyaku basket` and `kokyaku migration` give for the same file and parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, DIST, servedApp, recordedPage, foreignRequests, openTab, cliJson, download } from './harness.mjs';

const SAMPLE = join(DIST, 'sample/sample-orders-ec-cube.csv');
const work = mkdtempSync(join(tmpdir(), 'kokyaku-basket-'));
const app = servedApp();

const cliCsv = (...args) => execFileSync(CLI, [...args, '--csv'], { maxBuffer: 1 << 28 });

/** The rows of the pairs table as [product a key, product b key, lift]. */
const shownPairs = (page) => page.$$eval('[data-testid=basket-pairs] tbody tr',
  (rows) => rows.map((r) => [r.dataset.a, r.dataset.b, Number(r.cells[5].dataset.value)]));

test('basket: the top pairs, a product picked, first orders only and the CSV equal kokyaku basket', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  await openTab(page, 'basket');

  const cli = cliJson('basket', SAMPLE);
  assert.ok(cli.pairs.length > 10, 'the sample has pairs to show');
  const key = (i) => cli.products[i].key;
  const expected = cli.pairs.slice(0, 50).map((p) => [key(p.a), key(p.b), p.lift]);
  assert.deepEqual(await shownPairs(page), expected);
  assert.equal(await page.getAttribute('[data-testid=basket-counts]', 'data-orders'), String(cli.orders));

  // A product picked: only its pairs, strongest first, as the CLI lists them.
  const product = cli.pairs[0].a;
  await page.selectOption('[data-testid=basket-product]', String(product));
  const own = cli.pairs.filter((p) => p.a === product).slice(0, 50).map((p) => [key(p.a), key(p.b), p.lift]);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=basket-pairs] tbody tr').length === n, own.length);
  assert.deepEqual(await shownPairs(page), own);

  // First orders only, at least three orders: `--orders first --min-orders 3`.
  await page.selectOption('[data-testid=basket-scope]', 'first');
  await page.fill('[data-testid=basket-min-orders]', '3');
  await page.dispatchEvent('[data-testid=basket-min-orders]', 'change');
  const first = cliJson('basket', SAMPLE, '--orders', 'first', '--min-orders', '3');
  await page.waitForFunction((n) => document.querySelector('[data-testid=basket-counts]').dataset.orders === String(n), first.orders);
  const firstKey = (i) => first.products[i].key;
  assert.deepEqual(await shownPairs(page), first.pairs.slice(0, 50).map((p) => [firstKey(p.a), firstKey(p.b), p.lift]));
  const pairs = await download(page, '[data-testid=csv-basket-pairs]');
  assert.equal(pairs.name, 'basket-pairs.csv');
  assert.ok(pairs.bytes.equals(cliCsv('basket', SAMPLE, '--orders', 'first', '--min-orders', '3', '--lang', 'en')),
    'pairs CSV equals kokyaku basket --orders first --min-orders 3 --csv --lang en');
  const next = await download(page, '[data-testid=csv-basket-next]');
  assert.ok(next.bytes.equals(cliCsv('basket', SAMPLE, '--orders', 'first', '--min-orders', '3', '--sequence', '--lang', 'en')),
    'next products CSV equals kokyaku basket --sequence');

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The matrix as rows [from, to, customers] of its non-empty cells, in reading order. */
const shownMatrix = (page) => page.$$eval('[data-testid=migration-matrix] tbody tr', (rows) => rows.flatMap((r) =>
  [...r.querySelectorAll('td[data-to]')].filter((c) => c.dataset.value !== '0')
    .map((c) => [r.dataset.from, c.dataset.to, Number(c.dataset.value)])));

test('migration: the matrix, the flow, CPM groups and the CSV equal kokyaku migration; dates out of order are explained', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  await openTab(page, 'migration');

  // By default: from a quarter (90 days) before the as-of date to the as-of date.
  const asOf = cliJson('summary', SAMPLE).as_of;
  const day = (iso, days) => new Date(Date.parse(iso + 'T00:00:00Z') + days * 86400000).toISOString().slice(0, 10);
  assert.equal(await page.inputValue('[data-testid=migration-to]'), asOf);
  assert.equal(await page.inputValue('[data-testid=migration-from]'), day(asOf, -90));
  const rows = (m) => m.rows.map((r) => [r.from, r.to, r.customers]);
  const rfm = cliJson('migration', SAMPLE, '--from', day(asOf, -90), '--to', asOf);
  assert.ok(rfm.rows.length > 5);
  assert.deepEqual(await shownMatrix(page), rows(rfm));
  assert.equal(await page.getAttribute('[data-testid=migration-customers]', 'data-value'), String(rfm.customers));
  // One band per row of the table.
  assert.equal(await page.$$eval('[data-testid=migration-flow] path', (p) => p.length), rfm.rows.length);

  // CPM groups from a chosen date.
  await page.selectOption('[data-testid=migration-by]', 'cpm');
  await page.fill('[data-testid=migration-from]', day(asOf, -365));
  await page.dispatchEvent('[data-testid=migration-from]', 'change');
  const cpm = cliJson('migration', SAMPLE, '--from', day(asOf, -365), '--to', asOf, '--by', 'cpm');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=migration-flow] path').length === n, cpm.rows.length);
  assert.deepEqual(await shownMatrix(page), rows(cpm));
  const csv = await download(page, '[data-testid=csv-migration]');
  assert.ok(csv.bytes.equals(cliCsv('migration', SAMPLE, '--from', day(asOf, -365), '--to', asOf, '--by', 'cpm', '--lang', 'en')),
    'CSV equals kokyaku migration --by cpm --csv --lang en');
  const svg = await download(page, '[data-testid=svg-migration-flow]');
  assert.match(svg.bytes.toString('utf8'), /^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

  // The earlier date after the later one: the core's reason, no table.
  await page.fill('[data-testid=migration-from]', day(asOf, 10));
  await page.dispatchEvent('[data-testid=migration-from]', 'change');
  await page.waitForSelector('[data-testid=migration-error]');
  assert.match(await page.textContent('[data-testid=migration-error]'), /must be before/);
  assert.equal(await page.$('[data-testid=migration-matrix]'), null);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
