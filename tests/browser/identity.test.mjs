// One customer is one customer in the page and the JS API as in the CLI: a guest order joins the member with
// the same e-mail or phone, placeholders are no key, and the quality report says what was linked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  servedApp, recordedPage, foreignRequests, cliSummary, shownFigures, expectedFigures, waitForFiles,
} from './harness.mjs';

const app = servedApp();
const work = mkdtempSync(join(tmpdir(), 'kokyaku-identity-'));

// Worked out by hand (crates/core/tests/identity.rs has the same shop): member 7 has orders 1-4 (¥6,500;
// orders 1 and 4 were guest orders with member 7's e-mail and phone), jiro@ orders 5 and 8 (¥800, member id 0
// is a placeholder; order 8's address is cleaned), saburo@ order 6 (¥800); order 7 has no usable key.
const SHOP = 'order_id,order_date,customer_id,email,phone,order_total\n'
  + '1,2024-01-05,,hanako@example.jp,,1000\n'
  + '2,2024-02-01,7,hanako@example.jp,090-1111-2222,2000\n'
  + '3,2024-03-01,7,,,3000\n'
  + '4,2024-03-05,,taro@example.jp,+81 90 1111 2222,500\n'
  + '5,2024-03-06,0,jiro@example.jp,,700\n'
  + '6,2024-03-07,0,saburo@example.jp,,800\n'
  + '7,2024-03-08,-,N/A,0000000000,900\n'
  + '8,2024-03-09,,MAILTO:Jiro@Example.jp\u200B,,100\n';

test('the page, the JS API and the CLI link guests to members alike and say so', async () => {
  const file = join(work, 'guests-and-members.csv');
  writeFileSync(file, SHOP);
  const cli = cliSummary(file);
  assert.deepEqual([cli.customers, cli.orders, cli.revenue_minor, cli.orders_without_customer], [3, 7, 8100, 1]);
  assert.deepEqual([cli.keys.linked, cli.keys.placeholder_cells, cli.keys.normalised_rows], [2, 5, 1]);

  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  assert.deepEqual(await shownFigures(page), expectedFigures(cli));
  const shownNotes = await page.$$eval('[data-testid=key-note]', (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(shownNotes, cli.key_notes);

  const api = await page.evaluate(async (text) => {
    const { default: init, Analyzer } = await import('./embed-example/kokyaku/kokyaku_wasm.js');
    await init();
    const a = Analyzer.fromCsv(text, {}, 'guests-and-members.csv');
    const s = a.summary();
    const keys = Array.from(a.customerKeys());
    a.free();
    return { s, keys };
  }, readFileSync(file, 'utf8'));
  assert.deepEqual(expectedFigures(api.s), expectedFigures(cli));
  assert.deepEqual(api.s.keys, cli.keys);
  assert.deepEqual(api.s.key_notes, cli.key_notes);
  assert.deepEqual(api.keys.sort(), ['7', 'jiro@example.jp', 'saburo@example.jp']);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
