// One order is one order in the page and the JS API as in the CLI: an order id another store reuses is
// another order, a re-export counts once, rows that disagree are noted, and refunds are not purchases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  servedApp, recordedPage, foreignRequests, cliSummary, shownFigures, expectedFigures, waitForFiles,
} from './harness.mjs';

const app = servedApp();
const work = mkdtempSync(join(tmpdir(), 'kokyaku-orders-'));

// Worked out by hand (crates/core/tests/orders.rs has the same stores): store A's #1113 (customer 10, ¥1,000)
// and store B's #1113 (customer 20, ¥5,000, another date) are two orders; #1114 is in both with the same date
// and customer, counted once as A had it (¥2,000; B's ¥2,100 is a noted conflict). Customer 11 returns ¥500
// of #1114 in B's credit note R1: one purchase of ¥1,500.
const STORE_A = 'order_id,order_date,customer_id,order_total\n'
  + '#1113,2024-01-05,10,1000\n'
  + '#1114,2024-01-06,11,2000\n';
const STORE_B = 'order_id,order_date,customer_id,order_total\n'
  + '#1113,2024-02-10,20,5000\n'
  + '#1114,2024-01-06,11,2100\n'
  + 'R1,2024-02-12,11,-500\n';

test('the page, the JS API and the CLI read reused ids, re-exports and refunds alike and say so', async () => {
  const a = join(work, 'store-a.csv');
  const b = join(work, 'store-b.csv');
  writeFileSync(a, STORE_A);
  writeFileSync(b, STORE_B);
  const cli = cliSummary(a, b);
  assert.deepEqual([cli.customers, cli.orders, cli.revenue_minor, cli.duplicate_orders], [3, 3, 7500, 1]);
  const checks = cli.order_checks;
  assert.deepEqual([checks.reused_ids, checks.conflicts, checks.refunds_netted, checks.refunds_netted_minor],
    [1, 1, 1, 500]);
  assert.equal(cli.order_notes.length, 3);

  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [a, b]);
  await waitForFiles(page, [a, b]);
  assert.deepEqual(await shownFigures(page), expectedFigures(cli));
  // The CLI names files by the path it was given, the page and the API by the file's name.
  const named = (notes) => notes.map((n) => n.replaceAll(`${work}/`, ''));
  const shownNotes = await page.$$eval('[data-testid=order-note]', (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(shownNotes, named(cli.order_notes));

  const api = await page.evaluate(async ([first, second]) => {
    const { default: init, Analyzer } = await import('./embed-example/kokyaku/kokyaku_wasm.js');
    await init();
    const analyzer = new Analyzer({});
    for (const [name, text] of [['store-a.csv', first], ['store-b.csv', second]]) {
      analyzer.beginFile(name);
      analyzer.push(new TextEncoder().encode(text));
      analyzer.endFile();
    }
    analyzer.finish();
    const s = analyzer.summary();
    analyzer.free();
    return s;
  }, [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]);
  assert.deepEqual(expectedFigures(api), expectedFigures(cli));
  assert.deepEqual(api.order_notes, named(cli.order_notes));
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page lists the statuses and reads the files again with the ones the user counts', async () => {
  // paid ¥1,000 and ¥600 count; pending ¥2,000 (no payment taken) counts once the user says so.
  const file = join(work, 'statuses.csv');
  writeFileSync(file, 'order_id,order_date,email,order_total,status\n1,2024-01-05,a@x.jp,1000,paid\n'
    + '2,2024-01-06,b@x.jp,2000,pending\n3,2024-01-07,c@x.jp,3000,refunded\n4,2024-01-08,d@x.jp,600,paid\n');
  const before = cliSummary(file);
  const after = cliSummary(file, '--include-status', 'pending');
  assert.deepEqual([before.orders, before.revenue_minor, after.orders, after.revenue_minor], [2, 1600, 3, 3600]);

  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  assert.deepEqual(await shownFigures(page), expectedFigures(before));
  const rows = () => page.$$eval('[data-testid=status]', (trs) => trs.map((tr) => [tr.dataset.status,
    tr.dataset.counts, tr.querySelector('td.num').textContent]));
  assert.deepEqual(await rows(), [['paid', 'true', '2'], ['pending', 'false', '1'], ['refunded', 'false', '1']]);
  await page.click('[data-testid=status][data-status=pending] [data-testid=status-toggle]');
  await page.waitForFunction(() => document.querySelector('[data-testid=orders]')?.dataset.value === '3');
  assert.deepEqual(await shownFigures(page), expectedFigures(after));
  assert.deepEqual((await rows())[1], ['pending', 'true', '1']);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
