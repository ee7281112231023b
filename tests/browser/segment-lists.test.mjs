// What an e-mail or phone list leaves out, said by the JS API (`exportSegmentWithReport`, in the declared
// types) and by the page beside its export button, in Japanese and English: the same counts and customers as
// `kokyaku segment --layout email-list` prints on stderr. No request leaves the page's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, servedApp, recordedPage, foreignRequests, segmentsInJapanese, download } from './harness.mjs';
import { declarations } from './declared.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-lists-'));

// Nine customers keyed by member id, each with the e-mail of their orders. By hand, for the e-mail list:
//   K01 aoki@example.jp (two orders), K08 hara@example.jp       written: 2 lines
//   K02 empty, K03 `-`, K04 `none`, K09 `N/A`                  missing (empty or a placeholder): 4
//   K05 `+kato@example.jp` (a formula's start), K06 `goto@localhost` (no dot in the domain)   unusable: 2
//   K07 aoki@example.jp, already written for K01               repeated: 1
// Skipped 6, the first five named in customer order (K02, K03, K04, K05, K06), "and 1 more" (K09).
// For the phone list: K01 090-1111-2222 and K02 03-1234-5678 written, the other seven have none.
const LIST = `order_id,order_date,customer_id,email,phone,order_total
1,2024-05-01,K01,aoki@example.jp,090-1111-2222,1000
2,2024-05-02,K02,,03-1234-5678,2000
3,2024-05-03,K03,-,,1500
4,2024-05-04,K04,none,,1200
5,2024-05-05,K05,+kato@example.jp,,800
6,2024-05-06,K06,goto@localhost,,900
7,2024-05-07,K07,aoki@example.jp,,700
8,2024-05-08,K08,hara@example.jp,,600
9,2024-05-09,K09,N/A,,500
10,2024-05-10,K01,aoki@example.jp,,400
`;
const file = join(work, 'list.csv');
writeFileSync(file, LIST);

const EMAIL_REPORT = {
  written: 2, missing: 4, unusable: 2, repeated: 1, not_e164: 0,
  skipped: [
    { customer: 'K02', value: '' }, { customer: 'K03', value: '' }, { customer: 'K04', value: '' },
    { customer: 'K05', value: '+kato@example.jp' }, { customer: 'K06', value: 'goto@localhost' },
  ],
};

const app = servedApp();

/** `kokyaku segment` on the fixture: the list's bytes, and its line on stderr about what it skipped. */
function cliList(layout) {
  const out = join(work, `${layout}.csv`);
  const run = spawnSync(CLI, ['segment', file, '--layout', layout, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return { bytes: readFileSync(out), stderr: run.stderr };
}

test('exportSegmentWithReport returns the list and what it skipped, as declared', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await page.goto(app.server.url + 'embed-example/');
  const got = await page.evaluate(async (text) => {
    const { default: init, Analyzer } = await import('./kokyaku/kokyaku_wasm.js');
    await init();
    const a = Analyzer.fromCsv(text, {}, 'list.csv');
    const email = a.exportSegmentWithReport('', { layout: 'email-list' });
    const phone = a.exportSegmentWithReport('', { layout: 'phone-list' });
    const fields = a.exportSegmentWithReport('frequency >= 2', { fields: ['customer', 'email'] });
    const plain = a.exportSegment('', { layout: 'email-list' });
    a.free();
    const bytes = (b) => ({ isUint8Array: b instanceof Uint8Array, values: Array.from(b) });
    return {
      email: { bytes: bytes(email.bytes), list: email.list, keys: Object.keys(email) },
      phone: { bytes: bytes(phone.bytes), list: phone.list },
      fields: { bytes: bytes(fields.bytes), list: fields.list },
      plain: Array.from(plain),
    };
  }, LIST);

  assert.deepEqual(got.email.keys, ['bytes', 'list', 'phones_not_e164', 'replaced']);
  assert.deepEqual(got.email.list, EMAIL_REPORT);
  assert.equal(got.email.bytes.isUint8Array, true);
  // The bytes are exportSegment's and the CLI's, and the CLI says the same of what it skipped.
  const cli = cliList('email-list');
  assert.deepEqual(got.email.bytes.values, got.plain);
  assert.deepEqual(Buffer.from(got.email.bytes.values), cli.bytes);
  assert.match(cli.stderr, /2 addresses; skipped 6 customers without a usable address \(4 empty or a placeholder, 2 not one address\): K02 \(none\), K03 \(none\), K04 \(none\), K05 \('\+kato@example\.jp'\), K06 \('goto@localhost'\), and 1 more; 1 customer whose address is already listed/);

  const { written, missing, unusable, repeated, skipped } = got.phone.list;
  assert.deepEqual([written, missing, unusable, repeated], [2, 7, 0, 0]);
  assert.deepEqual(skipped.map((s) => s.customer), ['K03', 'K04', 'K05', 'K06', 'K07']);
  assert.deepEqual(Buffer.from(got.phone.bytes.values), cliList('phone-list').bytes);
  // The fields layout has no list to report.
  assert.equal(got.fields.list, null);
  assert.ok(got.fields.bytes.values.length > 0);

  const types = declarations(join(ROOT, 'pkg', 'kokyaku_wasm.d.ts'));
  assert.deepEqual(types.mismatches(got.email.list, 'ListReport'), []);
  assert.deepEqual(types.mismatches(got.phone.list, 'ListReport'), []);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The line beside the export buttons: its counts, and its words. */
function listLine(page) {
  return page.$eval('[data-testid=seg-list-report]', (p) => ({
    counts: [p.dataset.written, p.dataset.missing, p.dataset.unusable, p.dataset.repeated].map(Number),
    skipped: p.querySelector('[data-testid=seg-list-skipped]')?.textContent ?? null,
    named: p.querySelector('[data-testid=seg-list-named]')?.textContent ?? null,
    text: p.textContent,
  }));
}

test('the page says beside the export which customers an e-mail or phone list left out, in both languages', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await segmentsInJapanese(page, app.server.url, file, 9);

  // No line before a list is written, nor after a fields export.
  assert.equal(await page.$('[data-testid=seg-list-report]'), null);
  await page.selectOption('[data-testid=seg-layout]', 'email-list');
  assert.deepEqual((await download(page, '[data-testid=seg-download]')).bytes, cliList('email-list').bytes);
  await page.waitForSelector('[data-testid=seg-list-report]');
  let line = await listLine(page);
  assert.deepEqual(line.counts, [2, 4, 2, 1]);
  assert.equal(line.skipped, 'メールアドレスのない顧客 6人を除外しました（空または仮の値 4人、使えない値 2人）');
  assert.equal(line.named, 'K02（空）、K03（空）、K04（空）、K05（「+kato@example.jp」）、K06（「goto@localhost」）、ほか1人');
  assert.match(line.text, /^2件のメールアドレスを書き出しました。 メールアドレスのない顧客 6人を除外しました（.*）：K02（空）、.*ほか1人。/);
  assert.match(line.text, /同じメールアドレスがすでにある顧客 1人は1行にまとめました。$/);

  // The same line in English.
  await page.click('[data-testid=lang]');
  await page.waitForFunction(() => document.querySelector('main')?.lang === 'en');
  line = await listLine(page);
  assert.equal(line.skipped, 'Left out 6 customers without a usable e-mail address (4 empty or a placeholder, 2 not usable)');
  assert.equal(line.named, "K02 (empty), K03 (empty), K04 (empty), K05 ('+kato@example.jp'), K06 ('goto@localhost'), and 1 more");
  assert.match(line.text, /^2 addresses written\. Left out 6 .*\): K02 \(empty\), .*, and 1 more\./);
  assert.match(line.text, /1 customer shares an address already listed\.$/);

  // A phone list: seven customers have no number.
  await page.selectOption('[data-testid=seg-layout]', 'phone-list');
  await page.waitForFunction(() => !document.querySelector('[data-testid=seg-list-report]'));
  await download(page, '[data-testid=seg-download]');
  await page.waitForSelector('[data-testid=seg-list-report]');
  line = await listLine(page);
  assert.deepEqual(line.counts, [2, 7, 0, 0]);
  assert.equal(line.skipped, 'Left out 7 customers without a usable phone number (7 empty or a placeholder)');
  assert.equal(line.named, 'K03 (empty), K04 (empty), K05 (empty), K06 (empty), K07 (empty), and 2 more');

  // Every customer with every field: no list, no line.
  await download(page, '[data-testid=seg-download-all]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=seg-list-report]'));

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
