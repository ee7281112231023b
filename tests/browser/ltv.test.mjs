// The predictive-LTV view on the real CDNOW sample: the fitted BG/NBD and Gamma-Gamma parameters equal the
// published ones (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science 24(2):
// r = 0.243, α = 4.414, a = 0.793, b = 2.426; "RFM and CLV", JMR 42(4): p = 6.25, q = 3.74, γ = 15.44),
// with calibration through 1997-09-30 and time in weeks, as in the papers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, DIST, ROOT, servedApp, recordedPage, foreignRequests, waitForFiles, openTab, download } from './harness.mjs';

const CDNOW = join(ROOT, 'tests', 'data', 'cdnow', 'cdnow_sample_orders.csv');

const app = servedApp();

/** Whether two numbers agree to three significant digits. */
function threeDigits(actual, published) {
  return Number(actual.toPrecision(3)) === published;
}

async function params(page, table) {
  return page.$$eval(`[data-testid=${table}] td[data-value]`, (cells) => cells.map((c) => Number(c.dataset.value)));
}

test('CDNOW: the page fits BG/NBD and Gamma-Gamma to the published parameters, and MBG/NBD and Pareto/NBD on request', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  // The fits run in a worker (the page's own module), and the page shows their progress while they run.
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.addInitScript(() => {
    window.sawFitProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid=ltv-fitting]')) window.sawFitProgress = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(app.server.url);
  await page.setInputFiles('[data-testid=file-input]', [CDNOW]);
  await waitForFiles(page, [CDNOW]);
  await openTab(page, 'summary');
  assert.equal(await page.textContent('[data-testid=currency]'), 'USD');
  await page.click('[data-testid=tab-ltv]');
  await page.fill('[data-testid=ltv-calibration-end]', '1997-09-30');
  await page.dispatchEvent('[data-testid=ltv-calibration-end]', 'change');
  // The holdout starts the day after the calibration end once the new fit is in.
  await page.waitForFunction(() => document.querySelector('[data-testid=ltv-holdout]')?.textContent.includes('1997-10-01'));
  await page.waitForSelector('[data-testid=ltv-holdout-chart]');

  const [r, alpha, a, b] = await params(page, 'ltv-transaction-params');
  for (const [got, want] of [[r, 0.243], [alpha, 4.41], [a, 0.793], [b, 2.43]]) {
    assert.ok(threeDigits(got, want), `${got} vs ${want}`);
  }
  const [p, q, gamma] = await params(page, 'ltv-spend-params');
  for (const [got, want] of [[p, 6.25], [q, 3.74], [gamma, 15.4]]) {
    assert.ok(threeDigits(got, want), `${got} vs ${want}`);
  }
  // Log-likelihoods as published: BG/NBD −9582.4; Gamma-Gamma −4055.9 (in dollars; CLVTools' reference).
  assert.match(await page.textContent('[data-testid=ltv-transaction-params]'), /-9,582\.4/);
  assert.match(await page.textContent('[data-testid=ltv-spend-params]'), /-4,055\.9/);
  assert.ok(await page.isVisible('[data-testid=ltv-bgnbd-note]'));
  assert.match(await page.textContent('[data-testid=ltv-correlation]'), /0\.11/);

  // Each parameter's standard error, as `lifetimes` reports it (se(coef)): r 0.01256 … b 0.7054; γ 4.159 dollars.
  const ses = async (table) => page.$$eval(`[data-testid=${table}] [data-se]`, (cells) => cells.map((c) => Number(c.dataset.se)));
  const wantSe = [0.0126, 0.378, 0.186, 0.705, 1.19, 0.290, 4.16];
  const gotSe = [...await ses('ltv-transaction-params'), ...await ses('ltv-spend-params')];
  assert.equal(gotSe.length, 7);
  gotSe.forEach((got, i) => assert.ok(threeDigits(got, wantSe[i]), `SE ${i}: ${got} vs ${wantSe[i]}`));
  // The holdout verdict, the tracking and the totals with their intervals, as `kokyaku ltv --json` gives them
  // (crates/core/tests/ltv_cdnow.rs checks those against `lifetimes`).
  const json = JSON.parse(execFileSync(CLI, ['ltv', CDNOW, '--calibration-end', '1997-09-30', '--unit', 'week', '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 28 }));
  assert.match(await page.textContent('[data-testid=ltv-verdict]'), /under-predicts the holdout by 12\.1%/);
  assert.ok(await page.isVisible('[data-testid=ltv-tracking-predicted]'));
  assert.match(await page.textContent('[data-testid=ltv-tracking-at-calibration-end]'), /: 2,457 \/ 2,494$/);
  for (const [id, estimate] of [['ltv-total-transactions', json.totals.expected_transactions], ['ltv-total-clv', json.totals.clv_minor]]) {
    const shown = Number(await page.getAttribute(`[data-testid=${id}] td[data-value]`, 'data-value'));
    assert.ok(Math.abs(shown / estimate.value - 1) < 1e-9, `${id}: ${shown} vs ${estimate.value}`);
  }
  assert.match(await page.textContent('[data-testid=ltv-total-clv]'), /\$71,550\.\d\d\s*\$64,250\.\d\d – \$78,850\.\d\d/);
  const tracking = (await download(page, '[data-testid=csv-ltv-tracking]')).bytes.toString('utf8')
    .split('\r\n').filter((l) => l);
  assert.equal(tracking.length, 1 + json.tracking.points.length);
  assert.equal(tracking.length, 79, 'a row per week of 78');
  assert.equal(tracking[39], '1997-09-30,calibration,2457,2494.0');
  assert.equal(tracking[78], '1998-06-30,holdout,4339,4160.6');

  // The per-customer predictions download as the CLI's --csv --lang en (the page is in English): the same
  // rows, keys and counts exactly, and the fitted figures to their last written digit (the page fits in wasm,
  // the CLI natively, and a difference of 1e-9 can round the other way).
  const shownCsv = (await download(page, '[data-testid=csv-ltv-customers]')).bytes.toString('utf8');
  const cliCsv = execFileSync(CLI, ['ltv', CDNOW, '--calibration-end', '1997-09-30', '--unit', 'week', '--csv', '--lang', 'en'],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  const rows = (text) => text.split('\r\n').filter((l) => l).map((l) => l.split(','));
  const [mine, theirs] = [rows(shownCsv), rows(cliCsv)];
  assert.equal(mine.length, theirs.length);
  assert.deepEqual(mine[0], theirs[0]);
  assert.equal(mine.length, 2358, 'a row per CDNOW customer');
  for (let i = 1; i < mine.length; i++) {
    assert.deepEqual(mine[i].slice(0, 4), theirs[i].slice(0, 4), `row ${i}`);
    for (let c = 4; c < mine[i].length; c++) {
      const [x, y] = [Number(mine[i][c]), Number(theirs[i][c])];
      const digit = 10 ** -(mine[i][c].split('.')[1] ?? '').length;
      assert.ok(mine[i][c] === theirs[i][c] || Math.abs(x - y) <= 1.01 * digit, `row ${i} col ${c}: ${x} vs ${y}`);
    }
  }

  // Margin and discount are typed as percentages: a 50 % margin halves every CLV.
  assert.equal(await page.inputValue('[data-testid=ltv-margin]'), '100');
  assert.equal(await page.inputValue('[data-testid=ltv-discount]'), '1');
  const topClv = async () => Number((await page.textContent('[data-testid=ltv-top] tbody tr td:last-child')).replace(/[^0-9.]/g, ''));
  const full = await topClv();
  await page.fill('[data-testid=ltv-margin]', '50');
  await page.dispatchEvent('[data-testid=ltv-margin]', 'change');
  await page.waitForFunction((f) => Number(document.querySelector('[data-testid=ltv-top] tbody tr td:last-child')
    .textContent.replace(/[^0-9.]/g, '')) < f, full);
  assert.ok(Math.abs(await topClv() - full / 2) <= 0.011, 'half the CLV, to the cent');
  await page.fill('[data-testid=ltv-margin]', '100');
  await page.dispatchEvent('[data-testid=ltv-margin]', 'change');

  // MBG/NBD (Batislam, Denizel & Filiztekin 2007) on the same data: r, α, a, b ≈ 0.525, 6.183, 0.891, 1.614
  // (the values the `lifetimes` package's tests assert for CDNOW).
  await page.selectOption('[data-testid=ltv-model]', 'mbg-nbd');
  await page.waitForFunction(() => !document.querySelector('[data-testid=ltv-bgnbd-note]'));
  await page.waitForFunction(() => document.querySelector('[data-testid=ltv-transaction-params]')?.textContent.includes('MBG/NBD'));
  const mbg = await params(page, 'ltv-transaction-params');
  for (const [got, want] of mbg.map((x, i) => [x, [0.525, 6.18, 0.891, 1.61][i]])) {
    assert.ok(threeDigits(got, want), `${got} vs ${want}`);
  }

  // Pareto/NBD (Schmittlein, Morrison & Colombo 1987): r, α, s, β ≈ 0.553, 10.578, 0.606, 11.669, LL −9594.98
  // (Fader, Hardie & Lee 2005; the BTYD vignette), and its holdout error, −11.5% (as `kokyaku ltv` gives it).
  await page.selectOption('[data-testid=ltv-model]', 'pareto-nbd');
  await page.waitForFunction(() => document.querySelector('[data-testid=ltv-transaction-params]')?.textContent.includes('Pareto/NBD'));
  const pareto = await params(page, 'ltv-transaction-params');
  for (const [got, want] of pareto.map((x, i) => [x, [0.553, 10.6, 0.606, 11.7][i]])) {
    assert.ok(threeDigits(got, want), `${got} vs ${want}`);
  }
  assert.match(await page.textContent('[data-testid=ltv-transaction-params]'), /β[\s\S]*-9,594\.98/);
  assert.match(await page.textContent('[data-testid=ltv-holdout-error]'), /-11\.5%/);
  assert.ok((await page.$$('[data-testid=ltv-top] tbody tr')).length === 20);
  // A worker per fit, each started from a blob: URL that loads the page's own script (a worker stopped as
  // soon as it started, when the inputs changed at once, may not be reported, so only the ones seen are
  // checked).
  assert.ok(workers.length >= 1, workers.join(' '));
  assert.ok(workers.every((u) => u.startsWith(`blob:${app.server.origin}/`)), workers.join(' '));
  assert.ok(requests.includes(app.server.url + 'worker.js'));
  assert.ok(await page.evaluate(() => window.sawFitProgress));
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
