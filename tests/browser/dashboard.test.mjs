// The dashboard, the first view after files are read: its key figures, monthly series and distributions equal
// `kokyaku dashboard --json` for the same file, its downloads the CLI's `--csv` bytes; on a small shop its
// figures are the hand-computed ones for a chosen as-of date; and each link opens its full view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLI, DIST, servedApp, recordedPage, foreignRequests, cliJson, waitForFiles, download as saveDownload,
} from './harness.mjs';

const SAMPLE = join(DIST, 'sample/sample-orders-ec-cube.csv');
const work = mkdtempSync(join(tmpdir(), 'kokyaku-dashboard-'));

const app = servedApp();

/** The bytes of the download `selector` starts. */
const download = async (page, selector) => (await saveDownload(page, selector)).bytes;

/** The marks of a chart: `{series: {month: value}}`, from their data attributes. */
const marks = (page, chart) => page.$$eval(`[data-testid=${chart}] [data-series]`, (all) => {
  const out = {};
  for (const m of all) (out[m.dataset.series] ??= {})[m.dataset.month] = Number(m.dataset.value);
  return out;
});

/** `{month: value}` of the months where `value` is not null. */
const byMonth = (months, value) => Object.fromEntries(months.filter((m) => value(m) !== null).map((m) => [m.month, value(m)]));

/** The page's value of a data attribute as a number, `null` when empty. */
const number = (text) => (text === '' || text === null ? null : Number(text));

test('after the sample is read the dashboard is the first view, with the CLI\'s figures and bytes', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  assert.equal(await page.getAttribute('[role=tab][aria-selected=true]', 'data-testid'), 'tab-dashboard');

  const cli = cliJson('dashboard', SAMPLE);
  const k = cli.kpis;
  assert.equal(await page.getAttribute('[data-testid=dashboard]', 'data-month'), k.month);
  const cards = {
    'kpi-active': k.active_customers, 'kpi-new': k.new_customers, 'kpi-orders': k.orders,
    'kpi-revenue': k.revenue_minor, 'kpi-aov': k.average_order_value_minor, 'kpi-repeat': k.repeat_share,
  };
  for (const [id, figure] of Object.entries(cards)) {
    const shown = await page.$eval(`[data-testid=${id}]`, (card, id) => ({
      value: card.dataset.value,
      change: card.querySelector(`[data-testid=${id}-change]`).dataset.value,
      year: card.querySelector(`[data-testid=${id}-year]`).dataset.value,
    }), id);
    assert.deepEqual([number(shown.value), number(shown.change), number(shown.year)],
      [figure.value, figure.change, figure.change_vs_year_ago], id);
  }
  // JPY: the revenue chart's values (currency units) are the minor units.
  const lang = await page.getAttribute('main', 'lang');
  const names = lang === 'ja'
    ? { new: '新規顧客', repeat: '既存顧客', active: '購入顧客', f2: 'F2転換率' }
    : { new: 'New customers', repeat: 'Repeat customers', active: 'Active customers', f2: 'F2 rate' };
  const revenue = await marks(page, 'dashboard-revenue');
  assert.deepEqual(revenue[names.new], byMonth(cli.months, (m) => m.new_revenue_minor));
  assert.deepEqual(revenue[names.repeat], byMonth(cli.months, (m) => m.repeat_revenue_minor));
  const customers = await marks(page, 'dashboard-customers');
  assert.deepEqual(customers[names.active], byMonth(cli.months, (m) => m.active_customers));
  assert.deepEqual(customers[names.new], byMonth(cli.months, (m) => m.new_customers));
  const f2 = await marks(page, 'dashboard-f2');
  assert.deepEqual(f2[names.f2], byMonth(cli.months, (m) => m.f2_rate));
  assert.ok(Object.keys(f2[names.f2]).length > 6, 'the sample has F2 rates to show');
  const groups = (chart) => page.$$eval(`[data-testid=${chart}] [data-group]`, (all) =>
    Object.fromEntries(all.map((g) => [g.dataset.group, Number(g.dataset.value)])));
  assert.deepEqual(await groups('dashboard-rfm'), Object.fromEntries(cli.rfm_segments.map((s) => [s.segment, s.customers])));
  assert.deepEqual(await groups('dashboard-cpm'), Object.fromEntries(cli.cpm_groups.map((g) => [g.group, g.customers])));

  // The sample has rows that cannot be read: the dashboard says how many, as the summary's report counts them.
  assert.equal(number(await page.getAttribute('[data-testid=dashboard-rejected]', 'data-value')),
    cliJson('summary', SAMPLE).rows_rejected);
  // The page is in English: its tables are the CLI's with --lang en.
  const cliCsv = (...args) => execFileSync(CLI, ['dashboard', SAMPLE, ...args, '--csv', '--lang', 'en']);
  assert.ok((await download(page, '[data-testid=csv-dashboard-months]')).equals(cliCsv()), 'months equal kokyaku dashboard --csv --lang en');
  assert.ok((await download(page, '[data-testid=csv-dashboard-kpis]')).equals(cliCsv('--table', 'kpis')),
    'key figures equal kokyaku dashboard --csv --table kpis --lang en');
  const png = await download(page, '[data-testid=png-dashboard-revenue]');
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

// a: 2024-01-10 ¥1,000, 2024-02-05 ¥2,000; b: 2024-02-20 ¥500; c: 2023-02-01 ¥300, 2024-02-25 ¥400.
const SHOP = 'order_id,order_date,email,order_total\n1,2024-01-10,a@x.jp,1000\n2,2024-02-05,a@x.jp,2000\n'
  + '3,2024-02-20,b@x.jp,500\n4,2023-02-01,c@x.jp,300\n5,2024-02-25,c@x.jp,400\n';

test('a small shop: the hand-computed month for a chosen as-of date, and links to the full views', async () => {
  const { page, errors, context } = await recordedPage(app.browser);
  const file = join(work, 'shop.csv');
  writeFileSync(file, SHOP);
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  // As of 2024-03-10 February is the last complete month: a and c back (2,000 + 400), b new (500). January:
  // a new (1,000). February 2023: c new (300).
  await page.fill('[data-testid=as-of]', '2024-03-10');
  await page.dispatchEvent('[data-testid=as-of]', 'change');
  await page.waitForFunction(() => document.querySelector('[data-testid=dashboard]')?.dataset.month === '2024-02');
  const value = (id) => page.getAttribute(`[data-testid=${id}]`, 'data-value');
  assert.deepEqual(
    await Promise.all(['kpi-active', 'kpi-active-change', 'kpi-active-year', 'kpi-new', 'kpi-revenue',
      'kpi-revenue-change', 'kpi-revenue-year'].map(value)),
    ['3', '2', '2', '1', '2900', '1.9', '8.666666666666666']);
  // 2,900 / 3 against 1,000; returning 2 of 3 active against 0 of 1 (points).
  assert.ok(Math.abs(Number(await value('kpi-aov')) - 2900 / 3) < 1e-9);
  assert.ok(Math.abs(Number(await value('kpi-repeat-change')) - 2 / 3) < 1e-12);
  const text = (id) => page.textContent(`[data-testid=${id}] .arrow`);
  assert.equal(await text('kpi-revenue-change'), '▲ 190.0%');
  assert.equal(await text('kpi-aov-change'), '▼ 3.3%');
  assert.equal(await text('kpi-new-change'), '± 0.0%');
  assert.equal(await text('kpi-repeat-change'), '▲ 66.7 pt');
  assert.equal(await page.locator('[data-testid=dashboard-rejected]').count(), 0, 'every row was read');
  // The CLI agrees for the same as-of date.
  const cli = cliJson('dashboard', file, '--as-of', '2024-03-10');
  assert.equal(cli.kpis.revenue_minor.value, 2900);

  for (const [tab, view] of [['rfm', 'rfm'], ['cpm', 'cpm'], ['cohorts', 'cohorts'], ['repeat', 'repeat'],
    ['summary', 'summary']]) {
    await page.click('[data-testid=tab-dashboard]');
    await page.locator(`[data-testid=open-${tab}]`).first().click();
    await page.waitForSelector(`[data-testid=${view}]`);
    assert.equal(await page.getAttribute(`[data-testid=tab-${tab}]`, 'aria-selected'), 'true', tab);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), `tab-${tab}`, 'focus follows');
    // The view keeps the as-of date.
    assert.equal(await page.inputValue('[data-testid=as-of]'), '2024-03-10');
  }
  assert.deepEqual(errors, []);
  await context.close();
});
