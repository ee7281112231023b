// The page in Japanese, as a Japanese shop's marketer opens it (a browser set to ja-JP): an ecforce export
// with subscriptions, rejected rows and cancellations, and a file that mixes currencies. Every view, the load
// error and its currency choice are read as a person would read them, and no English sentence may be left:
// reasons, notes, errors and labels are all in Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedApp, generate, waitForFiles, foreignRequests } from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-japanese-'));
const app = servedApp();

/**
 * The English sentences in `text`: three plain words of Latin letters in a row with only spaces between them.
 * Ids (`at_risk`), codes (`JPY`), model names (`BG/NBD`) and lists (`day、week`) are not sentences. The
 * core's tests use the same rule on every reason, note and error (`words.rs`).
 */
function englishSentences(text) {
  const found = [];
  for (const line of text.split('\n')) {
    for (const run of line.split(/[^A-Za-z' _]/)) {
      let inARow = 0;
      for (const word of run.split(/\s+/)) {
        const plain = word.length > 1 && !word.includes('_');
        inARow = plain ? inARow + 1 : 0;
        if (inARow >= 3) {
          found.push(line.trim());
          break;
        }
      }
      if (found.at(-1) === line.trim()) break;
    }
  }
  return found;
}

test('the sentence rule finds English and lets Japanese with ids and codes pass', () => {
  assert.deepEqual(englishSentences('the file is empty'), ['the file is empty']);
  assert.deepEqual(englishSentences('注文日（order_date）が空です\n通貨 JPY と USD\nBG/NBD モデル'), []);
  assert.deepEqual(englishSentences('(rfm_segment = at_risk or rfm_segment = lost)'), []);
});

/** A new page with a browser set to Japanese. */
async function japanesePage() {
  const context = await app.browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.server.url);
  assert.equal(await page.getAttribute('main', 'lang'), 'ja');
  return { context, page, requests, errors };
}

/** What `selector` shows a person (its rendered text), with the text of its titles and labels. */
async function readable(page, selector) {
  return page.$eval(selector, (root) => {
    const extra = [...root.querySelectorAll('[title], [aria-label], [placeholder]')].flatMap((e) =>
      ['title', 'aria-label', 'placeholder'].map((a) => e.getAttribute(a)).filter(Boolean));
    return [root.innerText, ...extra].join('\n');
  });
}

test('every view of an export with subscriptions, rejects and cancellations is in Japanese', async () => {
  const { context, page, requests, errors } = await japanesePage();
  const file = generate('ecforce', 3000, 11, work);
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await waitForFiles(page, [file]);
  const tabs = await page.$$eval('[role=tab]', (all) => all.map((t) => t.id || t.dataset.testid));
  assert.ok(tabs.length >= 8, `the views: ${tabs}`);
  const offenders = {};
  for (const tab of tabs) {
    await page.click(`#${tab}, [data-testid=${tab}]`);
    const panel = '[role=tabpanel]:not([hidden])';
    await page.waitForSelector(panel);
    if (tab.includes('ltv') && !tab.includes('history')) {
      // The model fit runs in a worker; its figures or its failure, in words, end the wait.
      await page.waitForSelector('[data-testid=ltv-transaction-params], [data-testid=ltv-not-converged]',
        { timeout: 60_000 });
    }
    const found = englishSentences(await readable(page, 'main'));
    if (found.length) offenders[tab] = [...new Set(found)];
  }
  assert.deepEqual(offenders, {}, 'English sentences on the Japanese page');
  // The rule is not blind: the same views in English are full of sentences.
  await page.click('[data-testid=lang]');
  await page.waitForFunction(() => document.querySelector('main').getAttribute('lang') === 'en');
  await page.click('#tab-summary');
  assert.ok(englishSentences(await readable(page, 'main')).length > 5);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file that mixes currencies stops with a Japanese reason and the choice of currency', async () => {
  const { context, page, errors } = await japanesePage();
  const mixed = join(work, 'mixed.csv');
  writeFileSync(mixed,
    'order_id,order_date,email,order_total,currency\n'
    + '1,2024-01-05,a@example.jp,1200,JPY\n'
    + '2,2024-01-06,b@example.jp,15.50,USD\n'
    + '3,2024-02-01,a@example.jp,800,JPY\n'
    + '4,2024-02-03,c@example.jp,bad,JPY\n');
  await page.setInputFiles('[data-testid=file-input]', [mixed]);
  await page.waitForSelector('[data-testid=error]');
  const error = await readable(page, '[data-testid=error]');
  assert.match(error, /mixed.csv：注文に複数の通貨が含まれています：JPY（2件）、USD（1件）。分析する通貨を1つ選んでください/);
  assert.deepEqual(englishSentences(error), []);
  // Choosing JPY reads the file again: the USD order is rejected, with its reason in Japanese.
  await page.selectOption('[data-testid=choose-currency]', 'JPY');
  await page.click('[data-testid=choose-read]');
  await waitForFiles(page, [mixed]);
  await page.click('#tab-summary');
  await page.waitForSelector('[data-testid=rejects]');
  const quality = await readable(page, 'main');
  assert.match(quality, /注文「2」は USD の注文で、選んだ通貨 JPY ではありません/);
  assert.match(quality, /「bad」を金額として読めません（数値ではありません）/);
  assert.deepEqual(englishSentences(quality), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page says it is loading until the app shows, and the condition key speaks Japanese', async () => {
  const { context, page, requests, errors } = await japanesePage();
  // The line index.html shows while the WebAssembly loads is gone once the app is there.
  const served = await (await fetch(app.server.url)).text();
  assert.match(served, /data-testid="booting"[^>]*>読み込み中… \/ Loading…</);
  assert.equal(await page.$('[data-testid=booting]'), null);

  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=dashboard]');
  await page.click('#tab-segments');
  await page.click('[data-testid=segments] details:has([data-testid=seg-text]) > summary');
  const row = (field) => page.$eval(`[data-testid=seg-key] tr[data-field=${field}]`,
    (tr) => [...tr.cells].map((c) => c.innerText.trim()));
  assert.deepEqual((await row('frequency')).slice(0, 3), ['frequency', '購入回数 (F)', 'frequency >= 2']);
  const [name, meaning, values] = await row('rfm_segment');
  assert.deepEqual([name, meaning], ['rfm_segment', 'RFMセグメント']);
  assert.match(values, /^rfm_segment in \(champions, loyal\)/);
  assert.match(values, /cant_lose_them＝離反寸前の優良顧客/);
  assert.match((await row('cpm_group'))[2], /loyal_lapsed＝離脱優良客/);
  assert.deepEqual(englishSentences(await readable(page, '[data-testid=seg-key]')), []);
  // The key's example is a condition the page reads: typed in, it selects without an error.
  await page.fill('[data-testid=seg-text]', values.split('\n')[0]);
  await page.dispatchEvent('[data-testid=seg-text]', 'change');
  await page.waitForFunction(() => !document.querySelector('[data-testid=seg-text-error]'));
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
