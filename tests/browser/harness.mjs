// Shared pieces of the browser tests: a loopback static server for dist/, Debian's Chromium or Firefox through
// playwright-core, a record of every request the page makes, and the CLI for expected values.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, firefox } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The app's files: `dist/`, or another build's (`KOKYAKU_DIST`, to compare two builds with the bench). */
export const DIST = process.env.KOKYAKU_DIST ? resolve(process.env.KOKYAKU_DIST) : join(ROOT, 'dist');
export const CLI = join(ROOT, 'target/release/kokyaku');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.csv': 'text/csv', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1 at a free port, under `prefix` (to prove relative URLs work in a sub-path). */
export async function serve(dir = DIST, prefix = '/') {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + prefix, close: () => new Promise((ok) => server.close(ok)) };
}

/** The engine the tests drive: `chromium` (the default) or `firefox`, from `KOKYAKU_BROWSER`. */
export const ENGINE = process.env.KOKYAKU_BROWSER ?? 'chromium';

/**
 * The headless browser from Debian's package, with its own background networking switched off: Chromium over
 * its DevTools protocol, or firefox-esr over WebDriver BiDi (Playwright's `moz-firefox` channel).
 */
export async function launch() {
  if (ENGINE === 'firefox') {
    return firefox.launch({
      channel: 'moz-firefox',
      executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
      firefoxUserPrefs: FIREFOX_QUIET,
    });
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Where Firefox saves what the page downloads, one folder per test file, removed when it ends. */
const FIREFOX_DOWNLOADS = ENGINE === 'firefox' ? mkdtempSync(join(tmpdir(), 'kokyaku-firefox-')) : '';
if (FIREFOX_DOWNLOADS) process.on('exit', () => rmSync(FIREFOX_DOWNLOADS, { recursive: true, force: true }));

/** Firefox's own requests (updates, telemetry, safe browsing, captive portal checks) switched off. */
const FIREFOX_QUIET = {
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'extensions.update.enabled': false,
  'browser.download.useDownloadDir': true,
  'browser.download.folderList': 2,
  'browser.download.dir': FIREFOX_DOWNLOADS,
  'browser.download.always_ask_before_handling_new_types': false,
};

/**
 * Serves `dir` under `prefix` and launches the browser (`launch`) before the calling file's tests, and closes
 * both after them. The returned object's `server` and `browser` are set once the tests run.
 */
export function servedApp(prefix = '/', dir = DIST) {
  const app = { server: undefined, browser: undefined };
  before(async () => {
    app.server = await serve(dir, prefix);
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

/**
 * A new page that records every request it attempts, those its Content-Security-Policy blocked before they
 * left the browser, and every console error.
 */
export async function recordedPage(browser) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const blocked = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => {
    // Chromium reports a request its CSP stopped as failed with the text 'csp'.
    if (r.failure()?.errorText === 'csp') blocked.push(r.url());
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, requests, blocked, errors };
}

/** The requests that went anywhere but the page's own origin (blob: and data: URLs stay in the browser). */
export function foreignRequests(requests, origin) {
  return requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
}

/** `kokyaku summary FILE --json` parsed. */
export function cliSummary(...args) {
  return cliJson('summary', ...args);
}

/** `kokyaku COMMAND ARGS --json` parsed. */
export function cliJson(command, ...args) {
  return JSON.parse(execFileSync(CLI, [command, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** Generates an export with the CLI and returns its path. */
export function generate(preset, orders, seed, dir) {
  const out = join(dir, `${preset}-${orders}-${seed}.csv`);
  execFileSync(CLI, ['gen', '--preset', preset, '--orders', String(orders), '--seed', String(seed), '--out', out]);
  return out;
}

/**
 * Clicks `selector` and returns the name and bytes of the file the click downloads. Chromium hands the download
 * to Playwright; Firefox saves it into `FIREFOX_DOWNLOADS` (Playwright's BiDi client does not report Firefox's
 * downloads), where it is read and removed once complete.
 */
export async function download(page, selector) {
  if (ENGINE === 'firefox') {
    const before = new Set(readdirSync(FIREFOX_DOWNLOADS));
    await page.click(selector);
    const name = await waitForNewFile(before);
    const path = join(FIREFOX_DOWNLOADS, name);
    const bytes = readFileSync(path);
    rmSync(path);
    return { name, bytes };
  }
  const event = page.waitForEvent('download');
  await page.click(selector);
  const d = await event;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/** The name of a complete file in `FIREFOX_DOWNLOADS` that is not in `before` (Firefox writes `NAME.part` first). */
async function waitForNewFile(before) {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const names = readdirSync(FIREFOX_DOWNLOADS).filter((n) => !before.has(n));
    const done = names.find((n) => !n.endsWith('.part') && !names.includes(`${n}.part`));
    if (done !== undefined) return done;
    await sleep(50);
  }
  throw new Error('no download within 30 s');
}

/** Opens the view of tab `tab` (`summary`, `rfm`, …) once the results are shown. */
export async function openTab(page, tab) {
  await page.click(`[data-testid=tab-${tab}]`);
  await page.waitForSelector(`[data-testid=tab-${tab}][aria-selected=true]`);
}

/** Reads the raw values of the summary figures the page shows (the dashboard comes first: opens the summary). */
export async function shownFigures(page) {
  await openTab(page, 'summary');
  await page.waitForSelector('[data-testid=summary]');
  return page.evaluate(() => {
    const value = (id) => document.querySelector(`[data-testid="${id}"]`)?.dataset.value ?? null;
    return {
      customers: Number(value('customers')),
      orders: Number(value('orders')),
      revenue_minor: Number(value('revenue')),
      average_order_value_minor: Number(value('aov')),
      repeat_rate: Number(value('repeat-rate')),
      first_order_date: value('first-order'),
      last_order_date: value('last-order'),
      currency: document.querySelector('[data-testid=currency]').textContent,
      rows_read: Number(value('rows-read')),
      rows_rejected: Number(value('rows-rejected')),
      cancelled_orders: Number(value('cancelled-orders')),
      orders_without_customer: Number(value('orders-without-customer')),
      duplicate_orders: Number(value('duplicate-orders')),
    };
  });
}

/** The same fields from the CLI's JSON. */
export function expectedFigures(json) {
  const pick = ['customers', 'orders', 'revenue_minor', 'average_order_value_minor', 'repeat_rate', 'first_order_date',
    'last_order_date', 'currency', 'rows_read', 'rows_rejected', 'cancelled_orders', 'orders_without_customer',
    'duplicate_orders'];
  return Object.fromEntries(pick.map((k) => [k, json[k]]));
}

/** Waits until the page shows the results for exactly these files (by base name, in order). */
export async function waitForFiles(page, paths) {
  const names = paths.map((p) => p.split('/').pop()).join(', ');
  await page.waitForFunction((n) => document.querySelector('[data-testid=files]')?.textContent === n, names);
}

/** Opens the page in Japanese, reads `file` and opens the segments tab, once it counts `customers`. */
export async function segmentsInJapanese(page, url, file, customers) {
  await page.goto(url);
  if ((await page.getAttribute('main', 'lang')) !== 'ja') await page.click('[data-testid=lang]');
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await page.waitForSelector('[data-testid=dashboard]');
  await page.click('[data-testid=tab-segments]');
  await page.waitForSelector('[data-testid=segments]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=seg-count]')?.dataset.value === n, String(customers));
}
