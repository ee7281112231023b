// DuckDB-Wasm, the engine an engineer would otherwise pick for analytics in the browser, in the same headless
// Chromium on the same file: RFM and monthly cohorts with Kokyaku's rules, from the file chosen to both tables
// built, on the page's clock. Its customers, R×F counts and cohort sizes are checked against Kokyaku's CLI
// (which the browser tests hold equal to the page). Used by bench/browser.mjs; npm's @duckdb/duckdb-wasm is
// installed on demand into target/bench-npm (not by the tests, which never load it).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, launch, serve } from '../tests/browser/harness.mjs';

const DIR = join(ROOT, 'target', 'bench-npm');
const PACKAGE = '@duckdb/duckdb-wasm@1.32.0';
const DIST = '/node_modules/@duckdb/duckdb-wasm/dist';

// The package's browser build imports these by name; the page maps them to the installed files.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="importmap">{"imports": {
  "apache-arrow": "/node_modules/apache-arrow/Arrow.dom.mjs",
  "flatbuffers": "/node_modules/flatbuffers/mjs/flatbuffers.js",
  "tslib": "/node_modules/tslib/tslib.es6.mjs"}}</script>
<input type="file" id="file">
`;

// The generic format's columns, typed; a row whose date or total does not parse is dropped, as Kokyaku rejects
// it. The same rules and SQL as bench/duckdb_tables.py.
const COLUMNS = `{'order_id': 'VARCHAR', 'order_date': 'DATE', 'customer_id': 'VARCHAR', 'email': 'VARCHAR',
  'phone': 'VARCHAR', 'order_total': 'BIGINT', 'status': 'VARCHAR', 'product_id': 'VARCHAR',
  'product_name': 'VARCHAR', 'quantity': 'VARCHAR', 'line_price': 'VARCHAR', 'subscription': 'VARCHAR',
  'currency': 'VARCHAR'}`;

const SQL = {
  orders: `CREATE TABLE orders AS
    WITH rows AS (
      SELECT order_id, order_date AS d, order_total AS total, status, customer_id, email, phone
      FROM read_csv('orders.csv', header = true, ignore_errors = true, columns = ${COLUMNS})
    ), o AS (
      SELECT order_id, first(d) AS d, first(total) AS total, first(status) AS status,
             first(customer_id) AS customer_id, first(email) AS email, first(phone) AS phone
      FROM rows WHERE d IS NOT NULL AND total IS NOT NULL GROUP BY order_id
    )
    SELECT COALESCE(NULLIF(trim(customer_id), ''), NULLIF(lower(trim(email)), ''),
                    NULLIF(regexp_replace(phone, '\\D', '', 'g'), '')) AS customer_key, d, total
    FROM o WHERE NOT contains(lower(COALESCE(status, '')), 'cancel') AND customer_key IS NOT NULL`,
  customers: `CREATE TABLE customers AS
    SELECT customer_key, min(d) AS first, max(d) AS last, count(*) AS n, sum(total) AS value,
           (SELECT max(d) + 1 FROM orders) AS as_of
    FROM orders GROUP BY customer_key`,
  rfm: `CREATE TABLE rfm AS
    SELECT customer_key,
           1 + (5 * (rank() OVER (ORDER BY as_of - last DESC) - 1)) // count(*) OVER () AS r_score,
           CASE WHEN n <= 1 THEN 1 WHEN n = 2 THEN 2 WHEN n = 3 THEN 3 WHEN n <= 5 THEN 4 ELSE 5 END AS f_score,
           1 + (5 * (rank() OVER (ORDER BY value) - 1)) // count(*) OVER () AS m_score
    FROM customers`,
  cohorts: `CREATE TABLE cohorts AS
    WITH o AS (
      SELECT customer_key, total, date_trunc('month', d) AS p,
             min(date_trunc('month', d)) OVER (PARTITION BY customer_key) AS cohort
      FROM orders
    )
    SELECT strftime(cohort, '%Y-%m') AS cohort, datediff('month', cohort, p) AS period,
           count(DISTINCT customer_key) AS active_customers, sum(total) AS revenue_minor
    FROM o GROUP BY ALL`,
};

/** Installs the package into target/bench-npm when it is missing, and writes the page that loads it. */
export function installDuckDbWasm() {
  if (!existsSync(join(DIR, 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'))) {
    console.error(`kokyaku browser bench: npm install ${PACKAGE} into ${DIR}`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', DIR, PACKAGE], { stdio: 'inherit' });
  }
  writeFileSync(join(DIR, 'duckdb.html'), PAGE);
  return JSON.parse(readFileSync(join(DIR, 'node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8')).version;
}

/**
 * DuckDB-Wasm on `file` in a fresh browser: the database is started before the file is chosen (as Kokyaku's
 * reading worker is), then from the input's change event: the file registered, the orders read, RFM and the
 * cohort cells built. `peak` reads the renderer's peak memory. Returns the times and the figures to check.
 */
export async function measureDuckDbWasm(file, timeoutMs, peak) {
  const server = await serve(DIR, '/');
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.url + 'duckdb.html');
    await page.evaluate(async ({ dist, sql }) => {
      const duckdb = await import(`${dist}/duckdb-browser.mjs`);
      const worker = new Worker(`${dist}/duckdb-browser-eh.worker.js`);
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      await db.instantiate(`${dist}/duckdb-eh.wasm`);
      const rows = async (c, q) => (await c.query(q)).toArray().map((r) => r.toJSON());
      document.getElementById('file').addEventListener('change', async (e) => {
        const start = performance.now();
        try {
          await db.registerFileHandle('orders.csv', e.target.files[0], duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
          const c = await db.connect();
          await c.query(sql.orders);
          const read = performance.now();
          for (const step of ['customers', 'rfm', 'cohorts']) await c.query(sql[step]);
          const done = performance.now();
          window.duckResult = {
            readMs: read - start,
            totalMs: done - start,
            customers: (await rows(c, 'SELECT count(*)::INTEGER AS n FROM customers'))[0].n,
            grid: await rows(c, 'SELECT r_score::INTEGER AS r, f_score::INTEGER AS f, count(*)::INTEGER AS n FROM rfm GROUP BY ALL'),
            sizes: await rows(c, 'SELECT cohort, active_customers::INTEGER AS n FROM cohorts WHERE period = 0'),
            version: await db.getVersion(),
          };
        } catch (error) {
          window.duckResult = { failed: String(error) };
        }
      });
    }, { dist: DIST, sql: SQL });
    await page.setInputFiles('#file', [file]);
    await page.waitForFunction(() => window.duckResult !== undefined, null, { timeout: timeoutMs });
    const result = await page.evaluate(() => window.duckResult);
    return { ...result, peak: peak() };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** How DuckDB-Wasm's customers, R×F counts and cohort sizes differ from Kokyaku's CLI on `file` (none: []). */
export function differencesFromKokyaku(file, duck) {
  const json = (command) => JSON.parse(execFileSync(CLI, [command, file, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }));
  const rfm = json('rfm');
  const cohorts = json('cohorts');
  const found = [];
  const customers = Array.isArray(rfm.customers) ? rfm.customers.length : rfm.customers;
  if (customers !== duck.customers) found.push(`customers ${duck.customers} against ${customers}`);
  const grid = Array.from({ length: 5 }, () => Array(5).fill(0));
  for (const { r, f, n } of duck.grid) grid[r - 1][f - 1] = n;
  if (JSON.stringify(grid) !== JSON.stringify(rfm.grid)) found.push('R×F counts differ');
  const sizes = Object.fromEntries(duck.sizes.map(({ cohort, n }) => [cohort, n]));
  const theirs = Object.fromEntries(cohorts.rows.filter((r) => r.period === 0).map((r) => [r.cohort, r.customers]));
  const same = Object.keys(theirs).length === Object.keys(sizes).length
    && Object.entries(theirs).every(([k, v]) => sizes[k] === v);
  if (!same) found.push('monthly cohort sizes differ');
  return found;
}
