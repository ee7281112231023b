// No context of Kokyaku can connect to another host: not the page, not its reading worker, not its model-fit
// worker, and the same for the <kokyaku-dashboard> element inside a host page and its workers. Each context,
// once alive, is made to fetch from a second local server that answers anyone (CORS open) and records every
// request it gets; the fetch must be rejected inside the browser and the server must have heard nothing.
//
// A dedicated worker started from a same-origin URL would take its policy from its own response's headers,
// which a static host does not send; the app starts its workers from blob: URLs, which take the page's, and
// the page allows no other. A host page that does not allow blob: workers gets none: the element then reads
// in the page, and no worker runs outside the page's policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT, ENGINE, serve, launch, recordedPage, foreignRequests } from './harness.mjs';

const CDNOW = join(ROOT, 'tests', 'data', 'cdnow', 'cdnow_sample_orders.csv');

let app, browser, collector;
/** Every request the collecting server received. */
const received = [];

before(async () => {
  app = await serve(undefined, '/shop/admin/kokyaku/');
  browser = await launch();
  const server = createServer((req, res) => {
    received.push(req.url);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' }).end('received');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  collector = { url: `http://127.0.0.1:${server.address().port}/collect`, close: () => new Promise((ok) => server.close(ok)) };
});
after(async () => {
  await browser?.close();
  await app?.close();
  await collector?.close();
});

/**
 * Has `where` (a page or a worker) fetch `url` with its context's own `fetch`: 'fetched: …' with what the
 * server answered, or 'rejected: …' with the error and the directives of the policy violations reported.
 */
function attempt(where, url) {
  return where.evaluate(async (url) => {
    const violated = [];
    const listener = (e) => violated.push(e.effectiveDirective);
    self.addEventListener('securitypolicyviolation', listener);
    try {
      const response = await fetch(url, { cache: 'no-store' });
      return 'fetched: ' + await response.text();
    } catch (error) {
      // The violation is reported in a task of its own.
      await new Promise((ok) => setTimeout(ok, 100));
      return `rejected: ${error.name} (${violated.join(', ')})`;
    } finally {
      self.removeEventListener('securitypolicyviolation', listener);
    }
  }, url);
}

const REJECTED = 'rejected: TypeError (connect-src)';

/** Playwright runs a script inside a worker over Chromium's protocol only, not over Firefox's WebDriver BiDi. */
const IN_WORKERS = ENGINE === 'chromium' ? {} : { skip: `Playwright cannot run a script in a worker in ${ENGINE}` };

/** Checks that `workers` started from blob: URLs of `origin` and loaded the app's worker script, `script`. */
function assertStartedFromBlobs(workers, requests, origin, script) {
  for (const worker of workers) assert.ok(worker.url().startsWith(`blob:${origin}/`), worker.url());
  assert.ok(requests.includes(script), `${script} loaded`);
}

/** Fetches from the collector in each of `contexts` (name → page or worker); the outcomes by name. */
async function attemptAll(contexts) {
  const outcomes = {};
  for (const [name, where] of Object.entries(contexts)) {
    outcomes[name] = await attempt(where, `${collector.url}?from=${encodeURIComponent(name)}`);
  }
  return outcomes;
}

/** Clicks the LTV tab (`prefix`: the element it is in) and returns the fit worker it starts. */
async function openLtv(page, prefix = '') {
  const started = page.waitForEvent('worker', { timeout: 20000 });
  await page.click(`${prefix}[data-testid=tab-ltv]`);
  return started;
}

test('the page, its reading worker and its model-fit worker cannot connect to another host', IN_WORKERS, async () => {
  received.length = 0;
  const { page, requests, errors, context } = await recordedPage(browser);
  // The reading worker starts with the page, before any file is chosen.
  const reading = page.waitForEvent('worker', { timeout: 20000 });
  await page.goto(app.url);
  const readingWorker = await reading;
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  const fitWorker = await openLtv(page);
  // The fit worker has loaded the app's module and fitted the models.
  await page.waitForSelector('[data-testid=ltv-transaction-params]');
  // Both workers are alive: the reading worker is kept for the next read, the fit worker while the view shows
  // its fit.
  assert.ok(page.workers().includes(readingWorker) && page.workers().includes(fitWorker), 'both workers alive');
  assert.notEqual(readingWorker, fitWorker);

  const outcomes = await attemptAll({ page, 'reading worker': readingWorker, 'fit worker': fitWorker });
  assert.deepEqual(outcomes, { page: REJECTED, 'reading worker': REJECTED, 'fit worker': REJECTED });
  assert.deepEqual(received, [], 'the collecting server received nothing');
  assertStartedFromBlobs([readingWorker, fitWorker], requests, app.origin, app.url + 'worker.js');
  // Nor can a script start a worker from a URL of the page's origin, which would not be bound by the page's
  // policy.
  const unbound = await page.evaluate(() => new Promise((done) => {
    document.addEventListener('securitypolicyviolation', (e) => done(e.effectiveDirective), { once: true });
    new Worker('worker.js', { type: 'module' }).addEventListener('message', () => done('started'));
  }));
  assert.equal(unbound, 'worker-src');
  assert.deepEqual(foreignRequests(requests, app.origin).filter((u) => !u.startsWith(collector.url)), []);
  assert.deepEqual(errors.filter((e) => !e.includes('Content Security Policy')), []);
  await context.close();
});

test('<kokyaku-dashboard> in a host page: the host page and the element\'s workers cannot connect to another host', IN_WORKERS,
  async () => {
  received.length = 0;
  const { page, requests, errors, context } = await recordedPage(browser);
  const reading = page.waitForEvent('worker', { timeout: 20000 });
  await page.goto(app.url + 'embed-example/');
  await page.waitForFunction(() => document.querySelector('kokyaku-dashboard')?.ready);
  const readingWorker = await reading;
  await page.locator('kokyaku-dashboard [data-testid=file-input]').setInputFiles([CDNOW]);
  await page.waitForFunction(() => document.querySelector('kokyaku-dashboard').shadowRoot
    .querySelector('[data-testid=files]')?.textContent === 'cdnow_sample_orders.csv');
  const fitWorker = await openLtv(page, 'kokyaku-dashboard ');
  await page.locator('kokyaku-dashboard [data-testid=ltv-transaction-params]').waitFor();
  assert.ok(page.workers().includes(readingWorker) && page.workers().includes(fitWorker), 'both workers alive');
  assert.notEqual(readingWorker, fitWorker);

  const outcomes = await attemptAll({ 'host page': page, 'reading worker': readingWorker, 'fit worker': fitWorker });
  assert.deepEqual(outcomes, { 'host page': REJECTED, 'reading worker': REJECTED, 'fit worker': REJECTED });
  assert.deepEqual(received, [], 'the collecting server received nothing');
  assertStartedFromBlobs([readingWorker, fitWorker], requests, app.origin,
    app.url + 'embed-example/kokyaku/dashboard/worker.js');
  assert.deepEqual(foreignRequests(requests, app.origin).filter((u) => !u.startsWith(collector.url)), []);
  assert.deepEqual(errors.filter((e) => !e.includes('Content Security Policy')), []);
  await context.close();
});

test('a host page whose policy allows workers only from its own files gets no worker: the element reads alone', async () => {
  const { page, requests, context } = await recordedPage(browser);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  // The example host page, but with the worker-src of a page written for an earlier version of the package.
  await page.route('**/embed-example/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('worker-src blob:', "worker-src 'self'");
    assert.match(html, /worker-src 'self'/);
    await route.fulfill({ response, body: html });
  });
  await page.goto(app.url + 'embed-example/');
  await page.waitForFunction(() => document.querySelector('kokyaku-dashboard')?.ready);
  await page.locator('kokyaku-dashboard [data-testid=file-input]').setInputFiles([CDNOW]);
  await page.waitForFunction(() => document.querySelector('kokyaku-dashboard').shadowRoot
    .querySelector('[data-testid=files]')?.textContent === 'cdnow_sample_orders.csv');
  // The element opens on the dashboard; the customer count is the summary's.
  await page.click('kokyaku-dashboard [data-testid=tab-summary]');
  assert.equal(await page.locator('kokyaku-dashboard [data-testid=customers]').getAttribute('data-value'), '2357');
  await page.click('kokyaku-dashboard [data-testid=tab-ltv]');
  assert.match(await page.locator('kokyaku-dashboard [data-testid=ltv-not-converged]').textContent(), /fit worker failed/);
  // No worker ever ran, so none ran outside the page's policy; the worker script was never fetched. (Firefox
  // creates the worker and then refuses its blob: script, and Playwright reports the worker it created.)
  if (ENGINE === 'chromium') assert.deepEqual(workers, []);
  assert.ok(!requests.some((u) => u.endsWith('/worker.js')), requests.join(' '));
  await context.close();
});
