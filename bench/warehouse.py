#!/usr/bin/env python3
"""Parquet files for `kokyaku-bench --warehouse`, written by DuckDB as a warehouse would.

    warehouse.py orders CSV PARQUET      an export of order lines: DuckDB types each column from the whole
                                         file (a column with messy cells stays text, as a raw load would)
    warehouse.py customers CSV PARQUET   a customers table, with its columns typed (DATE, BIGINT)

Both write Snappy-compressed Parquet in row groups of DuckDB's default size.
"""
import sys

import duckdb

CUSTOMER_COLUMNS = {
    "customer_key": "VARCHAR", "first_order_date": "DATE", "last_order_date": "DATE", "orders": "BIGINT",
    "revenue": "BIGINT", "order_days": "BIGINT", "first_day_revenue": "BIGINT", "email": "VARCHAR",
}


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[1] not in ("orders", "customers"):
        sys.exit(__doc__)
    kind, source, target = sys.argv[1:]
    if kind == "orders":
        read = f"read_csv('{source}', header = true, sample_size = -1)"
    else:
        columns = ", ".join(f"'{name}': '{kind}'" for name, kind in CUSTOMER_COLUMNS.items())
        read = f"read_csv('{source}', header = true, columns = {{{columns}}})"
    duckdb.connect().execute(f"COPY (SELECT * FROM {read}) TO '{target}' (FORMAT parquet)")


if __name__ == "__main__":
    main()
