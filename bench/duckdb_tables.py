#!/usr/bin/env python3
"""Kokyaku's tables in DuckDB SQL, timed, for `kokyaku-bench --compare`.

Usage: duckdb_tables.py ORDERS.csv
       duckdb_tables.py ORDERS.csv --export rfm|cohorts   (one table written as CSV to /dev/null, untimed)

Reads a generic-format export (`kokyaku gen --preset generic`) with the rules Kokyaku applies to it
(docs/formats.md, docs/analyses.md), the columns typed in `read_csv`: rows with an unreadable date or total are
dropped; rows are grouped into
orders by order_id; cancelled orders (status containing "cancel") are excluded; the customer key is
customer_id, else the e-mail trimmed and lower case, else the phone's digits, and orders without one are left
out. It then builds, as tables, the summary,
RFM (quantile R and M, fixed F, named segments), CPM, monthly cohorts (retention, revenue, cumulative revenue
per customer), repeat (F2 conversion within 30/60/90/180/365 days, quartiles of the days to the 2nd and 3rd
order) and historical LTV at 30/90/180/365 days. Product-level tables (conversion by first product,
subscription retention) are not built.

Times are wall-clock seconds inside this process (start-up and imports excluded); "read_s" is reading the
CSV into the table of valid orders. Prints one JSON object with the times, the peak RSS
(`getrusage(RUSAGE_SELF).ru_maxrss`), and the figures `kokyaku-bench` checks against Kokyaku's.
"""
import json
import resource
import sys
import time

import duckdb

SEGMENT = """CASE
    WHEN r_score = 5 AND f_score >= 4 THEN 'champions'
    WHEN r_score IN (3, 4) AND f_score >= 4 THEN 'loyal'
    WHEN r_score >= 4 AND f_score IN (2, 3) THEN 'potential_loyalists'
    WHEN r_score = 5 THEN 'new'
    WHEN r_score = 4 THEN 'promising'
    WHEN r_score = 3 AND f_score = 3 THEN 'need_attention'
    WHEN r_score = 3 THEN 'about_to_sleep'
    WHEN f_score = 5 THEN 'cant_lose_them'
    WHEN f_score >= 3 THEN 'at_risk'
    ELSE 'hibernating' END"""

# The generic format's columns, typed as DuckDB should read them: a row whose date or total does not parse is
# dropped (`ignore_errors`), as Kokyaku rejects it.
COLUMNS = """{
    'order_id': 'VARCHAR', 'order_date': 'DATE', 'customer_id': 'VARCHAR', 'email': 'VARCHAR',
    'phone': 'VARCHAR', 'order_total': 'BIGINT', 'status': 'VARCHAR', 'product_id': 'VARCHAR',
    'product_name': 'VARCHAR', 'quantity': 'VARCHAR', 'line_price': 'VARCHAR', 'subscription': 'VARCHAR',
    'currency': 'VARCHAR'}"""

ORDERS = r"""
CREATE TABLE orders AS
WITH rows AS (
    SELECT order_id, order_date AS d, order_total AS total, status, customer_id, email, phone
    FROM read_csv(?, header = true, ignore_errors = true, columns = {COLUMNS})
), o AS (
    SELECT order_id, first(d) AS d, first(total) AS total, first(status) AS status,
           first(customer_id) AS customer_id, first(email) AS email, first(phone) AS phone
    FROM rows WHERE d IS NOT NULL AND total IS NOT NULL
    GROUP BY order_id
)
SELECT COALESCE(NULLIF(trim(customer_id), ''), NULLIF(lower(trim(email)), ''),
                NULLIF(regexp_replace(phone, '\D', '', 'g'), '')) AS customer_key,
       d, total
FROM o
WHERE NOT contains(lower(COALESCE(status, '')), 'cancel')
  AND customer_key IS NOT NULL
""".replace("{COLUMNS}", COLUMNS)

CUSTOMERS = """
CREATE TABLE customers AS
SELECT customer_key, min(d) AS first, max(d) AS last, count(*) AS n, sum(total) AS value,
       (SELECT max(d) + 1 FROM orders) AS as_of
FROM orders GROUP BY customer_key
"""

SUMMARY = """
CREATE TABLE summary AS
SELECT count(*) AS customers, sum(n) AS orders, sum(value) AS revenue, sum(value) / sum(n) AS aov,
       sum(n) / count(*) AS orders_per_customer, avg((n >= 2)::INT) AS repeat_rate,
       min(first) AS first_order, max(last) AS last_order
FROM customers
"""

RFM = f"""
CREATE TABLE rfm AS
WITH s AS (
    SELECT customer_key, as_of - last AS recency_days, n AS frequency, value AS monetary_minor,
           1 + (5 * (rank() OVER (ORDER BY as_of - last DESC) - 1)) // count(*) OVER () AS r_score,
           CASE WHEN n <= 1 THEN 1 WHEN n = 2 THEN 2 WHEN n = 3 THEN 3 WHEN n <= 5 THEN 4 ELSE 5 END AS f_score,
           1 + (5 * (rank() OVER (ORDER BY value) - 1)) // count(*) OVER () AS m_score
    FROM customers
)
SELECT *, {SEGMENT} AS segment FROM s
"""

COHORTS = """
CREATE TABLE cohorts AS
WITH o AS (
    SELECT customer_key, total, date_trunc('month', d) AS p,
           min(date_trunc('month', d)) OVER (PARTITION BY customer_key) AS cohort
    FROM orders
), sizes AS (
    SELECT cohort, count(DISTINCT customer_key) AS customers FROM o GROUP BY cohort
), cells AS (
    SELECT cohort, datediff('month', cohort, p) AS k, count(DISTINCT customer_key) AS active,
           sum(total) AS revenue
    FROM o GROUP BY cohort, k
), last AS (
    SELECT date_trunc('month', max(d)) AS last FROM orders
), grid AS (
    SELECT sizes.cohort, sizes.customers, k.k
    FROM sizes, last, range(0, 1000) AS k(k)
    WHERE k.k <= datediff('month', sizes.cohort, last.last)
)
SELECT strftime(grid.cohort, '%Y-%m') AS cohort, grid.k AS period, grid.customers,
       COALESCE(cells.active, 0) AS active_customers,
       COALESCE(cells.active, 0) / grid.customers AS retention,
       COALESCE(cells.revenue, 0) AS revenue_minor,
       sum(COALESCE(cells.revenue, 0)) OVER (PARTITION BY grid.cohort ORDER BY grid.k) / grid.customers
           AS cumulative_revenue_per_customer_minor
FROM grid LEFT JOIN cells ON cells.cohort = grid.cohort AND cells.k = grid.k
"""

CPM = """
CREATE TABLE cpm AS
SELECT customer_key,
       CASE WHEN n = 1 THEN 'first'
            WHEN last - first < 90 THEN 'beginner'
            WHEN value < 70000 THEN 'steady'
            WHEN last - first < 210 THEN 'trendy'
            ELSE 'loyal' END
       || CASE WHEN as_of - last >= 240 THEN '_lapsed' ELSE '_active' END AS cpm_group
FROM customers
"""

NTH = """
CREATE TABLE nth AS
SELECT customer_key,
       max(CASE WHEN i = 2 THEN d END) - min(CASE WHEN i = 1 THEN d END) AS to_second,
       max(CASE WHEN i = 3 THEN d END) - min(CASE WHEN i = 1 THEN d END) AS to_third
FROM (SELECT customer_key, d, row_number() OVER (PARTITION BY customer_key ORDER BY d) AS i FROM orders)
WHERE i <= 3
GROUP BY customer_key
"""

REPEAT_F2 = """
CREATE TABLE repeat_f2 AS
SELECT w.d AS window_days, count(*) FILTER (WHERE c.as_of - c.first >= w.d) AS eligible,
       count(*) FILTER (WHERE c.as_of - c.first >= w.d AND nth.to_second <= w.d) AS converted
FROM customers c JOIN nth USING (customer_key), (VALUES (30), (60), (90), (180), (365)) AS w(d)
GROUP BY w.d
"""

DAYS_TO_NTH = """
CREATE TABLE days_to_nth AS
SELECT 2 AS nth, count(to_second) AS customers, quantile_cont(to_second, [0.25, 0.5, 0.75]) AS quartiles
FROM nth
UNION ALL
SELECT 3, count(to_third), quantile_cont(to_third, [0.25, 0.5, 0.75]) FROM nth
"""

HISTORY = """
CREATE TABLE history AS
SELECT h.d AS horizon_days,
       (SELECT count(*) FROM customers c WHERE c.as_of - c.first >= h.d) AS eligible,
       sum(o.total) FILTER (WHERE c.as_of - c.first >= h.d AND o.d - c.first <= h.d) AS total_minor
FROM orders o JOIN customers c USING (customer_key), (VALUES (30), (90), (180), (365)) AS h(d)
GROUP BY h.d
"""


# What `--export TABLE` writes, as `kokyaku rfm --csv` and `kokyaku cohorts --csv` do.
EXPORTS = {"rfm": (CUSTOMERS, RFM), "cohorts": (COHORTS,)}


def export(path, table):
    """Reads the file, builds one table and writes it as CSV to /dev/null: the whole job of one command."""
    con = duckdb.connect()
    con.execute(ORDERS, [path])
    for sql in EXPORTS[table]:
        con.execute(sql)
    con.execute(f"COPY {table} TO '/dev/null' (FORMAT csv, HEADER)")


def main():
    path = sys.argv[1]
    if len(sys.argv) == 4 and sys.argv[2] == "--export":
        export(path, sys.argv[3])
        return
    con = duckdb.connect()
    times = {}

    def step(name, *statements):
        started = time.perf_counter()
        for sql in statements:
            con.execute(sql, [path] if "?" in sql else None)
        times[name] = time.perf_counter() - started

    started = time.perf_counter()
    step("read_s", ORDERS)
    step("summary_s", CUSTOMERS, SUMMARY)
    step("rfm_s", RFM)
    step("cohorts_s", COHORTS)
    step("others_s", CPM, NTH, REPEAT_F2, DAYS_TO_NTH, HISTORY)
    total = time.perf_counter() - started

    segments = dict(con.execute("SELECT segment, count(*) FROM rfm GROUP BY segment").fetchall())
    cohort_sizes = dict(con.execute("SELECT cohort, customers FROM cohorts WHERE period = 0").fetchall())
    customers, orders, revenue = con.execute("SELECT customers, orders, revenue FROM summary").fetchone()
    out = {
        "engine": "duckdb",
        "version": duckdb.__version__,
        **times,
        # Kokyaku's figure for the goal: reading, the customer statistics RFM needs, RFM and cohorts.
        "rfm_cohorts_s": times["read_s"] + times["summary_s"] + times["rfm_s"] + times["cohorts_s"],
        "total_s": total,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
        "customers": customers,
        "orders": int(orders),
        "revenue_minor": int(revenue),
        "segments": segments,
        "cohort_sizes": cohort_sizes,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
