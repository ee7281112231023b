// Segment export options in the JS API (`phone_form`, `unmappable`, in the declared types) and the page's
// controls beside the export button: phone numbers in E.164, Shift_JIS as Windows writes it, a character it
// cannot hold refused or replaced, the lines that say what was left out or changed, and customers' names as
// columns. The bytes were worked out by hand, and are the ones `kokyaku segment` writes with the same options.
// No request leaves the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, servedApp, recordedPage, foreignRequests, segmentsInJapanese, download as saveDownload } from './harness.mjs';
import { declarations } from './declared.mjs';

const work = mkdtempSync(join(tmpdir(), 'kokyaku-export-'));

// One order each. Phones as read: A 09012345678, B 0312345678, C 14155550100 (+1 kept as the country code),
// D 012345678 (a 0 and 8 digits: no E.164 form). A's key has 〜 (U+301C, CP932 0x81 0x60) and ¢ (U+00A2,
// 0x81 0x91); D's key has an emoji, which Shift_JIS cannot hold (〓 is 0x81 0xAC).
const SHOP = `order_id,order_date,customer_id,phone,order_total
1,2024-01-01,A〜¢,090-1234-5678,1000
2,2024-01-02,B,03-1234-5678,2000
3,2024-01-03,C,+1 415 555 0100,3000
4,2024-01-05,D😀,012345678,4000
`;
const file = join(work, 'shop.csv');
writeFileSync(file, SHOP);

const E164_FIELDS = '\uFEFFcustomer,phone,monetary\r\nA〜¢,+819012345678,1000\r\nB,+81312345678,2000\r\n'
  + 'C,+14155550100,3000\r\nD😀,,4000\r\n';
const E164_LIST = '+819012345678\r\n+81312345678\r\n+14155550100\r\n';
const SJIS_GETA = Buffer.concat([
  Buffer.from('customer,phone,monetary\r\nA'), Buffer.from([0x81, 0x60, 0x81, 0x91]),
  Buffer.from(',+819012345678,1000\r\nB,+81312345678,2000\r\nC,+14155550100,3000\r\nD'),
  Buffer.from([0x81, 0xac]), Buffer.from(',,4000\r\n'),
]);

const app = servedApp();

/** `kokyaku segment` on the fixture with `args`: the file's bytes. */
function cli(...args) {
  const out = join(work, 'cli.csv');
  const run = spawnSync(CLI, ['segment', file, '--out', out, ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return readFileSync(out);
}

test('the JS API writes E.164 phones and Shift_JIS as asked, and reports what it left out or replaced', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await page.goto(app.server.url + 'embed-example/');
  const got = await page.evaluate(async (text) => {
    const { default: init, Analyzer } = await import('./kokyaku/kokyaku_wasm.js');
    await init();
    const a = Analyzer.fromCsv(text, {}, 'shop.csv');
    const fields = ['customer', 'phone', 'monetary'];
    const e164 = a.exportSegmentWithReport('', { fields, phone_form: 'e164' });
    const list = a.exportSegmentWithReport('', { layout: 'phone-list', phone_form: 'e164' });
    let refused = null;
    try {
      a.exportSegment('', { fields, encoding: 'shift-jis' });
    } catch (e) {
      refused = { isError: e instanceof Error, message: e.message, kind: e.kind, values: e.values };
    }
    const geta = a.exportSegmentWithReport('', { fields, phone_form: 'e164', encoding: 'shift-jis', unmappable: 'geta' });
    const question = a.exportSegment('', { fields: ['customer'], encoding: 'shift-jis', unmappable: 'question' });
    a.free();
    return {
      e164: { bytes: Array.from(e164.bytes), phones: e164.phones_not_e164, replaced: e164.replaced },
      list: { bytes: Array.from(list.bytes), list: list.list },
      refused,
      geta: { bytes: Array.from(geta.bytes), replaced: geta.replaced },
      question: Array.from(question),
    };
  }, SHOP);

  assert.equal(Buffer.from(got.e164.bytes).toString('utf8'), E164_FIELDS);
  assert.deepEqual(Buffer.from(got.e164.bytes), cli('--fields', 'customer,phone,monetary', '--phone-form', 'e164'));
  assert.deepEqual(got.e164.phones, { count: 1, skipped: [{ customer: 'D😀', value: '012345678' }] });
  assert.equal(got.e164.replaced, null);

  assert.equal(Buffer.from(got.list.bytes).toString('utf8'), E164_LIST, 'no BOM on a list');
  assert.deepEqual(got.list.list, {
    written: 3, missing: 0, unusable: 0, repeated: 0, not_e164: 1,
    skipped: [{ customer: 'D😀', value: '012345678' }],
  });

  assert.deepEqual(got.refused, {
    isError: true,
    message: "line 5 of the export (customer D😀) has '😀' (U+1F600), which Shift_JIS cannot hold; export in "
      + 'UTF-8, or replace such characters with 〓 or ?',
    kind: 'unmappable',
    values: { line: 5, customer: 'D😀', character: '😀' },
  });

  assert.deepEqual(Buffer.from(got.geta.bytes), SJIS_GETA);
  assert.deepEqual(Buffer.from(got.geta.bytes),
    cli('--fields', 'customer,phone,monetary', '--phone-form', 'e164', '--out-encoding', 'shift-jis', '--unmappable', 'geta'));
  assert.deepEqual(got.geta.replaced, {
    with: '〓', lines: 1, characters: 1, named: [{ line: 5, customer: 'D😀', characters: '😀' }],
  });
  assert.deepEqual(Buffer.from(got.question),
    Buffer.concat([Buffer.from('customer\r\nA'), Buffer.from([0x81, 0x60, 0x81, 0x91]), Buffer.from('\r\nB\r\nC\r\nD?\r\n')]));

  const types = declarations(join(ROOT, 'pkg', 'kokyaku_wasm.d.ts'));
  assert.deepEqual(types.mismatches(got.e164.phones, 'PhonesNotE164'), []);
  assert.deepEqual(types.mismatches(got.list.list, 'ListReport'), []);
  assert.deepEqual(types.mismatches({ kind: got.refused.kind, values: got.refused.values }, 'ExportErrorData'), []);
  assert.deepEqual(types.mismatches(got.geta.replaced, 'Replacements'), []);
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Clicks the export button and returns the file's bytes. */
async function download(page) {
  return (await saveDownload(page, '[data-testid=seg-download]')).bytes;
}

test('the page exports E.164 phones and Shift_JIS, refusing or replacing what it cannot hold, and says so', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await segmentsInJapanese(page, app.server.url, file, 4);
  // Columns: customer, phone, monetary.
  await page.$eval('[data-testid=seg-col-email]', (c) => { c.closest('details').open = true; });
  for (const field of ['email', 'recency', 'frequency', 'rfm_segment', 'cpm_group']) {
    await page.uncheck(`[data-testid=seg-col-${field}]`);
  }

  // National phones by default: grouped with hyphens.
  assert.equal((await download(page)).toString('utf8'),
    '\uFEFFcustomer,phone,monetary\r\nA〜¢,090-1234-5678,1000\r\nB,03-1234-5678,2000\r\nC,14155550100,3000\r\n'
    + 'D😀,01234-5678,4000\r\n');
  // The replacement choice is offered for Shift_JIS only.
  assert.equal(await page.$('[data-testid=seg-unmappable]'), null);

  await page.selectOption('[data-testid=seg-phone-form]', 'e164');
  assert.equal((await download(page)).toString('utf8'), E164_FIELDS);
  const phones = await page.waitForSelector('[data-testid=seg-phones-not-e164]');
  assert.equal(await phones.getAttribute('data-count'), '1');
  assert.equal(await phones.textContent(), 'E.164 で書けない電話番号の顧客 1人は電話番号を空欄にしました：D😀（「012345678」）。');

  // Shift_JIS: refused by default, naming the line, the customer and the character.
  await page.selectOption('[data-testid=seg-encoding]', 'shift-jis');
  await page.waitForFunction(() => !document.querySelector('[data-testid=seg-phones-not-e164]'));
  await page.click('[data-testid=seg-download]');
  const error = await page.waitForSelector('[data-testid=seg-export-error]');
  assert.equal(await error.textContent(),
    '書き出しの5行目（顧客 D😀）の「😀」(U+1F600) は Shift_JIS で表せません。UTF-8 で書き出すか、〓 または ? に置き換えてください。');

  // Replaced with 〓: the bytes, and the line that names the row changed.
  await page.selectOption('[data-testid=seg-unmappable]', 'geta');
  assert.deepEqual(await download(page), SJIS_GETA);
  assert.equal(await page.$('[data-testid=seg-export-error]'), null);
  const replaced = await page.waitForSelector('[data-testid=seg-replaced]');
  assert.deepEqual([await replaced.getAttribute('data-lines'), await replaced.getAttribute('data-characters')], ['1', '1']);
  assert.equal(await replaced.textContent(), 'Shift_JIS で表せない文字 1字を「〓」に置き換えました（1行）：5行目（D😀：「😀」）。');

  await page.click('[data-testid=lang]');
  await page.waitForFunction(() => document.querySelector('main')?.lang === 'en');
  assert.equal(await page.textContent('[data-testid=seg-replaced]'),
    "Replaced 1 character Shift_JIS cannot hold with '〓' on 1 line: line 5 (D😀: '😀').");
  assert.equal(await page.textContent('[data-testid=seg-phones-not-e164]'),
    "Phone left empty for 1 customer whose number has no E.164 form: D😀 ('012345678').");

  // The phone list in E.164 carries no BOM and counts the number it could not write.
  await page.selectOption('[data-testid=seg-layout]', 'phone-list');
  assert.equal((await download(page)).toString('latin1'), E164_LIST);
  const list = await page.waitForSelector('[data-testid=seg-list-report]');
  assert.equal(await list.getAttribute('data-not-e164'), '1');
  assert.equal(await page.textContent('[data-testid=seg-list-skipped]'),
    'Left out 1 customer without a usable phone number (1 without an E.164 form)');

  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});

// An EC-CUBE export with the orderer's name; member 1 renamed on the later order, which the file lists first.
const NAMES = `注文ID,会員ID,お名前(姓),お名前(名),メールアドレス,受注日,対応状況(名称),合計
2,1,佐藤,花子,h@example.jp,2024-03-01 10:00:00,発送済み,3000
1,1,山田,花子,h@example.jp,2024-01-05 10:00:00,発送済み,1000
3,2,鈴木,一郎,i@example.jp,2024-01-06 10:00:00,発送済み,2000
`;
const names = join(work, 'names.csv');
writeFileSync(names, NAMES);

test('the page exports names for a mail merge: full name, family and given name', async () => {
  const { page, context, requests, errors } = await recordedPage(app.browser);
  await segmentsInJapanese(page, app.server.url, names, 2);
  await page.$eval('[data-testid=seg-col-email]', (c) => { c.closest('details').open = true; });
  for (const field of ['phone', 'recency', 'frequency', 'monetary', 'rfm_segment', 'cpm_group']) {
    await page.uncheck(`[data-testid=seg-col-${field}]`);
  }
  for (const field of ['name', 'name_family', 'name_given']) await page.check(`[data-testid=seg-col-${field}]`);
  const preview = await page.$$eval('[data-testid=seg-preview] tbody tr', (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => td.textContent)));
  assert.deepEqual(preview, [['1', 'h@example.jp', '佐藤 花子', '佐藤', '花子'], ['2', 'i@example.jp', '鈴木 一郎', '鈴木', '一郎']]);
  assert.equal((await download(page)).toString('utf8'),
    '\uFEFFcustomer,email,name,name_family,name_given\r\n1,h@example.jp,佐藤 花子,佐藤,花子\r\n2,i@example.jp,鈴木 一郎,鈴木,一郎\r\n');
  assert.deepEqual(foreignRequests(requests, app.server.origin), []);
  assert.deepEqual(errors, []);
  await context.close();
});
