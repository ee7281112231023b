// The analysis views of the built page show the same numbers as the CLI for the same file, and follow the
// as-of date without re-reading the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DIST, servedApp, recordedPage, foreignRequests, cliJson } from './harness.mjs';

const SAMPLE = join(DIST, 'sample/sample-orders-ec-cube.csv');

const app = servedApp();

/** Opens the page with the sample loaded, on the given tab. */
async function sampleOn(tab) {
  const recorded = await recordedPage(app.browser);
  await recorded.page.goto(app.server.url);
  await recorded.page.click('[data-testid=sample]');
  // The dashboard is the first view after the file is read.
  await recorded.page.waitForSelector('[data-testid=dashboard]');
  await recorded.page.click(`[data-testid=tab-${tab}]`);
  return recorded;
}

async function setAsOf(page, day) {
  await page.fill('[data-testid=as-of]', day);
  await page.dispatchEvent('[data-testid=as-of]', 'change');
  await page.waitForFunction((d) => document.querySelector('[data-testid=as-of]').value === d, day);
}

test('RFM: the grid and segment counts equal the CLI, for the default and a chosen as-of date', async () => {
  const { page, requests, errors, context } = await sampleOn('rfm');
  const shownGrid = () => page.$$eval('[data-testid=rfm-grid] td', (cells) =>
    Object.fromEntries(cells.map((c) => [c.dataset.testid, Number(c.dataset.value)])));
  const cliGrid = (rfm) => Object.fromEntries(rfm.grid.flatMap((row, r) =>
    row.map((n, f) => [`rfm-r${r + 1}-f${f + 1}`, n])));
  const shownSegments = () => page.$$eval('[data-testid=rfm-segments] tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.segment, Number(r.children[1].dataset.value)])));

  const cli = cliJson('rfm', SAMPLE);
  assert.deepEqual(await shownGrid(), cliGrid(cli));
  assert.deepEqual(await shownSegments(), Object.fromEntries(cli.segments.map((s) => [s.segment, s.customers])));

  await setAsOf(page, '2025-06-30');
  await page.waitForFunction(() => document.querySelector('[data-testid=rfm] .as-of').textContent.includes('2025'));
  assert.deepEqual(await shownGrid(), cliGrid(cliJson('rfm', SAMPLE, '--as-of', '2025-06-30')));

  // Changed scoring parameters recompute the grid exactly as the CLI does with the same parameters.
  // Fixed R thresholds start at 30, 90, 180 and 365 days; the second is then typed as 60.
  await page.selectOption('[data-testid=rfm-r-mode]', 'fixed');
  await page.waitForSelector('[data-testid=rfm-r-t2]');
  assert.equal(await page.inputValue('[data-testid=rfm-r-t4]'), '365');
  await page.fill('[data-testid=rfm-r-t2]', '60');
  await page.dispatchEvent('[data-testid=rfm-r-t2]', 'change');
  await page.selectOption('[data-testid=rfm-f-mode]', 'quantile');
  assert.equal(await page.$('[data-testid=rfm-f-t1]'), null, 'quantiles have no thresholds');
  // A threshold out of order is refused with the core's reason, and the grid keeps the last valid one.
  await page.fill('[data-testid=rfm-r-t3]', '10');
  await page.dispatchEvent('[data-testid=rfm-r-t3]', 'change');
  assert.match(await page.$eval('[data-testid=rfm-r-t3]', (i) => i.validationMessage), /ascending|昇順/);
  await page.fill('[data-testid=rfm-r-t3]', '180');
  await page.dispatchEvent('[data-testid=rfm-r-t3]', 'change');
  const tuned = cliJson('rfm', SAMPLE, '--as-of', '2025-06-30', '--r-scoring', '30,60,180,365', '--f-scoring', 'quantile');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=rfm-r5-f1]').dataset.value) === n,
    tuned.grid[4][0]);
  assert.deepEqual(await shownGrid(), cliGrid(tuned));

  await page.fill('[data-testid=rfm-search]', 'example');
  const keys = await page.$$eval('[data-testid=rfm-customers] tbody td:first-child', (c) => c.map((x) => x.textContent));
  assert.ok(keys.length > 0 && keys.every((k) => k.includes('example')), JSON.stringify(keys.slice(0, 3)));
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('CPM: the portfolio grid equals the CLI, also with changed thresholds', async () => {
  const { page, context } = await sampleOn('cpm');
  const shown = () => page.$$eval('[data-testid=cpm-grid] td', (cells) =>
    Object.fromEntries(cells.map((c) => [c.dataset.testid.slice(4), Number(c.dataset.value)])));
  const expected = (cpm) => Object.fromEntries(cpm.groups.map((g) => [g.group, g.customers]));
  assert.deepEqual(await shown(), expected(cliJson('cpm', SAMPLE)));
  await page.fill('[data-testid=cpm-value]', '30000');
  await page.dispatchEvent('[data-testid=cpm-value]', 'change');
  await page.fill('[data-testid=cpm-lapse]', '180');
  await page.dispatchEvent('[data-testid=cpm-lapse]', 'change');
  const tuned = expected(cliJson('cpm', SAMPLE, '--value-threshold', '30000', '--lapse-days', '180'));
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=cpm-loyal_active]').dataset.value) === n,
    tuned.loyal_active);
  assert.deepEqual(await shown(), tuned);
  await context.close();
});

test('Cohorts: every retention cell equals the CLI, monthly and weekly', async () => {
  const { page, context } = await sampleOn('cohorts');
  const shown = () => page.$$eval('[data-testid=cohort-table] td.cell', (cells) =>
    Object.fromEntries(cells.map((c) => [c.dataset.testid, Number(c.dataset.value)])));
  const expected = (c) => Object.fromEntries(c.rows.map((r) => [`cohort-${r.cohort}-${r.period}`, r.retention]));
  assert.deepEqual(await shown(), expected(cliJson('cohorts', SAMPLE)));
  const incomplete = await page.$$eval('[data-testid=cohort-table] td.incomplete', (c) => c.length);
  assert.equal(incomplete, cliJson('cohorts', SAMPLE).rows.filter((r) => !r.complete).length);
  await page.selectOption('[data-testid=cohort-granularity]', 'week');
  const weekly = expected(cliJson('cohorts', SAMPLE, '--granularity', 'week'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=cohort-table] td.cell').length === n,
    Object.keys(weekly).length);
  assert.deepEqual(await shown(), weekly);
  assert.equal(await page.$$eval('[data-testid=retention-chart] polyline', (l) => l.length) > 0, true);
  await context.close();
});

test('Repeat and historical LTV: F2 rates, median days to second purchase and LTV equal the CLI', async () => {
  const { page, context } = await sampleOn('repeat');
  const repeat = cliJson('repeat', SAMPLE);
  const rates = await page.$$eval('[data-testid=f2] tbody tr', (rows) =>
    rows.map((r) => [Number(r.dataset.window), r.children[3].dataset.value]));
  assert.deepEqual(rates, repeat.f2.map((f) => [f.window_days, f.rate === null ? '' : String(f.rate)]));
  assert.equal(await page.getAttribute('[data-testid=days-to-second]', 'data-median'),
    String(repeat.days_to_second.median_days));

  await page.fill('[data-testid=f2-windows]', '7,45');
  await page.dispatchEvent('[data-testid=f2-windows]', 'change');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=f2] tbody tr').length === 2);
  const tuned = cliJson('repeat', SAMPLE, '--windows', '7,45');
  assert.deepEqual(await page.$$eval('[data-testid=f2] tbody tr', (rows) =>
    rows.map((r) => [Number(r.dataset.window), r.children[3].dataset.value])),
  tuned.f2.map((f) => [f.window_days, String(f.rate)]));

  await page.click('[data-testid=tab-history]');
  const history = cliJson('history', SAMPLE);
  const ltv = await page.$$eval('[data-testid=ltv-overall] tbody tr', (rows) =>
    rows.map((r) => [Number(r.dataset.horizon), r.children[2].dataset.value]));
  assert.deepEqual(ltv, history.overall.map((x) => [x.horizon_days, x.mean_minor === null ? '' : String(x.mean_minor)]));
  // A cohort's value is marked * where only part of it is old enough for the horizon, as the CLI counts them.
  const partial = await page.$$eval('[data-testid=ltv-by-cohort-table] td[data-partial=true]',
    (cells) => cells.map((c) => c.textContent.endsWith('*')));
  const expected = history.by_cohort.flatMap((c) => c.ltv.filter((x) => x.eligible > 0 && x.eligible < c.customers));
  assert.equal(partial.length, expected.length);
  assert.ok(partial.length > 0 && partial.every(Boolean), 'the sample has partial cells, each marked');
  await page.fill('[data-testid=ltv-horizons]', '60');
  await page.dispatchEvent('[data-testid=ltv-horizons]', 'change');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=ltv-overall] tbody tr').length === 1);
  assert.equal(await page.getAttribute('[data-testid=ltv-overall] tbody tr td:nth-child(3)', 'data-value'),
    String(cliJson('history', SAMPLE, '--horizons', '60').overall[0].mean_minor));
  await context.close();
});

test('tabs follow the WAI-ARIA keyboard pattern: arrows move and select, Home goes to the first', async () => {
  const { page, context } = await sampleOn('summary');
  const state = () => page.evaluate(() => ({
    focused: document.activeElement?.dataset.testid,
    selected: document.querySelector('[role=tab][aria-selected=true]').dataset.testid,
    tabbable: [...document.querySelectorAll('[role=tab]')].filter((t) => t.tabIndex === 0).map((t) => t.dataset.testid),
  }));
  await page.focus('[data-testid=tab-summary]');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { focused: 'tab-rfm', selected: 'tab-rfm', tabbable: ['tab-rfm'] });
  await page.waitForSelector('[data-testid=rfm-grid]');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { focused: 'tab-cpm', selected: 'tab-cpm', tabbable: ['tab-cpm'] });
  await page.keyboard.press('Home');
  assert.deepEqual(await state(), { focused: 'tab-dashboard', selected: 'tab-dashboard', tabbable: ['tab-dashboard'] });
  assert.equal(await page.getAttribute('[role=tabpanel]', 'aria-labelledby'), 'tab-dashboard');
  await context.close();
});

test('at a 1024-px laptop width no view makes the page scroll sideways', async () => {
  const { page, context } = await sampleOn('summary');
  await page.setViewportSize({ width: 1024, height: 768 });
  for (const tab of ['dashboard', 'summary', 'rfm', 'cpm', 'cohorts', 'repeat', 'history']) {
    await page.click(`[data-testid=tab-${tab}]`);
    await page.waitForSelector(`[role=tab][aria-selected=true][data-testid=tab-${tab}]`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${tab} overflows by ${overflow}px`);
  }
  await context.close();
});
