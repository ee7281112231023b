#!/usr/bin/env python3
"""The customers-table check: the DuckDB SQL of docs/customers-table.md, run on a generated export of order
lines, builds a customers table that gives every customer the same figures as the orders themselves.

1. Generates an export of order lines (members and guests, orders with one to three lines, several orders on
   one day, cancelled orders), deterministic for a seed.
2. Runs the DuckDB query of docs/customers-table.md (read from that file) on it, and writes the customers
   table as CSV and as Parquet.
3. Runs `kokyaku rfm`, `cpm`, `ltv` and `segment` with `--csv` on the export and on both tables, and fails
   unless every customer's row is the same (the fitted LTV figures to 1e-6, as printed).

Run by scripts/pandas-check.sh, with the pinned duckdb of tests/reference/requirements.txt:
    python3 tests/reference/customers_table.py --cli target/debug/kokyaku
"""
import argparse
import csv
import io
import random
import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "customers-table.md"

PRODUCTS = ["有機煎茶 100g", "ほうじ茶 200g", "天然醸造 味噌 750g", "国産はちみつ 500g", "黒糖かりんとう 150g",
            "Matcha 30g", "Genmaicha 200g"]
CHANNELS = ["web", "line", "app", ""]


def generate(path: Path, members: int, guests: int, seed: int) -> int:
    """Writes the export; returns its number of order lines."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    rows = []
    order_id = 100000

    def orders_of(customer_id: str, email: str, phone: str, count: int):
        nonlocal order_id
        day = start + timedelta(days=rng.randrange(700))
        for _ in range(count):
            order_id += 1
            lines = rng.choice([1, 1, 1, 2, 3])
            status = "cancelled" if rng.random() < 0.05 else "completed"
            total = rng.randrange(5, 200) * 100
            channel = rng.choice(CHANNELS)
            for product in rng.sample(PRODUCTS, lines):
                rows.append([order_id, day.isoformat(), customer_id, email, phone, total, status, product,
                             channel])
            # A second order on the same day now and then, else days to weeks later.
            day += timedelta(days=0 if rng.random() < 0.08 else int(rng.expovariate(1 / 45)) + 1)

    for m in range(members):
        count = min(1 + int(rng.expovariate(1 / 1.8)), 25)
        phone = f"090-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}" if rng.random() < 0.6 else ""
        orders_of(f"M{m:05d}", f"member{m}@example.jp", phone, count)
    for g in range(guests):
        orders_of("", f"Guest{g}@Example.net", "", rng.choice([1, 1, 2]))
    # Days past 2024-12-31 would make the as-of date depend on the draw; keep the export's own order.
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "order_date", "customer_id", "email", "phone", "order_total", "status",
                    "product_name", "channel"])
        w.writerows(rows)
    return len(rows)


def duckdb_query() -> str:
    """The DuckDB query of docs/customers-table.md: the sql block under its '### DuckDB' heading."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### DuckDB", 1)[1]
    match = re.search(r"```sql\n(.*?)```", section, re.S)
    if not match:
        sys.exit(f"customers-table: no sql block under '### DuckDB' in {DOC}")
    return match.group(1)


def build_tables(orders: Path, out: Path) -> tuple[Path, Path]:
    con = duckdb.connect()
    con.execute(f"""
        CREATE TABLE orders AS SELECT * FROM read_csv('{orders}', header = true, columns = {{
          'order_id': 'VARCHAR', 'order_date': 'DATE', 'customer_id': 'VARCHAR', 'email': 'VARCHAR',
          'phone': 'VARCHAR', 'order_total': 'BIGINT', 'status': 'VARCHAR', 'product_name': 'VARCHAR',
          'channel': 'VARCHAR'}})
    """)
    query = duckdb_query()
    as_csv, as_parquet = out / "customers.csv", out / "customers.parquet"
    con.execute(f"COPY ({query}) TO '{as_csv}' (HEADER)")
    con.execute(f"COPY ({query}) TO '{as_parquet}' (FORMAT parquet)")
    return as_csv, as_parquet


SEGMENT_FIELDS = ("customer,email,phone,recency,frequency,monetary,aov,r_score,f_score,m_score,rfm_segment,"
                  "cpm_group,cohort,first_order,last_order,days_since_first,first_channel,p_alive,"
                  "expected_orders,clv")


def table(cli: str, command: list[str], path: Path) -> dict[str, list[str]]:
    """The command's CSV rows, by customer (the first column)."""
    run = subprocess.run([cli, *command, str(path)], capture_output=True, text=True, encoding="utf-8-sig")
    if run.returncode != 0:
        sys.exit(f"customers-table: kokyaku {' '.join(command)} {path.name} failed: {run.stderr}")
    rows = list(csv.reader(io.StringIO(run.stdout)))
    return {r[0]: r[1:] for r in rows[1:]}


def same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", default=str(ROOT / "target" / "release" / "kokyaku"))
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--guests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        orders = scratch / "orders.csv"
        lines = generate(orders, args.members, args.guests, args.seed)
        tables = build_tables(orders, scratch)
        commands = [["rfm", "--csv"], ["cpm", "--csv"], ["ltv", "--csv"],
                    ["segment", "--fields", SEGMENT_FIELDS]]
        for command in commands:
            expected = table(args.cli, command, orders)
            for path in tables:
                got = table(args.cli, command, path)
                if set(got) != set(expected):
                    sys.exit(f"customers-table: {command[0]} of {path.name}: {len(got)} customers, "
                             f"{len(expected)} from the orders")
                for key, row in expected.items():
                    if len(row) != len(got[key]) or not all(map(same, row, got[key])):
                        sys.exit(f"customers-table: {command[0]} of {path.name}, customer {key}: {got[key]}, "
                                 f"from the orders {row}")
            print(f"customers-table: {command[0]}: {len(expected)} customers equal from the orders "
                  f"({lines} lines), the CSV table and the Parquet table")


if __name__ == "__main__":
    main()
