// The page in Firefox and WebKit, over plain WebDriver (Playwright's own builds of those engines cannot be
// installed here; Debian's firefox-esr with geckodriver and webkit2gtk's WebKitWebDriver with MiniBrowser can).
// For each engine: the CDNOW sample chosen in the file input, the summary's figures equal the CLI's, every
// analysis view shows (the LTV view with the CLI's fitted parameters, from a worker), the RFM table downloads
// with the CLI's bytes in English and then in Japanese, no script error, and every resource the page loaded
// came from its own origin. Run by scripts/test.sh after scripts/setup.sh --engines installed the engines.
//
//   node tests/engines/engines.mjs [firefox] [webkit]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, ROOT, serve } from '../browser/harness.mjs';
import { ELEMENT, ENGINES, Session, startDriver } from './webdriver.mjs';

const CDNOW = join(ROOT, 'tests', 'data', 'cdnow', 'cdnow_sample_orders.csv');

/** Each view's tab and an element only that view has (the LTV view's once its models are fitted). */
const VIEWS = [
  ['dashboard', 'dashboard'], ['rfm', 'rfm-grid'], ['cpm', 'cpm-grid'], ['cohorts', 'cohort-table'],
  ['repeat', 'f2'], ['history', 'history'], ['basket', 'basket'], ['migration', 'migration'],
  ['segments', 'segments'], ['ltv', 'ltv-transaction-params'],
];

/** The CLI's summary of the file: the figures the page must show. */
function cliSummary(file) {
  const r = JSON.parse(execFileSync(CLI, ['summary', file, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return { customers: r.customers, orders: r.orders, revenue_minor: r.revenue_minor };
}

async function check(engine, server) {
  const { base, child } = await startDriver(engine);
  const session = await Session.start(base, ENGINES[engine].capabilities);
  try {
    await session.call('/url', 'POST', { url: server.url });
    await session.run(`
      window.engineErrors = [];
      window.addEventListener('error', (e) => window.engineErrors.push(String(e.message)));
      window.addEventListener('unhandledrejection', (e) => window.engineErrors.push(String(e.reason)));`);
    await session.until('the page', `return document.querySelector('[data-testid=file-input]') !== null;`, 30_000);
    const input = await session.call('/element', 'POST', { using: 'css selector', value: '[data-testid=file-input]' });
    const started = Date.now();
    await session.call(`/element/${input[ELEMENT]}/value`, 'POST', { text: CDNOW });
    // New files open on the dashboard; the figures checked are the summary's.
    const shown = await session.until('the summary', `
      document.querySelector('[data-testid=tab-summary]')?.click();
      const v = (id) => document.querySelector('[data-testid="' + id + '"]')?.dataset.value;
      return v('customers') === undefined ? null
        : { customers: Number(v('customers')), orders: Number(v('orders')), revenue_minor: Number(v('revenue')) };`,
    60_000);
    const readMs = Date.now() - started;
    const want = cliSummary(CDNOW);
    if (Object.keys(want).some((k) => shown[k] !== want[k])) {
      throw new Error(`summary ${JSON.stringify(shown)}, the CLI's ${JSON.stringify(want)}`);
    }
    for (const [tab, testid] of VIEWS) {
      await session.run(`document.querySelector('[data-testid=tab-${tab}]').click();`);
      await session.until(`the ${tab} view`, `return document.querySelector('[data-testid=${testid}]') !== null;`, 60_000);
    }
    // The LTV view is the last one opened: its fitted parameters, as the published CDNOW ones.
    const params = await session.run(`return [...document.querySelectorAll('[data-testid=ltv-transaction-params] td[data-value]')]
      .map((c) => Number(Number(c.dataset.value).toPrecision(3)));`);
    // The RFM table's download, in English and then in Japanese, as `kokyaku rfm --csv --lang`.
    await session.run(`document.querySelector('[data-testid=tab-rfm]').click();`);
    await session.until('the RFM view', `return document.querySelector('[data-testid=rfm-grid]') !== null;`, 60_000);
    await catchDownloads(session);
    for (const lang of ['en', 'ja']) {
      if (lang === 'ja') {
        await session.run(`document.querySelector('[data-testid=lang]').click();`);
        await session.until('Japanese', `return document.querySelector('main')?.getAttribute('lang') === 'ja';`, 10_000);
      }
      const file = await downloaded(session, '[data-testid=csv-rfm-customers]');
      const cli = execFileSync(CLI, ['rfm', CDNOW, '--csv', '--lang', lang], { stdio: ['ignore', 'pipe', 'ignore'] });
      if (file.name !== 'rfm-customers.csv' || !file.bytes.equals(cli)) {
        throw new Error(`the RFM download in ${lang} (${file.name}, ${file.bytes.length} bytes) differs from kokyaku rfm --csv --lang ${lang}`);
      }
    }
    const foreign = await session.run(`return performance.getEntriesByType('resource')
      .map((e) => e.name).filter((n) => !n.startsWith(location.origin) && !n.startsWith('blob:') && !n.startsWith('data:'));`);
    const errors = await session.run('return window.engineErrors;');
    const problems = [
      ...(foreign.length > 0 ? [`requests to other origins: ${foreign.join(' ')}`] : []),
      ...(errors.length > 0 ? [`script errors: ${errors.join(' | ')}`] : []),
    ];
    const cli = JSON.parse(execFileSync(CLI, ['ltv', CDNOW, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const theirs = ['r', 'alpha', 'a', 'b'].map((k) => Number(cli.transactions.params[k].toPrecision(3)));
    if (JSON.stringify(params) !== JSON.stringify(theirs)) {
      problems.push(`BG/NBD parameters ${params.join(', ')}, the CLI's ${theirs.join(', ')}`);
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    return { readMs, params };
  } finally {
    await session.end().catch(() => {});
    try { process.kill(-child.pid); } catch { /* gone */ }
  }
}

/**
 * Keeps what the page offers for download instead of saving it (WebDriver has no download events): each Blob
 * given a URL is remembered, and a click on an anchor with a `download` name records the name and that Blob.
 */
function catchDownloads(session) {
  return session.run(`
    const blobs = new Map();
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (blob) => { const url = createObjectURL(blob); blobs.set(url, blob); return url; };
    window.caughtDownloads = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      if (this.download && blobs.has(this.href)) window.caughtDownloads.push({ name: this.download, blob: blobs.get(this.href) });
      else click.call(this);
    };`);
}

/** Clicks `selector` and returns the name and bytes of the download it offers. */
async function downloaded(session, selector) {
  await session.run('window.caughtDownloads.length = 0; document.querySelector(arguments[0]).click();', selector);
  await session.until('the download', 'return window.caughtDownloads.length > 0;', 30_000);
  const { name, base64 } = await session.call('/execute/async', 'POST', {
    script: `const done = arguments[arguments.length - 1];
      const { name, blob } = window.caughtDownloads[0];
      const reader = new FileReader();
      reader.onload = () => done({ name, base64: reader.result.split(',')[1] ?? '' });
      reader.readAsDataURL(blob);`,
    args: [],
  });
  return { name, bytes: Buffer.from(base64, 'base64') };
}

const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(ENGINES);
const server = await serve();
let failed = 0;
try {
  for (const engine of wanted) {
    try {
      const { readMs, params } = await check(engine, server);
      console.log(`ok - ${engine}: CDNOW read and shown in ${readMs} ms with the CLI's figures; ${VIEWS.length} views shown; `
        + `BG/NBD r, α, a, b = ${params.join(', ')}; the RFM download in English and Japanese is the CLI's; `
        + 'no script error; no request to another origin');
    } catch (e) {
      failed++;
      console.log(`not ok - ${engine}: ${e.message}`);
    }
  }
} finally {
  await server.close();
}
process.exitCode = failed > 0 ? 1 : 0;
