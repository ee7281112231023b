#!/usr/bin/env python3
"""Kokyaku's tables in pandas, timed, for `kokyaku-bench --compare`.

Usage: pandas_tables.py ORDERS.csv

The same rules and tables as duckdb_tables.py (see there), written as vectorised pandas: a generic-format
export is read, grouped into orders and cleaned as Kokyaku does; then the summary, RFM, CPM, monthly cohorts,
repeat (F2 conversion, quartiles of the days to the 2nd and 3rd order) and historical LTV are built as data
frames. Product-level tables are not built.

Times are wall-clock seconds inside this process (start-up and imports excluded); "read_s" is reading the
CSV into the frame of valid orders. Prints one JSON object with the times, the peak RSS
(`getrusage(RUSAGE_SELF).ru_maxrss`), and the figures `kokyaku-bench` checks against Kokyaku's.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd

COLUMNS = ["order_id", "order_date", "customer_id", "email", "phone", "order_total", "status"]

# Segment by (R score, F score), rows R 1..5, columns F 1..5.
SEGMENTS = np.array([
    ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
    ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
    ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
    ["promising", "potential_loyalists", "potential_loyalists", "loyal", "loyal"],
    ["new", "potential_loyalists", "potential_loyalists", "champions", "champions"],
])


def read_orders(path):
    raw = pd.read_csv(path, usecols=COLUMNS, dtype=str, keep_default_na=False)
    date = pd.to_datetime(raw["order_date"], format="%Y-%m-%d", errors="coerce")
    total = pd.to_numeric(raw["order_total"].str.replace(",", "", regex=False), errors="coerce")
    raw = raw.assign(date=date, total=total)[date.notna() & total.notna()]
    orders = raw.drop_duplicates("order_id")
    orders = orders[~orders["status"].str.lower().str.contains("cancel", regex=False)]
    key = orders["customer_id"].str.strip()
    email = orders["email"].str.strip().str.lower()
    phone = orders["phone"].str.replace(r"\D", "", regex=True)
    key = key.where(key != "", email).where(lambda k: k != "", phone)
    keep = key != ""
    return pd.DataFrame({
        "customer_key": key[keep].values,
        "date": orders["date"][keep].values,
        "value": orders["total"][keep].astype("int64").values,
    })


def customers_of(orders):
    g = orders.groupby("customer_key", sort=False)
    stats = pd.DataFrame({"first": g["date"].min(), "last": g["date"].max(), "n": g.size(),
                          "value": g["value"].sum()})
    return stats, orders["date"].max() + pd.Timedelta(days=1)


def summary(stats):
    n = len(stats)
    return {"customers": n, "orders": int(stats["n"].sum()), "revenue": int(stats["value"].sum()),
            "repeat_rate": float((stats["n"] >= 2).mean()), "first": stats["first"].min(), "last": stats["last"].max()}


def quantile_score(larger_is_better):
    smaller = larger_is_better.rank(method="min").astype("int64") - 1
    return 1 + (5 * smaller) // len(larger_is_better)


def rfm(stats, as_of):
    recency = (as_of - stats["last"]).dt.days
    r = quantile_score(-recency)
    f = np.select([stats["n"] <= 1, stats["n"] == 2, stats["n"] == 3, stats["n"] <= 5], [1, 2, 3, 4], 5)
    m = quantile_score(stats["value"])
    out = pd.DataFrame({"recency_days": recency, "frequency": stats["n"], "monetary_minor": stats["value"],
                        "r_score": r, "f_score": f, "m_score": m})
    out["segment"] = SEGMENTS[out["r_score"].values - 1, out["f_score"].values - 1]
    return out


def cohorts(orders, as_of):
    period = orders["date"].dt.to_period("M").array.asi8
    o = pd.DataFrame({"customer_key": orders["customer_key"].values, "period": period,
                      "value": orders["value"].values})
    o["cohort"] = o.groupby("customer_key")["period"].transform("min")
    o["k"] = o["period"] - o["cohort"]
    sizes = o.groupby("cohort")["customer_key"].nunique()
    cells = o.groupby(["cohort", "k"]).agg(active=("customer_key", "nunique"), revenue=("value", "sum"))
    last = pd.Period(as_of - pd.Timedelta(days=1), freq="M").ordinal
    index = pd.MultiIndex.from_tuples([(c, k) for c in sizes.index for k in range(last - c + 1)],
                                      names=["cohort", "k"])
    table = cells.reindex(index, fill_value=0).reset_index()
    table["customers"] = table["cohort"].map(sizes)
    table["retention"] = table["active"] / table["customers"]
    table["cumulative_revenue_per_customer"] = table.groupby("cohort")["revenue"].cumsum() / table["customers"]
    table["label"] = pd.PeriodIndex.from_ordinals(table["cohort"], freq="M").strftime("%Y-%m")
    return table


def cpm(stats, as_of):
    tenure = (stats["last"] - stats["first"]).dt.days
    idle = (as_of - stats["last"]).dt.days
    stage = np.select([stats["n"] == 1, tenure < 90, stats["value"] < 70_000, tenure < 210],
                      ["first", "beginner", "steady", "trendy"], "loyal")
    return pd.Series(np.char.add(stage.astype(str), np.where(idle >= 240, "_lapsed", "_active")), index=stats.index)


def nth_days(orders):
    o = orders.sort_values(["customer_key", "date"], kind="stable")
    number = o.groupby("customer_key", sort=False).cumcount() + 1
    first = o[number == 1].set_index("customer_key")["date"]
    out = {}
    for n in (2, 3):
        nth = o[number == n].set_index("customer_key")["date"]
        out[n] = (nth - first.loc[nth.index]).dt.days
    return out


def repeat(stats, as_of, nth):
    age = (as_of - stats["first"]).dt.days
    to_second = nth[2].reindex(stats.index)
    f2 = [(d, int((age >= d).sum()), int(((age >= d) & (to_second <= d)).sum())) for d in (30, 60, 90, 180, 365)]
    quartiles = {n: days.quantile([0.25, 0.5, 0.75]).tolist() for n, days in nth.items()}
    return f2, quartiles


def history(orders, stats, as_of):
    first = orders["customer_key"].map(stats["first"])
    since_first = (orders["date"] - first).dt.days
    age = (as_of - first).dt.days
    customer_age = (as_of - stats["first"]).dt.days
    return [(d, int((customer_age >= d).sum()), int(orders["value"][(age >= d) & (since_first <= d)].sum()))
            for d in (30, 90, 180, 365)]


def main():
    path = sys.argv[1]
    times = {}

    def step(name, fn):
        started = time.perf_counter()
        result = fn()
        times[name] = time.perf_counter() - started
        return result

    started = time.perf_counter()
    orders = step("read_s", lambda: read_orders(path))
    stats, as_of = step("summary_s", lambda: customers_of(orders))
    totals = summary(stats)
    rfm_table = step("rfm_s", lambda: rfm(stats, as_of))
    cohort_table = step("cohorts_s", lambda: cohorts(orders, as_of))

    def others():
        cpm(stats, as_of)
        nth = nth_days(orders)
        repeat(stats, as_of, nth)
        history(orders, stats, as_of)

    step("others_s", others)
    total = time.perf_counter() - started

    first_period = cohort_table[cohort_table["k"] == 0]
    out = {
        "engine": "pandas",
        "version": pd.__version__,
        **times,
        "rfm_cohorts_s": times["read_s"] + times["summary_s"] + times["rfm_s"] + times["cohorts_s"],
        "total_s": total,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "customers": totals["customers"],
        "orders": totals["orders"],
        "revenue_minor": totals["revenue"],
        "segments": {k: int(v) for k, v in rfm_table["segment"].value_counts().items()},
        "cohort_sizes": {label: int(n) for label, n in zip(first_period["label"], first_period["customers"])},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
