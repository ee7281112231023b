#!/usr/bin/env python3
"""Reference tables for Kokyaku's analyses, computed independently with pandas.

Reads the raw order files (not Kokyaku's output), applies the definitions of docs/analyses.md with pandas, and
writes the tables to golden/ as CSV, named <data set>.<table>.csv (rfm, cpm, cohorts, cohorts-week,
repeat-f2, days-to-nth, history, basket, basket-sequence, dashboard-months, dashboard-kpis, plus a few with non-default parameters named after
them). The Rust tests
(crates/cli/tests/reference.rs) compare the `kokyaku` CLI's output with these files: counts and money exactly,
rates to 1e-9.

Re-run after changing a definition:
    pip install -r tests/reference/requirements.txt
    cargo build --release -p kokyaku-cli
    python3 tests/reference/reference.py

`scripts/pandas-check.sh` (part of `scripts/test.sh`) runs it with `--out` into a scratch folder and fails when
the tables differ from golden/, so the checked-in tables stay what pandas computes. Options:
    --out DIR    write the tables there instead of golden/
    --cli PATH   the `kokyaku` binary that writes the generated export (default target/release/kokyaku; any
                 build writes the same bytes)
"""
import argparse
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
DEFAULT_CLI = ROOT / "target" / "release" / "kokyaku"
CDNOW = ROOT / "tests" / "data" / "cdnow" / "cdnow_sample_orders.csv"

# The data sets: name -> function returning a frame of valid orders (customer_key, date, value_minor).


def cdnow_orders() -> pd.DataFrame:
    """CDNOW: one order per row (no order id), value in US cents."""
    raw = pd.read_csv(CDNOW, dtype={"customer_id": str, "amount_usd": str})
    return pd.DataFrame({
        "customer_key": raw["customer_id"],
        "date": pd.to_datetime(raw["order_date"], format="%Y-%m-%d"),
        "value_minor": raw["amount_usd"].map(lambda a: int(Decimal(a) * 100)),
    })


def generated_generic_path(cli: Path, scratch: Path) -> Path:
    """A generic-format export written by `kokyaku gen` (the generator is deterministic)."""
    path = scratch / "kokyaku-generic-20000-42.csv"
    if not path.exists():
        subprocess.run([str(cli), "gen", "--preset", "generic", "--orders", "20000", "--seed", "42",
                        "--out", str(path)], check=True)
    return path


def generic_rows(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A generic export: one row per line item; rows with an unreadable date or total are rejected;
    cancelled orders excluded; key = customer_id, else e-mail (trimmed, lower case), else phone digits.
    Returns the readable rows and the valid orders (their first rows, by order_id, with customer_key)."""
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
    return raw, orders.assign(customer_key=key)[key != ""]


def generic_orders(rows: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    """The valid orders of `generic_rows`: customer_key, date, value_minor."""
    _, orders = rows
    return pd.DataFrame({
        "customer_key": orders["customer_key"].values,
        "date": orders["date"].values,
        "value_minor": orders["total"].astype("int64").values,
    })


def before(orders: pd.DataFrame, as_of: str | None = None) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The orders dated before the as-of date, and that date (default: the day after the latest order)."""
    as_of = orders["date"].max() + pd.Timedelta(days=1) if as_of is None else pd.Timestamp(as_of)
    return orders[orders["date"] < as_of], as_of


def per_customer(orders: pd.DataFrame, as_of: str | None = None) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Per customer with an order before the as-of date: first and last order date, orders, total value."""
    orders, as_of = before(orders, as_of)
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


def rfm(orders: pd.DataFrame, as_of: str | None = None) -> pd.DataFrame:
    stats, as_of = per_customer(orders, as_of)
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


def cpm(orders: pd.DataFrame, decimals: int, as_of: str | None = None, lapse_days: int = 240,
        tenure_days: tuple[int, int] = (90, 210), value_threshold: int = 70_000) -> pd.DataFrame:
    """CPM group per customer (docs/analyses.md, "CPM"): n = orders, V = total value, tenure = days from the first to
    the latest order, idle = days from the latest order to the as-of date. The value threshold is in currency
    units, so it is compared with V in minor units times 10^decimals. The five stage rules are written out
    literally and every customer must match exactly one: first n = 1; beginner n >= 2 and tenure < T0; steady
    tenure >= T0 and V < threshold; trendy T0 <= tenure < T1 and V >= threshold; loyal tenure >= T1 and
    V >= threshold. Lapsed when idle >= lapse_days, else active. Columns: customer_key, cpm_group."""
    stats, as_of = per_customer(orders, as_of)
    n, value = stats["orders"], stats["value_minor"]
    tenure = (stats["last"] - stats["first"]).dt.days
    idle = (as_of - stats["last"]).dt.days
    threshold = value_threshold * 10 ** decimals
    t0, t1 = tenure_days
    rules = pd.DataFrame({
        "first": n == 1,
        "beginner": (n >= 2) & (tenure < t0),
        "steady": (tenure >= t0) & (value < threshold),
        "trendy": (tenure >= t0) & (tenure < t1) & (value >= threshold),
        "loyal": (tenure >= t1) & (value >= threshold),
    })
    assert (rules.sum(axis=1) == 1).all(), "the CPM rules must put every customer in exactly one stage"
    stage = rules.idxmax(axis=1)
    state = np.where(idle >= lapse_days, "lapsed", "active")
    out = pd.DataFrame({"customer_key": stats.index, "cpm_group": stage.values + "_" + state})
    return out.sort_values("customer_key")


def segment(orders: pd.DataFrame, decimals: int, condition) -> pd.DataFrame:
    """The customers for whom `condition(frame)` holds, over a frame of the RFM columns plus cpm_group; columns
    as `kokyaku segment --fields customer,frequency,monetary,rfm_segment` writes them (monetary in currency
    units)."""
    frame = rfm(orders).merge(cpm(orders, decimals), on="customer_key")
    chosen = frame[condition(frame)]
    scale = 10 ** decimals
    money = chosen["monetary_minor"].map(
        lambda m: str(m) if decimals == 0 else f"{Decimal(int(m)) / scale:.{decimals}f}")
    return pd.DataFrame({
        "customer": chosen["customer_key"],
        "frequency": chosen["frequency"],
        "monetary": money,
        "rfm_segment": chosen["segment"],
    }).sort_values("customer")


# Segment conditions, as pandas expressions; the names are the Rust test's `--where` texts' keys.
SEGMENTS_TESTED = {
    # The ready-made "win back" starter: rfm_segment in (at_risk, cant_lose_them) and m_score >= 3
    "win-back": lambda f: f["segment"].isin(["at_risk", "cant_lose_them"]) & (f["m_score"] >= 3),
    # (cpm_group = first_active or cpm_group = beginner_active) and recency <= 60 and monetary >= 100
    # (currency units)
    "new-spenders": lambda f: f["cpm_group"].isin(["first_active", "beginner_active"])
    & (f["recency_days"] <= 60) & (f["monetary_minor"] >= 100 * 10 ** f.attrs["decimals"]),
}


def period_number(dates: pd.Series, freq: str) -> pd.Series:
    """The pandas Period ordinal of each date: consecutive integers for consecutive months ("M") or weeks
    ("W-SUN": weeks ending on Sunday, so starting on Monday)."""
    return pd.Series(dates.dt.to_period(freq).array.asi8, index=dates.index)


def cohorts(orders: pd.DataFrame, freq: str = "M", as_of: str | None = None) -> pd.DataFrame:
    """Cohort matrix (docs/analyses.md, "Cohorts"). A customer's cohort is the month (or Monday-to-Sunday week) of the
    first order; period k is the k-th month (week) after it. Each cohort has a row for every period k from 0
    up to the period holding the day before the as-of date. customers = cohort size; active_customers =
    customers with >= 1 order in period k; retention = active / customers; revenue_minor = value of the
    cohort's orders in period k; cumulative_revenue_per_customer_minor = revenue of periods 0..k / customers;
    complete = the period's last day is before the as-of date. Cohorts are labelled YYYY-MM (months) or by
    the Monday's date (weeks)."""
    orders, as_of = before(orders, as_of)
    o = orders.assign(period=period_number(orders["date"], freq))
    o["cohort"] = o["customer_key"].map(o.groupby("customer_key")["period"].min())
    o["k"] = o["period"] - o["cohort"]
    last = pd.Period(as_of - pd.Timedelta(days=1), freq=freq).ordinal
    size = o.groupby("cohort")["customer_key"].nunique()
    active = o.groupby(["cohort", "k"])["customer_key"].nunique()
    revenue = o.groupby(["cohort", "k"])["value_minor"].sum()
    rows = []
    for cohort, customers in size.items():
        cohort_period = pd.Period(ordinal=cohort, freq=freq)
        label = str(cohort_period) if freq == "M" else cohort_period.start_time.strftime("%Y-%m-%d")
        cumulative = 0
        for k in range(last - cohort + 1):
            period = pd.Period(ordinal=cohort + k, freq=freq)
            a = int(active.get((cohort, k), 0))
            r = int(revenue.get((cohort, k), 0))
            cumulative += r
            rows.append({
                "cohort": label,
                "period": k,
                "customers": int(customers),
                "active_customers": a,
                "retention": a / customers,
                "revenue_minor": r,
                "cumulative_revenue_per_customer_minor": cumulative / customers,
                "complete": "true" if period.end_time.normalize() < as_of else "false",
            })
    return pd.DataFrame(rows)


def nth_order_days(orders: pd.DataFrame, n: int) -> pd.Series:
    """Per customer with at least n orders: days from the first order date to the n-th (orders sorted by
    date; orders on the same day are separate, so this can be 0)."""
    o = orders.sort_values(["customer_key", "date"], kind="stable")
    o = o.assign(number=o.groupby("customer_key").cumcount() + 1)
    first = o[o["number"] == 1].set_index("customer_key")["date"]
    nth = o[o["number"] == n].set_index("customer_key")["date"]
    return (nth - first.loc[nth.index]).dt.days


def repeat_f2(orders: pd.DataFrame, windows=(30, 60, 90, 180, 365), as_of: str | None = None) -> pd.DataFrame:
    """F2 conversion within D days (docs/analyses.md, "Repeat behaviour"): eligible = customers whose first order is
    at least D days before the as-of date; converted = eligible customers whose second order is at most D days
    after the first; rate = converted / eligible (empty when nobody is eligible)."""
    orders, as_of = before(orders, as_of)
    stats, _ = per_customer(orders, as_of)
    age = (as_of - stats["first"]).dt.days
    to_second = nth_order_days(orders, 2).reindex(stats.index)
    rows = []
    for d in windows:
        eligible = age >= d
        converted = eligible & (to_second <= d)
        rows.append({
            "window_days": d,
            "eligible": int(eligible.sum()),
            "converted": int(converted.sum()),
            "rate": converted.sum() / eligible.sum() if eligible.any() else np.nan,
        })
    return pd.DataFrame(rows)


def dashboard_months(orders: pd.DataFrame, as_of: str | None = None, months: int = 24,
                     f2_window: int = 90) -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp]:
    """Every calendar month from the first order's to the last complete one (docs/analyses.md, "Dashboard"):
    the last complete month is the one before the as-of date's month. Per month: customers with an order
    (active), customers whose first order is in it (new), active customers who are not new (returning), orders,
    revenue, the revenue of new customers' orders in the month and of the others', revenue / orders,
    returning / active, and F2 of the month's new customers (eligible: first order at least D days before the
    as-of date; converted: second order at most D days after the first). Returns every month, the last
    `months` of them, and the as-of date."""
    orders, as_of = before(orders, as_of)
    o = orders.assign(month=period_number(orders["date"], "M"))
    first_month = o.groupby("customer_key")["month"].min()
    first_date = o.groupby("customer_key")["date"].min()
    new = o["month"] == o["customer_key"].map(first_month)
    by_month = o.groupby("month")
    active = by_month["customer_key"].nunique()
    count = by_month.size()
    revenue = by_month["value_minor"].sum()
    new_revenue = o[new].groupby("month")["value_minor"].sum()
    new_customers = first_month.value_counts()
    age = (as_of - first_date).dt.days
    to_second = nth_order_days(orders, 2).reindex(first_date.index)
    eligible = age >= f2_window
    converted = eligible & (to_second <= f2_window)
    f2_eligible = eligible.groupby(first_month).sum()
    f2_converted = converted.groupby(first_month).sum()
    last = pd.Period(as_of, freq="M").ordinal - 1
    rows = []
    for m in range(int(first_month.min()), last + 1):
        a, n = int(active.get(m, 0)), int(new_customers.get(m, 0))
        k, r, nr = int(count.get(m, 0)), int(revenue.get(m, 0)), int(new_revenue.get(m, 0))
        e, c = int(f2_eligible.get(m, 0)), int(f2_converted.get(m, 0))
        rows.append({
            "month": str(pd.Period(ordinal=m, freq="M")),
            "active_customers": a,
            "new_customers": n,
            "returning_customers": a - n,
            "orders": k,
            "revenue_minor": r,
            "new_revenue_minor": nr,
            "repeat_revenue_minor": r - nr,
            "average_order_value_minor": r / k if k else None,
            "repeat_share": (a - n) / a if a else None,
            "f2_eligible": e,
            "f2_converted": c,
            "f2_rate": c / e if e else None,
        })
    every = pd.DataFrame(rows)
    return every, every.tail(months), as_of


def dashboard_kpis(orders: pd.DataFrame, as_of: str | None = None) -> pd.DataFrame:
    """The last complete month's figures against the month before and the same month a year earlier; a month
    before the first order's has no figures. Changes are relative for counts, money and the average order
    value, (now - before) / before, empty when before is 0; the repeat share's is the difference of shares."""
    every, _, as_of = dashboard_months(orders, as_of)
    last = pd.Period(as_of, freq="M") - 1
    by_label = every.set_index("month")
    rows = []
    for kpi, share in [("active_customers", False), ("new_customers", False), ("orders", False),
                       ("revenue_minor", False), ("average_order_value_minor", False), ("repeat_share", True)]:
        def value(period):
            label = str(period)
            if label not in by_label.index:
                return None
            v = by_label.loc[label, kpi]
            return None if pd.isna(v) else v

        def change(now, before):
            if now is None or before is None:
                return None
            if share:
                return now - before
            return (now - before) / before if before != 0 else None

        now, previous, year_ago = value(last), value(last - 1), value(last - 12)
        rows.append({
            "kpi": kpi,
            "month": str(last),
            "value": now,
            "previous_month": str(last - 1),
            "previous": previous,
            "change": change(now, previous),
            "year_ago_month": str(last - 12),
            "year_ago": year_ago,
            "change_vs_year_ago": change(now, year_ago),
        })
    return pd.DataFrame(rows, dtype=object)


def days_to_nth(orders: pd.DataFrame, as_of: str | None = None) -> pd.DataFrame:
    """Days from the first order to the second and to the third (転換日数), over the customers who have that
    many orders: count, min, quartiles and median by pandas' default quantile() (linear interpolation), max
    and mean. Empty cells when no customer has that many orders."""
    orders, _ = before(orders, as_of)
    rows = []
    for n in (2, 3):
        days = nth_order_days(orders, n)
        rows.append({
            "nth": n,
            "customers": len(days),
            "min_days": days.min(),
            "q1_days": days.quantile(0.25),
            "median_days": days.quantile(0.5),
            "q3_days": days.quantile(0.75),
            "max_days": days.max(),
            "mean_days": days.mean(),
        })
    return pd.DataFrame(rows).astype({"min_days": "Int64", "max_days": "Int64"})


def history_overall(orders: pd.DataFrame, horizons=(30, 90, 180, 365), as_of: str | None = None) -> pd.DataFrame:
    """Historical LTV at D days over all customers (docs/analyses.md, "Historical LTV"): eligible = customers whose first order
    is at least D days before the as-of date; total_minor = their orders dated at most D days after their
    first order, summed; mean_minor = total / eligible (empty when nobody is eligible)."""
    orders, as_of = before(orders, as_of)
    stats, _ = per_customer(orders, as_of)
    age = (as_of - stats["first"]).dt.days
    since_first = (orders["date"] - orders["customer_key"].map(stats["first"])).dt.days
    customer_age = orders["customer_key"].map(age)
    rows = []
    for d in horizons:
        eligible = int((age >= d).sum())
        total = int(orders.loc[(customer_age >= d) & (since_first <= d), "value_minor"].sum())
        rows.append({
            "horizon_days": d,
            "eligible": eligible,
            "total_minor": total,
            "mean_minor": total / eligible if eligible else np.nan,
        })
    return pd.DataFrame(rows)


def migration(orders: pd.DataFrame, decimals: int, start: str, end: str, by: str = "rfm") -> pd.DataFrame:
    """Customers by their RFM segment (or CPM group) as of `start` and as of `end` ("none" without an order
    before `start`), with the value of their orders dated in [start, end)."""
    def states(as_of):
        if by == "rfm":
            return rfm(orders, as_of)[["customer_key", "segment"]].rename(columns={"segment": "state"})
        return cpm(orders, decimals, as_of=as_of).rename(columns={"cpm_group": "state"})
    pairs = states(end).merge(states(start), on="customer_key", how="left", suffixes=("_to", "_from"))
    pairs["state_from"] = pairs["state_from"].fillna("none")
    between = orders[(orders["date"] >= pd.Timestamp(start)) & (orders["date"] < pd.Timestamp(end))]
    spent = between.groupby("customer_key")["value_minor"].sum()
    pairs["revenue"] = pairs["customer_key"].map(spent).fillna(0).astype("int64")
    out = pairs.groupby(["state_from", "state_to"]).agg(
        customers=("customer_key", "size"), revenue_between=("revenue", "sum")).reset_index()
    return out.rename(columns={"state_from": "from_segment", "state_to": "to_segment"})


# Words that mark a line as not goods, as the basket analysis's default list (docs/analyses.md, "Basket").
NOT_PRODUCTS = ["送料", "配送料", "手数料", "代引", "ギフト包装", "ラッピング", "のし", "ノベルティ", "値引", "割引",
                "クーポン", "ポイント", "shipping", "gift wrap", "discount", "coupon", "fee"]


def generic_lines(rows: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The valid orders of `generic_rows` (order_id, customer_key, date) and their goods lines (order_id and
    product: id, else name), one row per distinct product of an order."""
    raw, first = rows
    lines = raw[raw["order_id"].isin(first.index)].copy()
    lines["product"] = lines["product_id"].where(lines["product_id"] != "", lines["product_name"])
    words = "|".join(NOT_PRODUCTS)
    text = lines["product_name"].str.lower() + "\t" + lines["product_id"].str.lower()
    lines = lines[(lines["product"] != "") & ~text.str.contains(words, regex=True)]
    lines = lines.drop_duplicates(["order_id", "product"])
    orders = first.reset_index()[["order_id", "customer_key", "date"]]
    return orders, lines[["order_id", "product"]]


def basket(orders: pd.DataFrame, lines: pd.DataFrame, min_orders: int = 2) -> pd.DataFrame:
    """Ordered pairs a -> b bought in the same order: orders with a, with b, with both; support (both of
    the valid orders), confidence (both of a's), lift (confidence over b's share)."""
    orders, _ = before(orders)
    lines = lines[lines["order_id"].isin(orders["order_id"])]
    n = len(orders)
    with_product = lines.groupby("product")["order_id"].nunique()
    pairs = lines.merge(lines, on="order_id")
    pairs = pairs[pairs["product_x"] != pairs["product_y"]]
    both = pairs.groupby(["product_x", "product_y"]).size().reset_index(name="orders_both")
    both = both[both["orders_both"] >= min_orders]
    out = pd.DataFrame({
        "product_a": both["product_x"],
        "product_b": both["product_y"],
        "orders_a": both["product_x"].map(with_product).astype("int64"),
        "orders_b": both["product_y"].map(with_product).astype("int64"),
        "orders_both": both["orders_both"].astype("int64"),
    })
    out["support"] = out["orders_both"] / n
    out["confidence"] = out["orders_both"] / out["orders_a"]
    out["lift"] = out["confidence"] / (out["orders_b"] / n)
    return out


def basket_sequence(orders: pd.DataFrame, lines: pd.DataFrame, min_customers: int = 2) -> pd.DataFrame:
    """Per product of customers' first orders, the products of their second orders: customers whose first
    order holds it, of those the ones with a second order, the ones whose second order holds the next
    product, and that share."""
    orders, _ = before(orders)
    orders = orders.sort_values("date", kind="stable")
    orders["n"] = orders.groupby("customer_key").cumcount()
    nth = {k: orders[orders["n"] == k][["order_id", "customer_key"]] for k in (0, 1)}
    first = nth[0].merge(lines, on="order_id")
    second = nth[1].merge(lines, on="order_id")
    customers_first = first.groupby("product")["customer_key"].nunique()
    has_second = first[first["customer_key"].isin(nth[1]["customer_key"])]
    customers_second = has_second.groupby("product")["customer_key"].nunique()
    paths = first.merge(second, on="customer_key")
    nexts = paths.groupby(["product_x", "product_y"])["customer_key"].nunique().reset_index(name="next")
    nexts = nexts[nexts["next"] >= min_customers]
    out = pd.DataFrame({
        "first_product": nexts["product_x"],
        "next_product": nexts["product_y"],
        "customers_first": nexts["product_x"].map(customers_first).astype("int64"),
        "customers_second": nexts["product_x"].map(customers_second).astype("int64"),
        "customers_next": nexts["next"].astype("int64"),
    })
    out["share"] = out["customers_next"] / out["customers_second"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Writes the pandas reference tables.")
    parser.add_argument("--out", type=Path, default=GOLDEN, help="folder for the tables (default: golden/)")
    parser.add_argument("--cli", type=Path, default=DEFAULT_CLI, help="the kokyaku binary for `kokyaku gen`")
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kokyaku-reference-") as scratch:
        generated = generated_generic_path(args.cli, Path(scratch))
        generic = generic_rows(generated)
        # name -> (valid orders, decimals of the currency's minor unit, an as-of date in the middle of a month)
        datasets = {
            "cdnow": (cdnow_orders(), 2, "1998-03-15"),
            "generated-generic": (generic_orders(generic), 0, "2025-06-18"),
        }
        basket_orders, basket_lines = generic_lines(generic)
    # name -> (from, to) of the segment migration tables.
    migration_dates = {"cdnow": ("1997-10-01", "1998-04-01"), "generated-generic": ("2025-01-01", "2025-06-18")}
    for name, (orders, decimals, mid_month) in datasets.items():
        tables = {
            "rfm": rfm(orders),
            "cpm": cpm(orders, decimals),
            "cohorts": cohorts(orders, "M"),
            "cohorts-week": cohorts(orders, "W-SUN"),
            # Both default as-of dates are the 1st of a month, so every month is complete; this one is not.
            f"cohorts.as-of-{mid_month}": cohorts(orders, "M", as_of=mid_month),
            "repeat-f2": repeat_f2(orders),
            "days-to-nth": days_to_nth(orders),
            "history": history_overall(orders),
            "migration": migration(orders, decimals, *migration_dates[name]),
            "migration-cpm": migration(orders, decimals, *migration_dates[name], by="cpm"),
            "dashboard-months": dashboard_months(orders)[1],
            "dashboard-kpis": dashboard_kpis(orders),
            f"dashboard-months.as-of-{mid_month}": dashboard_months(orders, as_of=mid_month)[1],
            f"dashboard-kpis.as-of-{mid_month}": dashboard_kpis(orders, as_of=mid_month),
            "dashboard-months.months-6-f2-30": dashboard_months(orders, months=6, f2_window=30)[1],
        }
        for segment_name, condition in SEGMENTS_TESTED.items():
            def with_decimals(frame, condition=condition):
                frame.attrs["decimals"] = decimals
                return condition(frame)
            tables[f"segment.{segment_name}"] = segment(orders, decimals, with_decimals)
        if name == "cdnow":
            # USD 70,000 is more than any CDNOW customer spent: a low threshold exercises trendy and loyal.
            tables["cpm-value-threshold-100"] = cpm(orders, decimals, value_threshold=100)
        if name == "generated-generic":
            tables["basket"] = basket(basket_orders, basket_lines)
            tables["basket-sequence"] = basket_sequence(basket_orders, basket_lines)
            tables["basket.min-orders-1"] = basket(basket_orders, basket_lines, min_orders=1)
        for table, frame in tables.items():
            frame.to_csv(out / f"{name}.{table}.csv", index=False)
        print(f"{name}: {orders['customer_key'].nunique()} customers, {len(orders)} orders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
