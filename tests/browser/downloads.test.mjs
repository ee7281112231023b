// Downloads from the page: every analysis table's CSV is byte for byte the CLI's `--csv` for the same file
// and parameters: with `--lang` as the page's language, or with ids when the toolbar asks for them. Charts are
// saved as SVG (a parseable SVG document) and PNG (a PNG image).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, DIST, servedApp, recordedPage, foreignRequests, openTab, download } from './harness.mjs';

const SAMPLE = join(DIST, 'sample/sample-orders-ec-cube.csv');

const app = servedApp();

const cliCsv = (...args) => execFileSync(CLI, [...args, '--csv'], { maxBuffer: 1 << 28 });

test('table CSVs equal the CLI --csv bytes, charts download as SVG and PNG', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');

  await openTab(page, 'rfm');
  const rfm = await download(page, '[data-testid=csv-rfm-customers]');
  assert.equal(rfm.name, 'rfm-customers.csv');
  assert.deepEqual([...rfm.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  assert.ok(rfm.bytes.length > 10000);
  // The page is in English: headings and segment names in English, as `--lang en` writes them.
  assert.ok(rfm.bytes.equals(cliCsv('rfm', SAMPLE, '--lang', 'en')), 'RFM per customer equals kokyaku rfm --csv --lang en');
  assert.match(rfm.bytes.toString('utf8'), /^\uFEFFCustomer key,Days since last order,Orders,Spend \(M\),R score,F score,M score,Segment\r\n/);
  const grid = (await download(page, '[data-testid=csv-rfm-grid]')).bytes.toString('utf8');
  assert.match(grid, /^\uFEFFR score,F1,F2,F3,F4,F5\r\n5,/);

  // Ids for tools: the CLI's default.
  await page.check('[data-testid=csv-ids]');
  assert.ok((await download(page, '[data-testid=csv-rfm-customers]')).bytes.equals(cliCsv('rfm', SAMPLE)), 'ids equal kokyaku rfm --csv');

  // With a changed parameter, the same parameter on the command line.
  await openTab(page, 'cpm');
  await page.fill('[data-testid=cpm-lapse]', '180');
  await page.dispatchEvent('[data-testid=cpm-lapse]', 'change');
  await page.waitForFunction(() => document.querySelector('[data-testid=cpm-lapse]').value === '180');
  const cpm = await download(page, '[data-testid=csv-cpm-customers]');
  assert.ok(cpm.bytes.equals(cliCsv('cpm', SAMPLE, '--lapse-days', '180')), 'CPM equals kokyaku cpm --lapse-days 180 --csv');

  await openTab(page, 'cohorts');
  const cohorts = await download(page, '[data-testid=csv-cohorts]');
  assert.ok(cohorts.bytes.equals(cliCsv('cohorts', SAMPLE)), 'cohorts equal kokyaku cohorts --csv');

  const svg = await download(page, '[data-testid=svg-retention-chart]');
  assert.equal(svg.name, 'cohort-retention.svg');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      errors: doc.getElementsByTagName('parsererror').length,
      lines: doc.getElementsByTagName('polyline').length,
    };
  }, svg.bytes.toString('utf8'));
  assert.deepEqual({ ...parsed, lines: parsed.lines > 0 },
    { root: 'svg', ns: 'http://www.w3.org/2000/svg', errors: 0, lines: true });

  const png = await download(page, '[data-testid=png-retention-chart]');
  assert.equal(png.name, 'cohort-retention.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  // IHDR: twice the chart's 640 × 240 viewBox.
  assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [1280, 480]);

  await openTab(page, 'repeat');
  const f2 = await download(page, '[data-testid=csv-f2]');
  assert.ok(f2.bytes.equals(cliCsv('repeat', SAMPLE)), 'F2 equals kokyaku repeat --csv');
  const histogram = await download(page, '[data-testid=png-days-to-second]');
  assert.equal(histogram.bytes.subarray(1, 4).toString('latin1'), 'PNG');

  await openTab(page, 'history');
  const history = await download(page, '[data-testid=csv-ltv-overall]');
  assert.ok(history.bytes.equals(cliCsv('history', SAMPLE)), 'historical LTV equals kokyaku history --csv');

  // In Japanese: headings and segment names in Japanese, as `--lang ja` writes them.
  await page.uncheck('[data-testid=csv-ids]');
  await page.click('[data-testid=lang]');
  await page.waitForFunction(() => document.querySelector('main').getAttribute('lang') === 'ja');
  await openTab(page, 'rfm');
  const ja = (await download(page, '[data-testid=csv-rfm-customers]')).bytes;
  assert.ok(ja.equals(cliCsv('rfm', SAMPLE, '--lang', 'ja')), 'RFM per customer equals kokyaku rfm --csv --lang ja');
  assert.match(ja.toString('utf8'), /^\uFEFF顧客キー,最終購入からの日数,購入回数,購入額（M）,Rスコア,Fスコア,Mスコア,セグメント\r\n/);
  assert.match(ja.toString('utf8'), /,休眠顧客\r\n/);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
