// The model fit (BG/NBD and Gamma-Gamma, in a worker) runs once per input: the data, the as-of date and the
// model options. The LTV view and the segment builder's predicted fields share it, and a view opened again
// shows the fit already made. Each fit is one request the page posts to a fit worker: the test counts the
// requests by wrapping the browser's own `Worker.prototype.postMessage`, and the workers the page starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedApp, recordedPage, foreignRequests } from './harness.mjs';

const app = servedApp();

/** Counts, in the page, the requests posted to workers whose message asks for a fit. */
function countFitRequests() {
  window.fitRequests = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (typeof message?.message === 'string' && message.message.startsWith('{"fit"')) window.fitRequests += 1;
    return post.call(this, message, ...rest);
  };
}

const fitRequests = (page) => page.evaluate(() => window.fitRequests);

test('one load with the LTV view and the segment builder opened posts one fit', async () => {
  const { page, requests, errors, context } = await recordedPage(app.browser);
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  await page.addInitScript(countFitRequests);
  await page.goto(app.server.url);
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  assert.equal(await fitRequests(page), 0, 'no fit before a view asks for one');

  await page.click('[data-testid=tab-ltv]');
  await page.waitForSelector('[data-testid=ltv-transaction-params]', { timeout: 60_000 });
  const shownParams = await page.textContent('[data-testid=ltv-transaction-params]');
  assert.equal(await fitRequests(page), 1);

  // The segment builder's predicted fields come from the same fit: no second request, no second worker.
  await page.click('[data-testid=tab-segments]');
  await page.check('[data-testid=seg-ltv]');
  await page.waitForSelector('[data-testid=seg-col-p_alive]', { state: 'attached', timeout: 60_000 });
  assert.equal(await fitRequests(page), 1, 'the segment builder reuses the LTV view\'s fit');

  // Back in the LTV view the fit is shown at once, without being made again.
  await page.click('[data-testid=tab-ltv]');
  await page.waitForSelector('[data-testid=ltv-transaction-params]');
  assert.equal(await page.textContent('[data-testid=ltv-transaction-params]'), shownParams);
  assert.equal(await fitRequests(page), 1);
  // The reading worker and one fit worker.
  assert.equal(workers.length, 2, workers.map((w) => w.url()).join(' '));

  // Another input is another fit: another model, then another as-of date.
  await page.selectOption('[data-testid=ltv-model]', 'mbg-nbd');
  await page.waitForFunction(() => document.querySelector('[data-testid=ltv-transaction-params]')?.textContent.includes('MBG/NBD'),
    null, { timeout: 60_000 });
  assert.equal(await fitRequests(page), 2);
  const asOf = await page.inputValue('[data-testid=as-of]');
  const earlier = new Date(Date.parse(asOf) - 30 * 86_400_000).toISOString().slice(0, 10);
  await page.fill('[data-testid=as-of]', earlier);
  await page.dispatchEvent('[data-testid=as-of]', 'change');
  await page.waitForFunction(() => window.fitRequests === 3);
  await page.waitForSelector('[data-testid=ltv-transaction-params]', { timeout: 60_000 });
  assert.equal(await page.inputValue('[data-testid=as-of]'), earlier);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
