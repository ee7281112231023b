// The page in Firefox and WebKit, over plain WebDriver (Playwright's own builds of those engines cannot be
// installed here; Debian's firefox-esr with geckodriver and webkit2gtk's WebKitWebDriver with MiniBrowser can).
// For each engine: the CDNOW sample chosen in the file input, the summary's figures equal the CLI's, every
// analysis view shows (the LTV view with the CLI's fitted parameters, from a worker), no script error, and every
// resource the page loaded came from its own origin. Run by scripts/engines.sh, which installs the engines.
//
//   node tests/engines/engines.mjs [firefox] [webkit]
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, ROOT, serve } from '../browser/harness.mjs';

const CDNOW = join(ROOT, 'tests', 'data', 'cdnow', 'cdnow_sample_orders.csv');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Each view's tab and an element only that view has (the LTV view's once its models are fitted). */
const VIEWS = [
  ['dashboard', 'dashboard'], ['rfm', 'rfm-grid'], ['cpm', 'cpm-grid'], ['cohorts', 'cohort-table'],
  ['repeat', 'f2'], ['history', 'history'], ['basket', 'basket'], ['migration', 'migration'],
  ['segments', 'segments'], ['ltv', 'ltv-transaction-params'],
];

const ENGINES = {
  firefox: {
    driver: (port) => ['geckodriver', ['--port', String(port)]],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: '/usr/bin/firefox-esr', args: ['-headless'] },
    },
  },
  webkit: {
    // MiniBrowser has no headless mode: the driver runs under a virtual X server.
    driver: (port) => ['xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`]],
    capabilities: {
      'webkitgtk:browserOptions': {
        binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    },
  },
};

/** A WebDriver session: each command is an HTTP request to the driver. */
class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const r = await command(`${base}/session`, 'POST', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, r.sessionId);
  }

  call(path, method = 'POST', body = {}) {
    return command(`${this.base}/session/${this.id}${path}`, method, body);
  }

  /** Runs `script` (a function body) in the page with `args`, and returns its value. */
  run(script, ...args) {
    return this.call('/execute/sync', 'POST', { script, args });
  }

  /** Polls `script` until it returns something other than null, for up to `ms`. */
  async until(what, script, ms, ...args) {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await this.run(script, ...args);
      if (value !== null && value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  end() {
    return this.call('', 'DELETE');
  }
}

async function command(url, method, body) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'DELETE' ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${url}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`);
  }
  return json.value;
}

/** Starts the engine's driver on a free port and waits until it answers. */
async function startDriver(engine) {
  const port = 4400 + Math.floor(Math.random() * 500);
  const [cmd, args] = ENGINES[engine].driver(port);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) return { base, child };
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`${engine}: the driver did not start\n${stderr}`);
}

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

const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(ENGINES);
const server = await serve();
let failed = 0;
try {
  for (const engine of wanted) {
    try {
      const { readMs, params } = await check(engine, server);
      console.log(`ok - ${engine}: CDNOW read and shown in ${readMs} ms with the CLI's figures; ${VIEWS.length} views shown; `
        + `BG/NBD r, α, a, b = ${params.join(', ')}; no script error; no request to another origin`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${engine}: ${e.message}`);
    }
  }
} finally {
  await server.close();
}
process.exitCode = failed > 0 ? 1 : 0;
