// Times the page in headless Chromium on generated exports of growing size: from the file being chosen to
// every analysis view rendered, with the page's own clock (performance.now / marks), and the renderer's peak
// memory. Not a test: run it by hand after ./scripts/build-web.sh (it serves dist/ like the browser tests).
//
//   node bench/browser.mjs [--lines 1M,2M,4M,8M] [--format generic] [--seed 1] [--timeout-s 600] [--pick-after-ms 2000]
//                          [--no-duckdb]
//
// For each size a fresh browser loads the page, the file is set on the file input, and the script waits for
// the summary (the page's data-ms is its own reading time); then it opens each analysis tab in turn and waits
// for the view to be in the document and painted. The LTV tab's model fits (a Web Worker) are timed apart.
// The transfer of the file's rows from the reading worker to the page is summed from the app's own User
// Timing measures (web/src/timing.rs): each batch's encoding in the worker and decoding in the page, and its
// bytes.
// Peak memory is VmHWM of the renderer process (Linux /proc), plus performance.memory's JS heap. Sizes stop
// growing after the first one the page cannot read (error shown, crash or timeout).
// Then DuckDB-Wasm builds RFM and monthly cohorts from the same file in a fresh browser (bench/duckdb_wasm.mjs,
// installed on demand; --no-duckdb leaves it out), and the ratio of the two is printed, with its figures
// checked against Kokyaku's.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serve } from '../tests/browser/harness.mjs';
import { VIEWS, generate, median, parseCount, printGoal, timeViewsInPage } from './shared.mjs';
import { differencesFromKokyaku, installDuckDbWasm, measureDuckDbWasm } from './duckdb_wasm.mjs';


function parseArgs(argv) {
  const args = { lines: [1e6, 2e6, 4e6, 8e6], format: 'generic', seed: 1, timeoutS: 600, pickAfterMs: 2000, duckdb: true, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--lines') args.lines = value().split(',').map(parseCount).sort((a, b) => a - b);
    else if (name === '--format') args.format = value();
    else if (name === '--seed') args.seed = Number(value());
    else if (name === '--timeout-s') args.timeoutS = Number(value());
    else if (name === '--pick-after-ms') args.pickAfterMs = Number(value());
    else if (name === '--no-duckdb') args.duckdb = false;
    else if (name === '--runs') args.runs = Number(value());
    else throw new Error(`unknown argument '${argv[i]}'`);
  }
  return args;
}

/** Peak RSS (VmHWM, bytes) of the renderer processes started from this script: the largest one. */
function rendererPeak() {
  const parent = new Map();
  const renderers = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      parent.set(pid, /PPid:\s+(\d+)/.exec(status)[1]);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (cmd.includes('--type=renderer') && hwm) renderers.push([pid, Number(hwm[1]) * 1024]);
    } catch { /* the process ended */ }
  }
  const ours = (pid) => {
    for (let p = pid, depth = 0; p && p !== '0' && depth < 10; p = parent.get(p), depth++) {
      if (p === String(process.pid)) return true;
    }
    return false;
  };
  return Math.max(0, ...renderers.filter(([pid]) => ours(pid)).map(([, b]) => b));
}

/**
 * The transfer of the read batches since the file was chosen: batches, bytes, and the time spent encoding them
 * in the reading worker and decoding them in the page (sums of the `kokyaku:batch-encode` and
 * `kokyaku:batch-decode` measures, compared on the absolute clock so that the practice read before is left out).
 */
async function transfer(page) {
  const since = await page.evaluate(() => performance.timeOrigin + window.kokyakuBenchStart);
  const sum = ({ name, since }) => {
    const entries = performance.getEntriesByName(name).filter((e) => performance.timeOrigin + e.startTime >= since);
    return { count: entries.length, ms: entries.reduce((t, e) => t + e.duration, 0), bytes: entries.reduce((b, e) => b + e.detail, 0) };
  };
  const decode = await page.evaluate(sum, { name: 'kokyaku:batch-decode', since });
  let encode = { count: 0, ms: 0, bytes: 0 };
  for (const worker of page.workers()) {
    const e = await worker.evaluate(sum, { name: 'kokyaku:batch-encode', since });
    if (e.count > 0) encode = e;
  }
  return { batches: decode.count, bytes: decode.bytes, encodeMs: encode.ms, decodeMs: decode.ms };
}

/** In the page: open a tab, wait for an element of its view, wait for two frames; the page's clock then. */
async function openView(page, tab, testid, timeoutMs) {
  return page.evaluate(async ({ tab, testid, timeoutMs }) => {
    const start = performance.now();
    document.querySelector(`[data-testid=tab-${tab}]`).click();
    while (!document.querySelector(`[data-testid=${testid}]`)) {
      if (performance.now() - start > timeoutMs) throw new Error(`${tab}: no ${testid}`);
      await new Promise((ok) => setTimeout(ok, 0));
    }
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    performance.mark(`kokyaku-bench:${tab}`);
    return performance.now();
  }, { tab, testid, timeoutMs });
}

async function measure(server, input, timeoutMs, pickAfterMs) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    let crashed = false;
    page.on('crash', () => { crashed = true; });
    if (process.env.BENCH_CONSOLE) page.on('console', (m) => console.error(m.text()));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
    // The whole flow runs in the page, on the page's clock: from the input's change event (before the app's
    // handler) to the summary painted (two frames after the read time's element is in the document), then each
    // tab clicked as soon as the previous view is painted, until its view is painted. No round trip to this
    // script is timed.
    await page.evaluate(timeViewsInPage, { views: VIEWS, timeoutMs });
    // A person picks a file a moment after the page opens, at the earliest; the page uses that moment to start
    // its reading worker and practise (web/src/practice.rs).
    await page.waitForTimeout(pickAfterMs);
    await page.setInputFiles('[data-testid=file-input]', [input.file]);
    const outcome = await Promise.race([
      page.waitForSelector('[data-testid=elapsed]', { timeout: timeoutMs }).then(() => 'read'),
      page.waitForSelector('[data-testid=error]', { timeout: timeoutMs }).then(() => 'error'),
    ]).catch((e) => (crashed ? 'crash' : `timeout (${e.message.split('\n')[0]})`));
    if (outcome !== 'read') {
      const message = outcome === 'error' ? await page.textContent('[data-testid=error]') : outcome;
      return { failed: message.trim(), peak: rendererPeak() };
    }
    await page.waitForFunction(() => window.kokyakuBenchViews !== undefined, null, { timeout: timeoutMs });
    const views = await page.evaluate(() => window.kokyakuBenchViews);
    if (typeof views === 'string') return { failed: views, peak: rendererPeak() };
    const readMs = Number(await page.getAttribute('[data-testid=elapsed]', 'data-ms'));
    const moved = await transfer(page);
    const allViews = await page.evaluate(() => {
      const m = performance.measure('kokyaku-bench:all-views', 'kokyaku-bench:file-chosen', 'kokyaku-bench:segments');
      return m.duration;
    });
    const fitStart = await page.evaluate(() => performance.now());
    const fitEnd = await openView(page, 'ltv', 'ltv-transaction-params', timeoutMs);
    const heap = await page.evaluate(() => performance.memory?.totalJSHeapSize ?? 0);
    return { readMs, views, allViews, fits: fitEnd - fitStart, heap, peak: rendererPeak(), moved };
  } finally {
    await browser.close();
  }
}

const mb = (b) => (b / 1e6).toFixed(1);
const ms = (t) => t.toFixed(0);

const args = parseArgs(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), 'kokyaku-browser-bench-'));
const server = await serve();
const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
console.log(`kokyaku browser bench: ${args.format} files, seed ${args.seed}; Chromium headless; ${cpu}, `
  + `${(await import('node:os')).availableParallelism()} threads; ${new Date().toISOString().slice(0, 10)}; `
  + `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log();
console.log(`| lines | file (MB) | page's read time (ms) | ${['summary', ...VIEWS.map(([t]) => t)].join(' | ')} | file chosen → all views (ms) | LTV fits (ms) | renderer peak RSS (MB) | JS heap (MB) |`);
console.log(`|---:|---:|---:|${'---:|'.repeat(VIEWS.length + 1)}---:|---:|---:|---:|`);
const transfers = [];
const duck = [];
const goals = [];
const duckVersion = args.duckdb ? installDuckDbWasm() : undefined;
try {
  for (const lines of args.lines) {
    const input = generate(args.format, lines, args.seed, dir);
    const head = `| ${input.rows.toLocaleString('en')} | ${mb(input.bytes)} |`;
    const pages = [];
    for (let run = 0; run < args.runs; run++) {
      const r = await measure(server, input, args.timeoutS * 1000, args.pickAfterMs);
      if (r.failed) {
        console.log(`${head} not read: ${r.failed} |${' |'.repeat(VIEWS.length + 3)} ${mb(r.peak)} | |`);
        break;
      }
      console.log(`${head} ${ms(r.readMs)} | ${r.views.map(([, t]) => ms(t)).join(' | ')} | **${ms(r.allViews)}** | `
        + `${ms(r.fits)} | ${mb(r.peak)} | ${mb(r.heap)} |`);
      if (run === 0) transfers.push([input.rows, r.moved]);
      pages.push(r);
    }
    if (pages.length === 0) break;
    const page = { allViews: median(pages.map((r) => r.allViews)), peak: Math.max(...pages.map((r) => r.peak)) };
    goals.push({ rows: input.rows, bytes: input.bytes, page, runs: pages.length });
    if (args.duckdb && args.format === 'generic') {
      const runs = [];
      for (let run = 0; run < args.runs; run++) {
        const d = await measureDuckDbWasm(input.file, args.timeoutS * 1000, rendererPeak);
        runs.push(d);
        if (d.failed) break;
      }
      const failed = runs.find((d) => d.failed);
      const d = failed ?? { ...runs[0], totalMs: median(runs.map((x) => x.totalMs)), readMs: median(runs.map((x) => x.readMs)) };
      duck.push([input.rows, page.allViews, d, d.failed ? [] : differencesFromKokyaku(input.file, d)]);
      goals.at(-1).duckdb = d.failed ? undefined : d.totalMs;
    }
    rmSync(input.file);
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log();
console.log('Times are from the page\'s clock (performance.now and marks): the summary column runs from the file input\'s '
  + 'change event to the summary painted (reading included); each view column from its tab clicked (in the page, as soon '
  + 'as the previous view was painted) to its view painted. MB = 10^6 bytes.');
console.log();
console.log('Transfer of the read rows, reading worker → page (the batches of the file chosen; the app\'s User Timing measures):');
console.log();
console.log('| lines | batches | bytes sent (MB) | encoding in the worker (ms) | decoding in the page (ms) |');
console.log('|---:|---:|---:|---:|---:|');
for (const [rows, t] of transfers) {
  console.log(`| ${rows.toLocaleString('en')} | ${t.batches} | ${mb(t.bytes)} | ${ms(t.encodeMs)} | ${ms(t.decodeMs)} |`);
}
if (duck.length > 0) {
  console.log();
  console.log(`DuckDB-Wasm ${duckVersion} in the same Chromium, same file: from the file chosen to RFM and monthly cohorts built `
    + '(typed read_csv, the rules of bench/duckdb_tables.py; the database started before the file is chosen):');
  console.log();
  console.log('| lines | Kokyaku: file chosen → all views (ms) | DuckDB-Wasm: reading (ms) | DuckDB-Wasm: file chosen → RFM + cohorts (ms) | Kokyaku ÷ DuckDB-Wasm | DuckDB-Wasm renderer peak RSS (MB) | figures |');
  console.log('|---:|---:|---:|---:|---:|---:|---|');
  for (const [rows, kokyaku, d, found] of duck) {
    if (d.failed) {
      console.log(`| ${rows.toLocaleString('en')} | ${ms(kokyaku)} | failed: ${d.failed} | | | ${mb(d.peak)} | |`);
      continue;
    }
    const figures = found.length === 0 ? 'customers, R×F counts, cohort sizes equal Kokyaku\'s' : `WARNING: ${found.join('; ')}`;
    console.log(`| ${rows.toLocaleString('en')} | ${ms(kokyaku)} | ${ms(d.readMs)} | ${ms(d.totalMs)} | `
      + `${(kokyaku / d.totalMs).toFixed(2)}× | ${mb(d.peak)} | ${figures} |`);
  }
  if (duck.some(([, , d, found]) => d.failed || found.length > 0)) process.exitCode = 1;
}
console.log();
for (const g of goals) {
  const at = `${g.rows.toLocaleString('en')} lines, Chromium, median of ${g.runs} run(s)`;
  printGoal(`page, file chosen → every view shown, ${at}`, '≤ 1.0 s', `${ms(g.page.allViews)} ms`, g.page.allViews <= 1000);
  if (g.duckdb !== undefined) {
    printGoal(`page against DuckDB-Wasm doing RFM + monthly cohorts, ${at}`, '≤ 0.3×',
      `${ms(g.page.allViews)} ms vs ${ms(g.duckdb)} ms: ${(g.page.allViews / g.duckdb).toFixed(2)}×`,
      g.page.allViews <= 0.3 * g.duckdb);
  }
  const times = g.page.peak / g.bytes;
  printGoal(`page, renderer peak memory, ${at}`, '≤ 2× the file', `${mb(g.page.peak)} MB, ${times.toFixed(2)}× the file`, times <= 2);
}
