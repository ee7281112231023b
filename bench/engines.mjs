// Times the page in Firefox and WebKit, driven over WebDriver (tests/engines/webdriver.mjs), on a generated
// export, as bench/browser.mjs times it in Chromium: from the file chosen to the summary and to every view
// shown, on the page's own clock (bench/shared.mjs). Not a test: run it after ./scripts/build-web.sh and
// `./scripts/setup.sh --engines`.
//
//   node bench/engines.mjs [--lines 1M] [--runs 3] [--format generic] [--seed 1] [firefox] [webkit]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '../tests/browser/harness.mjs';
import { ELEMENT, ENGINES, Session, startDriver } from '../tests/engines/webdriver.mjs';
import { VIEWS, generate, median, parseCount, printGoal, timeViewsInPage } from './shared.mjs';

function parseArgs(argv) {
  const args = { lines: 1e6, runs: 3, format: 'generic', seed: 1, engines: [] };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--lines') args.lines = parseCount(value());
    else if (name === '--runs') args.runs = Number(value());
    else if (name === '--format') args.format = value();
    else if (name === '--seed') args.seed = Number(value());
    else if (name in ENGINES) args.engines.push(name);
    else throw new Error(`unknown argument '${argv[i]}'`);
  }
  if (args.engines.length === 0) args.engines = Object.keys(ENGINES);
  return args;
}

/** One run in a fresh browser: the page's read time, each view's time and file chosen → all views. */
async function measure(engine, server, file, timeoutMs) {
  const { base, child } = await startDriver(engine);
  const session = await Session.start(base, ENGINES[engine].capabilities);
  try {
    await session.call('/url', 'POST', { url: server.url });
    await session.until('the page', 'return document.querySelector(\'[data-testid=file-input]\') !== null;', 30_000);
    // A person picks a file a moment after the page opens (as bench/browser.mjs waits in Chromium).
    await sleep(2000);
    await session.run(`(${timeViewsInPage})(arguments[0]);`, { views: VIEWS, timeoutMs });
    const input = await session.call('/element', 'POST', { using: 'css selector', value: '[data-testid=file-input]' });
    await session.call(`/element/${input[ELEMENT]}/value`, 'POST', { text: file });
    const views = await session.until('every view', 'return window.kokyakuBenchViews ?? null;', timeoutMs);
    if (typeof views === 'string') throw new Error(views);
    const readMs = Number(await session.run(
      'return document.querySelector(\'[data-testid=elapsed]\').dataset.ms;'));
    const allViews = await session.run(`return performance.measure('kokyaku-bench:all-views',
      'kokyaku-bench:file-chosen', 'kokyaku-bench:${VIEWS.at(-1)[0]}').duration;`);
    return { readMs, views, allViews };
  } finally {
    await session.end().catch(() => {});
    try { process.kill(-child.pid); } catch { /* gone */ }
  }
}

const args = parseArgs(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), 'kokyaku-engines-bench-'));
const server = await serve();
try {
  const input = generate(args.format, args.lines, args.seed, dir);
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  console.log(`kokyaku engines bench: ${input.rows.toLocaleString('en')} ${args.format} lines `
    + `(${(input.bytes / 1e6).toFixed(1)} MB), seed ${args.seed}; ${cpu}; ${new Date().toISOString().slice(0, 10)}`);
  console.log();
  console.log(`| engine | run | page's read time (ms) | ${['summary', ...VIEWS.map(([t]) => t)].join(' | ')} | file chosen → all views (ms) |`);
  console.log(`|---|---:|---:|${'---:|'.repeat(VIEWS.length + 1)}---:|`);
  const medians = [];
  for (const engine of args.engines) {
    const times = [];
    for (let run = 1; run <= args.runs; run++) {
      try {
        const r = await measure(engine, server, input.file, 600_000);
        console.log(`| ${engine} | ${run} | ${r.readMs.toFixed(0)} | ${r.views.map(([, t]) => t.toFixed(0)).join(' | ')} | `
          + `**${r.allViews.toFixed(0)}** |`);
        times.push(r.allViews);
      } catch (e) {
        console.log(`| ${engine} | ${run} | failed: ${e.message.split('\n')[0]} |`);
      }
    }
    medians.push([engine, times]);
  }
  console.log();
  for (const [engine, times] of medians) {
    const goal = `page in ${engine}, file chosen → every view shown, ${input.rows.toLocaleString('en')} lines, median of ${times.length} run(s)`;
    if (times.length === 0) {
      printGoal(goal, '≤ 1.5 s', 'failed', false);
      continue;
    }
    const m = median(times);
    printGoal(goal, '≤ 1.5 s', `${m.toFixed(0)} ms`, m <= 1500);
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
