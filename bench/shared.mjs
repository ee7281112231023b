// What the page benchmarks share (bench/browser.mjs in Chromium, bench/engines.mjs in Firefox and WebKit): the
// generated exports, written by the CLI, and the timing of the views on the page's own clock.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../tests/browser/harness.mjs';

/** A row count as given on the command line: `1M`, `250k`, `1_000_000`. */
/**
 * Prints a goal's line, which bench/goals.sh gathers from every bench into one table: the goal, its target,
 * what was measured and whether the target is met.
 */
export function printGoal(goal, target, measured, met) {
  console.log(`goal | ${goal} | ${target} | ${measured} | ${met ? 'yes' : 'no'} |`);
}

/** The median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function parseCount(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.replaceAll('_', ''));
  if (!m) throw new Error(`'${text}' is not a row count`);
  return Math.round(Number(m[1]) * ({ k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]] ?? 1));
}

/** Writes an export of about `lines` data rows with the CLI (rows per order measured on a pilot file). */
export function generate(format, lines, seed, dir) {
  const pilot = join(dir, 'pilot.json');
  execFileSync(CLI, ['gen', '--preset', format, '--orders', '20000', '--seed', String(seed),
    '--out', join(dir, 'pilot.csv'), '--truth-json', pilot], { stdio: 'ignore' });
  const perOrder = JSON.parse(readFileSync(pilot, 'utf8')).rows_written / 20000;
  const file = join(dir, `orders-${format}-${lines}.csv`);
  const truth = join(dir, 'truth.json');
  execFileSync(CLI, ['gen', '--preset', format, '--orders', String(Math.round(lines / perOrder)),
    '--seed', String(seed), '--out', file, '--truth-json', truth], { stdio: 'ignore' });
  return { file, rows: JSON.parse(readFileSync(truth, 'utf8')).rows_written, bytes: statSync(file).size };
}

/** The views timed after the summary, in tab order: tab id and an element only that view has. */
export const VIEWS = [
  ['rfm', 'rfm-grid'], ['cpm', 'cpm-grid'], ['cohorts', 'cohort-table'], ['repeat', 'f2'],
  ['history', 'history'], ['segments', 'segments'],
];

/**
 * In the page, before a file is chosen: from the file input's change event (before the app's handler) to the
 * summary painted (two frames after the read time's element is in the document), then each tab clicked as soon
 * as the previous view is painted, until its view is painted. Sets `window.kokyakuBenchViews` to
 * [[view, ms], …], or to why it stopped; marks `kokyaku-bench:file-chosen` and each view. Runs in the page, so
 * it uses nothing from this module.
 */
export function timeViewsInPage({ views, timeoutMs }) {
  const painted = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  const shown = async (testid, since) => {
    while (!document.querySelector(`[data-testid=${testid}]`)) {
      if (performance.now() - since > timeoutMs) throw new Error(`no ${testid}`);
      await new Promise((ok) => setTimeout(ok, 0));
    }
    await painted();
    return performance.now();
  };
  document.addEventListener('change', () => {
    if (window.kokyakuBenchStart !== undefined) return;
    const start = performance.now();
    window.kokyakuBenchStart = start;
    performance.mark('kokyaku-bench:file-chosen');
    (async () => {
      const times = [['summary', (await shown('elapsed', start)) - start]];
      performance.mark('kokyaku-bench:summary');
      for (const [tab, testid] of views) {
        const clicked = performance.now();
        document.querySelector(`[data-testid=tab-${tab}]`).click();
        times.push([tab, (await shown(testid, clicked)) - clicked]);
        performance.mark(`kokyaku-bench:${tab}`);
      }
      window.kokyakuBenchViews = times;
    })().catch((e) => { window.kokyakuBenchViews = String(e); });
  }, true);
}
