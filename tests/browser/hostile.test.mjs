// Hostile input in the page: customer keys and product names holding markup are shown as text, never run;
// the Content-Security-Policy allows no other host and no eval; the built JavaScript has no eval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, servedApp, recordedPage, foreignRequests, waitForFiles, openTab } from './harness.mjs';

const SCRIPT_NAMES = join(ROOT, 'tests/hostile/script-names.csv');
const KEY_SCRIPT = "<script>alert('key')</script>";
const KEY_IMG = "<img src=x onerror=alert('key')>";
const PRODUCT_SCRIPT = "<script>alert('product')</script>";
const PRODUCT_IMG = "<img src=x onerror=alert('product')>";

const work = mkdtempSync(join(tmpdir(), 'kokyaku-hostile-'));

const app = servedApp();

/** The directives of the CSP meta tag of an HTML file, as { name: [sources] }. */
function csp(file) {
  const html = readFileSync(file, 'utf8');
  const tags = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(tags.length, 1, `${file} has one CSP meta tag`);
  return Object.fromEntries(tags[0][1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

test('the CSP allows no other host, no eval and no inline script, in the source and the build', () => {
  for (const file of [join(ROOT, 'web/index.html'), join(DIST, 'index.html'), join(ROOT, 'web/embed-example/index.html'),
    join(DIST, 'embed-example/index.html')]) {
    const policy = csp(file);
    assert.deepEqual(policy['default-src'], ["'none'"], file);
    assert.deepEqual(policy['connect-src'], ["'self'"], file);
    assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"], file);
    // Workers only from blob: URLs, which take this policy; one from a file's URL would take none.
    assert.deepEqual(policy['worker-src'], ['blob:'], file);
    for (const [name, sources] of Object.entries(policy)) {
      for (const s of sources) {
        assert.ok(!["'unsafe-eval'", "'unsafe-inline'", '*'].includes(s), `${file}: ${name} ${s}`);
        assert.ok(!/^(https?:|wss?:|\/\/)/.test(s) && !s.includes('.'), `${file}: ${name} allows the host ${s}`);
      }
    }
  }
});

test('the built JavaScript never evaluates text as code', () => {
  const files = [
    ...readdirSync(DIST).filter((f) => f.endsWith('.js')).map((f) => join(DIST, f)),
    ...readdirSync(join(ROOT, 'pkg')).filter((f) => f.endsWith('.js')).map((f) => join(ROOT, 'pkg', f)),
  ];
  assert.deepEqual(files.map((f) => f.slice(ROOT.length + 1)).sort(),
    ['dist/boot.js', 'dist/kokyaku_web.js', 'dist/worker.js', 'pkg/kokyaku_wasm.js']);
  for (const file of files) {
    const js = readFileSync(file, 'utf8');
    for (const pattern of [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*['"`]/, /setTimeout\s*\(\s*['"`]/]) {
      assert.doesNotMatch(js, pattern, `${file} matches ${pattern}`);
    }
  }
});

test('markup in customer keys, product names and rejected cells is shown as text and never runs', async () => {
  // A second file whose bad amount holds markup: it reaches the page in the rejects table.
  const rejected = join(work, 'rejected-markup.csv');
  writeFileSync(rejected, 'order_id,order_date,customer_id,order_total,product_id,product_name\n'
    + '9,2024-03-01,<b>bold</b>,<img src=x onerror=alert(9)>,P9,Tea\n');
  const { page, requests, errors, context } = await recordedPage(app.browser);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [SCRIPT_NAMES, rejected]);
  await waitForFiles(page, [rejected, SCRIPT_NAMES]); // the page reads files in name order

  /** No element the files' text could have made, and the page's own single script. */
  const injected = () => page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src')),
    imgs: document.querySelectorAll('img').length,
    bold: document.querySelectorAll('b').length,
    onerror: document.querySelectorAll('[onerror]').length,
  }));
  const clean = { scripts: ['boot.js'], imgs: 0, bold: 0, onerror: 0 };
  const text = (selector) => page.textContent(selector);

  assert.deepEqual(await injected(), clean);
  await openTab(page, 'summary');
  assert.ok((await text('[data-testid=rejects]')).includes("cannot read '<img src=x onerror=alert(9)>' as an amount"));

  await page.click('[data-testid=tab-rfm]');
  await page.waitForSelector('[data-testid=rfm-customers] tbody tr');
  const keys = await page.$$eval('[data-testid=rfm-customers] tbody td:first-child', (c) => c.map((x) => x.textContent));
  assert.deepEqual(keys.sort(), [KEY_IMG, KEY_SCRIPT].sort());
  assert.deepEqual(await injected(), clean);

  await page.click('[data-testid=tab-repeat]');
  await page.waitForSelector('[data-testid=product-conversion] tbody tr');
  const products = await page.$$eval('[data-testid=product-conversion] tbody td:first-child', (c) => c.map((x) => x.textContent));
  assert.deepEqual(products.sort(), [`${PRODUCT_IMG} (P2)`, `${PRODUCT_SCRIPT} (P1)`].sort());
  assert.deepEqual(await injected(), clean);

  await page.click('[data-testid=tab-segments]');
  await page.waitForSelector('[data-testid=seg-preview]');
  const preview = await text('[data-testid=seg-preview]');
  assert.ok(preview.includes(KEY_SCRIPT) && preview.includes(KEY_IMG), preview);
  assert.deepEqual(await injected(), clean);

  for (const tab of ['cpm', 'cohorts', 'history', 'summary']) {
    await page.click(`[data-testid=tab-${tab}]`);
    assert.deepEqual(await injected(), clean, tab);
  }
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.ok(!requests.some((u) => new URL(u).pathname === '/x'), 'no injected image was fetched');
  await context.close();
});
