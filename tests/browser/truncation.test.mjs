// Files cut off anywhere (a download that stopped early): the JS API reads every cut of a small export in
// UTF-8 and in Shift_JIS up to its last complete row, rejects the cut row and marks the file; the page shows
// the same figures as the CLI for cut files, one of them cut past the reading worker's 4 MiB slice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, servedApp, recordedPage, foreignRequests, cliSummary, shownFigures, expectedFigures, waitForFiles,
} from './harness.mjs';

const app = servedApp();
const work = mkdtempSync(join(tmpdir(), 'kokyaku-cut-'));

/** Product names with their UTF-8 and Shift_JIS (CP932) bytes. */
const NAMES = [
  ['抹茶', [0x96, 0x95, 0x92, 0x83]],
  ['ｺｰﾋｰ豆', [0xba, 0xb0, 0xcb, 0xb0, 0x93, 0xa4]],
  ['紅茶 50g', [0x8d, 0x67, 0x92, 0x83, 0x20, 0x35, 0x30, 0x67]],
];

/**
 * A small export in one encoding: its bytes, and for each row its total and where it reads as whole (just past
 * its last comma, which leaves an empty last field, and from its closing quote on).
 */
function smallExport(shiftJis) {
  const ascii = (s) => [...Buffer.from(s, 'latin1')];
  const bytes = ascii('order_id,order_date,email,order_total,product_name\r\n');
  const headerEnd = bytes.length;
  const rows = [];
  for (let id = 1; id <= 9; id++) {
    const total = 400 + id * 123;
    bytes.push(...ascii(`${id},2024-03-${String(id + 10)},c${id % 4}@example.jp,${total},`));
    const lastComma = bytes.length;
    const [name, sjis] = NAMES[id % NAMES.length];
    bytes.push(0x22, ...(shiftJis ? sjis : [...Buffer.from(name, 'utf8')]), 0x22);
    rows.push({ total, lastComma, quote: bytes.length });
    bytes.push(0x0d, 0x0a);
  }
  return { bytes, rows, headerEnd };
}

test('the JS API reads every cut of a small export up to its last whole row, in UTF-8 and Shift_JIS', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  for (const shiftJis of [false, true]) {
    const { bytes, rows, headerEnd } = smallExport(shiftJis);
    const got = await page.evaluate(async (bytes) => {
      const { default: init, Analyzer } = await import('./embed-example/kokyaku/kokyaku_wasm.js');
      await init();
      const out = [];
      for (let cut = 0; cut <= bytes.length; cut++) {
        try {
          const a = Analyzer.fromCsv(new Uint8Array(bytes.slice(0, cut)), {}, 'cut.csv');
          const s = a.summary();
          a.free();
          out.push({ orders: s.orders, revenue: s.revenue_minor, rejected: s.rows_rejected,
            cut: s.files[0].cut_at_line, lines: s.rejects.map((r) => r.line) });
        } catch (e) {
          out.push({ error: String(e.message ?? e) });
        }
      }
      return out;
    }, bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const at = `${shiftJis ? 'Shift_JIS' : 'UTF-8'}, cut at ${cut}`;
      if (cut < headerEnd) {
        // The header row cut: an error, or a header without rows.
        assert.ok(got[cut].error !== undefined || got[cut].orders === 0, at);
        continue;
      }
      const whole = rows.filter((r) => r.quote <= cut || r.lastComma === cut);
      const next = whole.length;
      const start = next === 0 ? headerEnd : rows[next - 1].quote + 2;
      const inside = next < rows.length && cut > start;
      assert.deepEqual(got[cut], {
        orders: whole.length,
        revenue: whole.reduce((sum, r) => sum + r.total, 0),
        rejected: inside ? 1 : 0,
        cut: inside ? next + 2 : null,
        lines: inside ? [next + 2] : [],
      }, at);
    }
  }
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page shows the CLI\'s figures and the cut-off note for cut files, one cut past a 4 MiB slice', async () => {
  // 5 MB of UTF-8 rows, cut inside the last row's ー (the page's reading worker reads 4 MiB slices).
  const rows = [];
  for (let i = 1; i <= 100000; i++) {
    rows.push(`${i},2024-05-${String(i % 28 + 1).padStart(2, '0')},m${i % 900}@example.jp,${1000 + i % 500},コーヒー豆\n`);
  }
  const text = 'order_id,order_date,email,order_total,product_name\n' + rows.join('') + '100001,2024-06-01,m1@example.jp,1000,コー';
  const big = join(work, 'cut-big.csv');
  const encoded = Buffer.from(text, 'utf8');
  writeFileSync(big, encoded.subarray(0, encoded.length - 2));
  assert.ok(readFileSync(big).length > 4 * 1024 * 1024);

  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  for (const file of [join(ROOT, 'tests/hostile/cut-shift-jis.csv'), join(ROOT, 'tests/hostile/cut-utf-8.csv'), big]) {
    await page.setInputFiles('[data-testid=file-input]', [file]);
    await waitForFiles(page, [file]);
    const cli = cliSummary(file);
    assert.deepEqual(await shownFigures(page), expectedFigures(cli), file);
    assert.equal(cli.rows_rejected, 1, file);
    const line = cli.files[0].cut_at_line;
    assert.ok(line > 1, file);
    assert.match(await page.textContent('[data-testid=quality]'), new RegExp(`The file looks cut off: it ends in the middle of line ${line}`));
  }
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
