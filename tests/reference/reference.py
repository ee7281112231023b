#!/usr/bin/env python3
"""Reference tables for Kokyaku's analyses, computed independently with pandas.

Reads the raw order files (not Kokyaku's output), applies the definitions of ANALYSES.md with pandas, and
writes the tables to golden/ as CSV. The Rust tests (crates/cli/tests/reference.rs) compare the `kokyaku`
CLI's output with these files: counts and money exactly, rates to 1e-9.

Re-run after changing a definition:
    pip install pandas==2.2.3
    cargo build --release -p kokyaku-cli
    python3 tests/reference/reference.py
"""
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "golden"
CLI = ROOT / "target" / "release" / "kokyaku"
CDNOW = ROOT.parent / "shared" / "data" / "cdnow" / "cdnow_sample_orders.csv"

# The data sets: name -> function returning a frame of valid orders (customer_key, date, value_minor).


def cdnow_orders() -> pd.DataFrame:
    """CDNOW: one order per row (no order id), value in US cents."""
    raw = pd.read_csv(CDNOW, dtype={"customer_id": str, "amount_usd": str})
    return pd.DataFrame({
        "customer_key": raw["customer_id"],
        "date": pd.to_datetime(raw["order_date"], format="%Y-%m-%d"),
        "value_minor": raw["amount_usd"].map(lambda a: int(Decimal(a) * 100)),
    })


def generated_generic_path() -> Path:
    """A generic-format export written by `kokyaku gen` (the generator is deterministic)."""
    path = Path(tempfile.gettempdir()) / "kokyaku-generic-20000-42.csv"
    if not path.exists():
        subprocess.run([str(CLI), "gen", "--preset", "generic", "--orders", "20000", "--seed", "42",
                        "--out", str(path)], check=True)
    return path


def generic_orders(path: Path) -> pd.DataFrame:
    """A generic export: one row per line item; rows with an unreadable date or total are rejected;
    cancelled orders excluded; key = customer_id, else e-mail (trimmed, lower case), else phone digits."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw["date"] = pd.to_datetime(raw["order_date"], format="%Y-%m-%d", errors="coerce")
    raw["total"] = pd.to_numeric(raw["order_total"].str.replace(",", ""), errors="coerce")
    raw = raw[raw["date"].notna() & raw["total"].notna()]
    orders = raw.groupby("order_id", sort=False).first()
    orders = orders[~orders["status"].str.lower().str.contains("cancel")]
    email = orders["email"].str.strip().str.lower()
    phone = orders["phone"].str.replace(r"\D", "", regex=True)
    key = orders["customer_id"].str.strip()
    key = key.where(key != "", email).where(lambda k: k != "", phone)
    orders = orders.assign(customer_key=key)[key != ""]
    return pd.DataFrame({
        "customer_key": orders["customer_key"].values,
        "date": orders["date"].values,
        "value_minor": orders["total"].astype("int64").values,
    })


def per_customer(orders: pd.DataFrame) -> tuple[pd.DataFrame, pd.Timestamp]:
    as_of = orders["date"].max() + pd.Timedelta(days=1)
    g = orders.groupby("customer_key")
    stats = pd.DataFrame({
        "first": g["date"].min(),
        "last": g["date"].max(),
        "orders": g.size(),
        "value_minor": g["value_minor"].sum(),
    })
    return stats, as_of


SEGMENTS = {
    5: ["new", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    4: ["promising", "potential_loyalists", "potential_loyalists", "loyal", "loyal"],
    3: ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
    2: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
    1: ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
}


def quantile_score(larger_is_better: pd.Series) -> pd.Series:
    """1 + floor(5 L / N), L = customers with a strictly smaller value (rank 'min' minus one)."""
    smaller = larger_is_better.rank(method="min").astype("int64") - 1
    return 1 + (5 * smaller) // len(larger_is_better)


def rfm(orders: pd.DataFrame) -> pd.DataFrame:
    stats, as_of = per_customer(orders)
    recency = (as_of - stats["last"]).dt.days
    r = quantile_score(-recency)
    f = pd.cut(stats["orders"], bins=[0, 1, 2, 3, 5, np.inf], labels=[1, 2, 3, 4, 5]).astype("int64")
    m = quantile_score(stats["value_minor"])
    out = pd.DataFrame({
        "customer_key": stats.index,
        "recency_days": recency.values,
        "frequency": stats["orders"].values,
        "monetary_minor": stats["value_minor"].values,
        "r_score": r.values,
        "f_score": f.values,
        "m_score": m.values,
    })
    out["segment"] = [SEGMENTS[a][b - 1] for a, b in zip(out["r_score"], out["f_score"])]
    return out.sort_values("customer_key")


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    datasets = {
        "cdnow": cdnow_orders(),
        "generated-generic": generic_orders(generated_generic_path()),
    }
    for name, orders in datasets.items():
        rfm(orders).to_csv(GOLDEN / f"{name}.rfm.csv", index=False)
        print(f"{name}: {orders['customer_key'].nunique()} customers, {len(orders)} orders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
