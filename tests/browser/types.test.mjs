// The package's TypeScript declarations: a host's typical use of the API and the element type-checks with
// `tsc --strict` (types/usage.ts), and wrong uses do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HERE = import.meta.dirname;
const TSC = join(HERE, 'node_modules', '.bin', 'tsc');

function tsc(project) {
  try {
    execFileSync(TSC, ['-p', project], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return e.stdout || String(e);
  }
}

test('the declared API and element type-check as a host uses them', () => {
  assert.equal(tsc(join(HERE, 'types')), '');
});

test('a use the declarations do not allow is a type error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kokyaku-types-'));
  const usage = readFileSync(join(HERE, 'types', 'usage.ts'), 'utf8')
    .replaceAll('../../../pkg/', join(HERE, '..', '..', 'pkg') + '/')
    .replace("fromOrders.rfm({ monetary_basis: 'average'", "fromOrders.rfm({ monetary_basis: 'median'");
  writeFileSync(join(dir, 'usage.ts'), usage);
  const config = JSON.parse(readFileSync(join(HERE, 'types', 'tsconfig.json'), 'utf8'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  assert.match(tsc(dir), /'"median"' is not assignable/);
});

test('a list report is read as declared: its skipped customers are objects, and it may be null', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kokyaku-types-'));
  const usage = readFileSync(join(HERE, 'types', 'usage.ts'), 'utf8')
    .replaceAll('../../../pkg/', join(HERE, '..', '..', 'pkg') + '/')
    .replace('const list: ListReport | null = reported.list;', 'const list: ListReport = reported.list;')
    .replace('`${s.customer} (${s.value', '`${s[0]} (${s.value');
  writeFileSync(join(dir, 'usage.ts'), usage);
  const config = JSON.parse(readFileSync(join(HERE, 'types', 'tsconfig.json'), 'utf8'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const errors = tsc(dir);
  assert.match(errors, /Type 'ListReport \| null' is not assignable to type 'ListReport'/);
  assert.match(errors, /Element implicitly has an 'any' type because expression of type '0' can't be used to index type 'SkippedCustomer'/);
});
