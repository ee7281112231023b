// The segment builder of the built page: starters, hand-built conditions, condition text, exports (the
// downloaded bytes: BOM, encoding, neutralised formulas, exact rows, equal to `kokyaku segment`), saved and
// shared definitions, the language switch, and predicted fields fitted in the worker. No request leaves the
// page's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, DIST, ROOT, servedApp, recordedPage, foreignRequests, download } from './harness.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-segment-'));

// As of 2024-06-30 (the day after the latest order), by hand:
//   customer  orders value  recency  R F  RFM segment          CPM group
//   A         3      6000   10       3 3  need_attention       steady_active
//   =B(1)     1      500    5        4 1  promising            first_active
//   山田      1      10000  141      1 1  hibernating          first_active
//   D         2      1500   1        5 2  potential_loyalists  beginner_active
//   E         1      1200   20       2 1  hibernating          first_active
// Revenue 19,200 in all. "Second-purchase push" (frequency = 1 and recency <= 30) selects =B(1) and E.
const SHOP = `order_id,order_date,customer_id,email,phone,order_total,product_id,product_name
1,2024-01-05,A,a@example.jp,,1000,P1,コーヒー豆
2,2024-03-01,A,a@example.jp,,2000,P2,ドリップバッグ
3,2024-06-20,A,a@example.jp,,3000,P1,コーヒー豆
4,2024-06-25,=B(1),b@example.jp,090-1234-5678,500,P2,ドリップバッグ
5,2024-02-10,山田,yamada@example.jp,,10000,P3,ミル
6,2024-06-01,D,d@example.jp,,700,P1,コーヒー豆
7,2024-06-29,D,d@example.jp,,800,P2,ドリップバッグ
8,2024-06-10,E,+e@evil.example,+81 3-1234-5678,1200,P1,コーヒー豆
`;
const shop = join(work, 'shop.csv');
writeFileSync(shop, SHOP);
const CDNOW = join(ROOT, 'tests/data/cdnow/cdnow_sample_orders.csv');

const app = servedApp();

/** Loads `file` into the page and opens the segments tab. */
async function segmentsOf(page, file) {
  await page.setInputFiles('[data-testid=file-input]', [file]);
  await page.waitForSelector('[data-testid=dashboard]');
  await page.click('[data-testid=tab-segments]');
  await page.waitForSelector('[data-testid=segments]');
}

const count = (page) => page.$eval('[data-testid=seg-count]', (e) => Number(e.dataset.value));

async function waitForCount(page, n) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=seg-count]')?.dataset.value) === n, n);
}

/** Sets the condition text as a user would (typing, then leaving the field). */
async function setText(page, text) {
  await page.$eval('[data-testid=seg-text]', (t) => { t.closest('details').open = true; });
  await page.fill('[data-testid=seg-text]', text);
  await page.dispatchEvent('[data-testid=seg-text]', 'change');
}

test('a starter segment exports the exact, Excel-safe bytes the CLI writes, in UTF-8 with BOM and Shift_JIS', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await segmentsOf(page, shop);
  await waitForCount(page, 5);

  await page.click('[data-testid=seg-starter-second_purchase]');
  await waitForCount(page, 2);
  assert.equal(await page.$eval('[data-testid=seg-revenue]', (e) => Number(e.dataset.value)), 1700);
  assert.equal(await page.textContent('[data-testid=seg-share]'), '8.9%');
  const previewKeys = await page.$$eval('[data-testid=seg-preview] tbody tr td:first-child', (c) => c.map((x) => x.textContent));
  assert.deepEqual(previewKeys, ['=B(1)', 'E'], 'names are shown as text, never run');

  const utf8 = await download(page, '[data-testid=seg-download]');
  assert.equal(utf8.name, '2回目購入の後押し-2024-06-30.csv');
  assert.equal(utf8.bytes.toString('utf8'),
    '\uFEFFcustomer,email,phone,recency,frequency,monetary,rfm_segment,cpm_group\r\n' +
    "'=B(1),b@example.jp,090-1234-5678,5,1,500,promising,first_active\r\n" +
    "E,'+e@evil.example,03-1234-5678,20,1,1200,hibernating,first_active\r\n");
  assert.deepEqual(utf8.bytes, execFileSync(CLI, ['segment', shop, '--starter', 'second_purchase'], { stdio: ['ignore', 'pipe', 'ignore'] }));

  // A condition typed as text, a customer whose name needs Shift_JIS, the e-mail list layout.
  await setText(page, 'customer in (山田, E)');
  await waitForCount(page, 2);
  await page.selectOption('[data-testid=seg-encoding]', 'shift-jis');
  const sjis = await download(page, '[data-testid=seg-download]');
  assert.deepEqual(sjis.bytes, execFileSync(CLI, ['segment', shop, '--where', 'customer in (山田, E)', '--out-encoding', 'shift-jis'],
    { stdio: ['ignore', 'pipe', 'ignore'] }));
  assert.match(new TextDecoder('shift_jis').decode(sjis.bytes).split('\r\n')[1], /^山田,yamada@example\.jp,,141,1,10000,hibernating,first_active$/);
  assert.ok(sjis.bytes.includes(Buffer.from([0x8e, 0x52, 0x93, 0x63])), '山田 in Shift_JIS');
  await page.selectOption('[data-testid=seg-layout]', 'email-list');
  const list = await download(page, '[data-testid=seg-download]');
  // `+e@evil.example` starts like a formula: not a usable address, so it is skipped, not written quoted.
  assert.equal(list.bytes.toString('latin1'), 'yamada@example.jp\r\n');

  // The full per-customer table: every customer, every (non-predicted) field.
  await page.selectOption('[data-testid=seg-encoding]', 'utf-8');
  const all = await download(page, '[data-testid=seg-download-all]');
  const lines = all.bytes.toString('utf8').split('\r\n');
  assert.equal(lines[0], '\uFEFFcustomer,email,phone,recency,frequency,monetary,aov,r_score,f_score,m_score,rfm_segment,' +
    'cpm_group,rfm_segment_at_from,cpm_group_at_from,cohort,first_order,last_order,days_since_first,first_product,products,' +
    'first_channel,first_coupon,subscription,subscription_orders');
  assert.equal(lines.length, 7, 'header, five customers, final line end');
  // As of 2024-04-01 (90 days earlier) only A (2 orders, 31 days before, tenure 56 days) and 山田 (1 order, 51
  // days before) had ordered: R by quantile over the two, A 3 and 山田 1, so A was about_to_sleep (R3 F2)
  // and beginner_active.
  assert.ok(lines.includes('A,a@example.jp,,10,3,6000,2000,3,3,4,need_attention,steady_active,about_to_sleep,' +
    'beginner_active,2024-01,2024-01-05,2024-06-20,177,P1,P1 | P2,,,none,0'), lines.join('\n'));
  assert.equal(await page.inputValue('[data-testid=seg-from]'), '2024-04-01');
  // On 2024-03-01 A's last order was 56 days before and 山田's 20: 山田 was about_to_sleep (R3 F1), and is
  // hibernating now.
  await page.fill('[data-testid=seg-from]', '2024-03-01');
  await page.dispatchEvent('[data-testid=seg-from]', 'change');
  await setText(page, 'segment_at_from = about_to_sleep and rfm_segment = hibernating');
  await waitForCount(page, 1);
  assert.deepEqual(await page.$$eval('[data-testid=seg-preview] tbody tr td:first-child', (c) => c.map((x) => x.textContent)), ['山田']);

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('conditions built by hand, wrong text explained, segments saved in the browser and shared as JSON', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await segmentsOf(page, shop);

  await page.selectOption('[data-testid=seg-add]', 'frequency');
  await page.selectOption('[data-testid=seg-op-0]', '>=');
  await page.fill('[data-testid=seg-value-0]', '2');
  await waitForCount(page, 2);
  await page.selectOption('[data-testid=seg-add]', 'rfm_segment');
  await page.uncheck('[data-testid=seg-row-1] [data-testid=seg-choice-champions]');
  await page.check('[data-testid=seg-row-1] [data-testid=seg-choice-potential_loyalists]');
  await waitForCount(page, 1);
  assert.equal(await page.inputValue('[data-testid=seg-text]'), 'frequency >= 2 and rfm_segment in (potential_loyalists)');

  // A value that is not a number, typed key by key: the row says why and no count is shown. The field keeps
  // its focus as the row turns invalid, so no key is lost.
  await page.focus('[data-testid=seg-value-0]');
  await page.$eval('[data-testid=seg-value-0]', (input) => input.select());
  await page.keyboard.type('two');
  await page.waitForSelector('[data-testid=seg-row-0].invalid');
  assert.equal(await page.inputValue('[data-testid=seg-value-0]'), 'two');
  assert.match(await page.textContent('[data-testid=seg-row-0]'), /frequency needs a whole number, not 'two'/);
  assert.equal(await page.$('[data-testid=seg-count]'), null);
  await setText(page, 'recency > 90 or frequency = 1');
  assert.match(await page.textContent('[data-testid=seg-text-error]'), /at character 14: OR joins conditions on one field only/);

  await setText(page, 'frequency >= 2');
  await waitForCount(page, 2);
  await page.fill('[data-testid=seg-name]', 'Repeaters');
  await page.click('[data-testid=seg-save]');
  await page.waitForSelector('[data-testid=seg-saved-item]');

  // Saved in this browser: still there after a reload, and applying it restores the condition.
  await page.reload();
  await segmentsOf(page, shop);
  await waitForCount(page, 5);
  await page.click('[data-testid=seg-saved-item] >> text=Repeaters');
  await waitForCount(page, 2);

  const shared = await download(page, '[data-testid=seg-export-defs]');
  assert.equal(shared.name, 'kokyaku-segments.json');
  const json = JSON.parse(shared.bytes.toString('utf8'));
  assert.equal(json.format, 'kokyaku-segments');
  assert.deepEqual(json.segments.map((s) => [s.name, s.where]), [['Repeaters', 'frequency >= 2']]);

  // Importing a colleague's file adds its segments; a broken file is refused with the reason.
  const theirs = join(work, 'theirs.json');
  writeFileSync(theirs, JSON.stringify({ format: 'kokyaku-segments', version: 1,
    segments: [{ name: '休眠', where: 'recency > 100', fields: ['customer', 'email'] }] }));
  await page.setInputFiles('[data-testid=seg-import-defs]', [theirs]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=seg-saved-item]').length === 2);
  await page.click('[data-testid=seg-saved-item] >> text=休眠');
  await waitForCount(page, 1);
  assert.deepEqual(await page.$$eval('[data-testid=seg-preview] thead th', (h) => h.length), 2);
  const broken = join(work, 'broken.json');
  writeFileSync(broken, JSON.stringify({ format: 'kokyaku-segments', version: 1, segments: [{ name: 'x', where: 'recency >' }] }));
  await page.setInputFiles('[data-testid=seg-import-defs]', [broken]);
  await page.waitForFunction(() => document.querySelector('[data-testid=seg-saved-message]')?.textContent.includes("segment 'x': at character 10"));

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the language switch is remembered and changes words, dates and numbers', async () => {
  const { page, context, requests } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  const lang = await page.getAttribute('main', 'lang');
  if (lang !== 'ja') await page.click('[data-testid=lang]');
  await segmentsOf(page, shop);
  assert.equal(await page.textContent('[data-testid=tab-segments]'), 'セグメント');
  assert.match(await page.textContent('[data-testid=segments] .as-of'), /2024年6月30日/);
  await page.click('[data-testid=seg-starter-win_back]');
  assert.equal(await page.textContent('[data-testid=seg-starter-win_back]'), '休眠優良顧客の掘り起こし');
  await setText(page, 'recency > soon');
  assert.equal(await page.textContent('[data-testid=seg-text-error]'), '11文字目：recency には整数を指定します（「soon」ではなく）');

  await page.click('[data-testid=lang]');
  assert.equal(await page.textContent('[data-testid=tab-segments]'), 'Segments');
  assert.match(await page.textContent('[data-testid=segments] .as-of'), /2024-06-30/);
  await page.reload();
  assert.equal(await page.getAttribute('main', 'lang'), 'en', 'the choice is kept in the browser');
  await segmentsOf(page, shop);
  await page.fill('[data-testid=seg-name]', '');
  await setText(page, 'monetary >= 1500');
  await waitForCount(page, 3);
  assert.equal(await page.textContent('[data-testid=seg-revenue]'), '¥17,500');
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  await context.close();
});

test('predicted fields are fitted in the worker and select what the CLI selects', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await segmentsOf(page, CDNOW);
  assert.equal(await page.$('[data-testid=seg-col-p_alive]'), null, 'no predicted fields before the fit');
  await page.check('[data-testid=seg-ltv]');
  await page.waitForSelector('[data-testid=seg-col-p_alive]', { state: 'attached', timeout: 60_000 });
  const condition = 'rfm_segment in (at_risk, cant_lose_them) and p_alive < 0.3';
  await setText(page, condition);
  const cli = execFileSync(CLI, ['segment', CDNOW, '--map', 'order_total=amount_usd', '--where', condition],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const expected = cli.split('\r\n').filter((l) => l !== '').length - 1;
  assert.ok(expected > 5, `${expected} customers`);
  await waitForCount(page, expected);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"VIPs likely to churn" turns the predicted fields on and selects what the CLI selects', async () => {
  const { page, context, errors } = await recordedPage(app.browser);
  await page.goto(app.server.url);
  await segmentsOf(page, CDNOW);
  await page.click('[data-testid=seg-starter-vip_churn_risk]');
  assert.equal(await page.isChecked('[data-testid=seg-ltv]'), true);
  const cli = execFileSync(CLI, ['segment', CDNOW, '--map', 'order_total=amount_usd', '--starter', 'vip_churn_risk',
    '--fields', 'customer,churn_risk,next_order_from'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const rows = cli.split('\r\n').filter((l) => l !== '').slice(1);
  assert.ok(rows.length > 50, `${rows.length} customers`);
  await waitForCount(page, rows.length);
  assert.deepEqual(errors, []);
  await context.close();
});
