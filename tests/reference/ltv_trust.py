#!/usr/bin/env python3
"""Reference numbers for the predictive-LTV tests on the CDNOW sample, computed with the `lifetimes` package.

What it computes (all from tests/data/cdnow/cdnow_sample_orders.csv, time unit = week = 7 days):

* Transactions: all orders of a customer on one day form one transaction (amounts summed).
  Calibration end 1997-09-30, holdout end 1998-06-30. Per customer: first = first transaction day;
  x = transactions on days > first and <= 1997-09-30; t_x = (last such day - first) / 7 (0 if x = 0);
  T = (1997-09-30 - first) / 7; m = mean dollar amount of the x repeat transactions (first one excluded).
* Fits: lifetimes' BetaGeoFitter (penalizer 0) on (x, t_x, T) and GammaGammaFitter (penalizer 0) on the
  customers with x >= 1; prints the parameters and the covariance matrices.
* (A) Tracking of cumulative repeat transactions for the weeks ending e_k = 1996-12-31 + 7k days, k = 1..78:
  actual(e) = repeat transaction days d with first < d <= e (holdout included); predicted(e) = sum over
  customers with first <= e of expected_number_of_purchases_up_to_time((e - first) / 7). All 78 rows are
  written to /tmp/tracking.csv (override with --tracking-csv).
* (B) E_total = sum of conditional_expected_number_of_purchases_up_to_time(h, x, t_x, T) with
  h = 12 * 30.4375 / 7 weeks; delta-method standard error and 95% interval.
* (C) CLV_total = sum over customers of DET_i * EM_i (margin 1), where EM_i is the Gamma-Gamma conditional
  expected average value (population mean p*v/(q-1) when x = 0) and DET_i is the sum over months m = 1..12 of
  (E[Y(m*L)] - E[Y((m-1)*L)]) / 1.01^m with L = 30.4375 / 7 weeks; delta-method standard error (both models,
  fits treated as independent) and 95% interval.
* Gradients are central differences with a relative step of 1e-5 in each natural parameter (r, alpha, a, b;
  p, q, v). SE = sqrt(g' V g) for three choices of V:
    - "lifetimes": the fitters' variance_matrix_ as returned. In lifetimes 0.11.3 it is computed as
      (params_ ** 2).values * inv(hessian) / n, which broadcasts params_**2 over columns only, so the matrix is
      not symmetric and its off-diagonal entries are not the delta-method covariance (diagonal is right);
      on this data g' V g comes out negative for (B) and (C), so no standard error is printed for it.
    - "corrected" (the one to use): diag(theta) inv(H_log) diag(theta) / n, i.e. the same autograd Hessian of
      lifetimes' own negative log-likelihood in log-parameters (fitter._hessian_), transformed correctly.
    - "hessian": the inverse of the Hessian (autograd) of lifetimes' own total negative log-likelihood taken
      directly in the natural parameters at the fitted values (a cross-check of "corrected").

How to run (needs a virtual environment with lifetimes==0.11.3; it worked with numpy 2.4.6, pandas 3.1.1,
scipy 1.17.1, autograd 1.9.1 - if the newest numpy/pandas/scipy break it, pin numpy<2, pandas<2, scipy<1.12):
    python3 -m venv /tmp/ltvenv && /tmp/ltvenv/bin/pip install lifetimes==0.11.3
    /tmp/ltvenv/bin/python tests/reference/ltv_trust.py [--tracking-csv PATH]
"""
import argparse
import warnings
from decimal import Decimal
from pathlib import Path

import autograd
import autograd.numpy as anp
import numpy as np
import pandas as pd
import scipy
import lifetimes
from lifetimes import BetaGeoFitter, GammaGammaFitter

warnings.simplefilter("ignore")

ROOT = Path(__file__).resolve().parents[2]
CDNOW = ROOT / "tests" / "data" / "cdnow" / "cdnow_sample_orders.csv"
CAL_END = pd.Timestamp("1997-09-30")
HOLDOUT_END = pd.Timestamp("1998-06-30")
MONTH = 30.4375 / 7.0            # one month in weeks
H = 12 * MONTH                   # 12-month horizon in weeks
DISCOUNT = 1.01                  # monthly discount factor
Z95 = 1.959963984540054
REL_STEP = 1e-5
BG_NAMES = ["r", "alpha", "a", "b"]
GG_NAMES = ["p", "q", "v"]


def load_transactions() -> pd.DataFrame:
    raw = pd.read_csv(CDNOW, dtype={"customer_id": str, "amount_usd": str})
    orders = pd.DataFrame({
        "customer": raw["customer_id"],
        "day": pd.to_datetime(raw["order_date"], format="%Y-%m-%d"),
        "cents": raw["amount_usd"].map(lambda s: int(Decimal(s) * 100)),
    })
    orders = orders[orders["day"] <= HOLDOUT_END]
    return orders.groupby(["customer", "day"], as_index=False)["cents"].sum()


def customer_summary(tx: pd.DataFrame) -> pd.DataFrame:
    first = tx.groupby("customer")["day"].min().rename("first")
    tx = tx.join(first, on="customer")
    cal_rep = tx[(tx["day"] > tx["first"]) & (tx["day"] <= CAL_END)]
    g = cal_rep.groupby("customer")
    s = pd.DataFrame({"first": first})
    s = s[s["first"] <= CAL_END]
    s["x"] = g.size().reindex(s.index).fillna(0).astype(int)
    last = g["day"].max().reindex(s.index)
    s["t_x"] = ((last - s["first"]).dt.days / 7.0).fillna(0.0)
    s["T"] = (CAL_END - s["first"]).dt.days / 7.0
    s["m"] = (g["cents"].sum().reindex(s.index) / 100.0 / s["x"]).where(s["x"] > 0, 0.0)
    return s


# ---- model functions with explicit parameters (evaluated through lifetimes' own methods) ----

def with_params(fitter, names, theta, fn):
    saved = fitter.params_
    fitter.params_ = pd.Series(np.asarray(theta, dtype=float), index=names)
    try:
        return fn()
    finally:
        fitter.params_ = saved


def e_total(bgf, s, theta):
    return with_params(bgf, BG_NAMES, theta, lambda: float(np.sum(
        bgf.conditional_expected_number_of_purchases_up_to_time(H, s["x"].values, s["t_x"].values, s["T"].values))))


def det_factors(bgf, s, theta):
    def run():
        x, tx, T = s["x"].values, s["t_x"].values, s["T"].values
        prev = np.zeros(len(s))
        det = np.zeros(len(s))
        for k in range(1, 13):
            cur = bgf.conditional_expected_number_of_purchases_up_to_time(k * MONTH, x, tx, T)
            det += (cur - prev) / DISCOUNT ** k
            prev = cur
        return det
    return with_params(bgf, BG_NAMES, theta, run)


def expected_margins(ggf, s, theta):
    return with_params(ggf, GG_NAMES, theta, lambda: np.asarray(
        ggf.conditional_expected_average_profit(s["x"].values.astype(float), s["m"].values), dtype=float))


def central_gradient(f, theta):
    theta = np.asarray(theta, dtype=float)
    g = np.zeros(len(theta))
    for i in range(len(theta)):
        step = REL_STEP * theta[i]
        up, dn = theta.copy(), theta.copy()
        up[i] += step
        dn[i] -= step
        g[i] = (f(up) - f(dn)) / (2 * step)
    return g


# ---- covariance matrices ----

def corrected_cov(fitter):
    theta = fitter.params_.values
    n = fitter.data["weights"].sum()
    return np.outer(theta, theta) * np.linalg.inv(fitter._hessian_) / n


def natural_hessian_cov_bg(bgf):
    d = bgf.data
    args = (d["frequency"].values.astype(int), d["recency"].values * bgf._scale, d["T"].values * bgf._scale,
            d["weights"].values, 0.0)
    n = d["weights"].sum()
    shift = anp.array([1.0, bgf._scale, 1.0, 1.0])

    def total_nll(theta):
        return n * bgf._negative_log_likelihood(anp.log(theta * shift), *args)
    return np.linalg.inv(autograd.hessian(total_nll)(bgf.params_.values.astype(float)))


def natural_hessian_cov_gg(ggf):
    d = ggf.data
    args = (d["frequency"].values, d["monetary_value"].values, d["weights"].values, 0.0)
    n = d["weights"].sum()

    def total_nll(theta):
        return n * ggf._negative_log_likelihood(anp.log(theta), *args)
    return np.linalg.inv(autograd.hessian(total_nll)(ggf.params_.values.astype(float)))


def report(key, value, var):
    if var < 0:
        print(f"  [{key:9s}] g'Vg = {var:.10e} < 0: no standard error")
        return
    se = float(np.sqrt(var))
    print(f"  [{key:9s}] SE = {se:.10f}  95% CI = [{value - Z95 * se:.10f}, {value + Z95 * se:.10f}]")


def fmt_matrix(name, m, names):
    print(f"{name}:")
    print("        " + "".join(f"{c:>24}" for c in names))
    for i, r in enumerate(names):
        print(f"  {r:>6}" + "".join(f"{m[i, j]:>24.15e}" for j in range(len(names))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tracking-csv", default="/tmp/tracking.csv")
    args = ap.parse_args()

    print(f"versions: lifetimes {lifetimes.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"scipy {scipy.__version__}")
    tx = load_transactions()
    s = customer_summary(tx)
    print(f"customers {len(s)}, transactions (customer-days) {len(tx)}, "
          f"customers with x>=1: {(s['x'] > 0).sum()}, calibration repeat transactions sum x = {s['x'].sum()}")

    bgf = BetaGeoFitter(penalizer_coef=0.0).fit(s["x"], s["t_x"], s["T"])
    rep = s[s["x"] > 0]
    ggf = GammaGammaFitter(penalizer_coef=0.0).fit(rep["x"], rep["m"])
    th_bg = bgf.params_[BG_NAMES].values.astype(float)
    th_gg = ggf.params_[GG_NAMES].values.astype(float)
    print("\nBG/NBD params:", ", ".join(f"{k} = {float(v)!r}" for k, v in zip(BG_NAMES, th_bg)))
    print("BG/NBD -loglik (total):", repr(float(bgf._negative_log_likelihood_) * len(s)))
    print("Gamma-Gamma params:", ", ".join(f"{k} = {float(v)!r}" for k, v in zip(GG_NAMES, th_gg)))
    print("Gamma-Gamma -loglik (total):", repr(float(ggf._negative_log_likelihood_) * len(rep)))
    assert list(bgf.variance_matrix_.index) == BG_NAMES and list(bgf.variance_matrix_.columns) == BG_NAMES
    assert list(ggf.variance_matrix_.index) == GG_NAMES and list(ggf.variance_matrix_.columns) == GG_NAMES

    covs = {
        "lifetimes": (bgf.variance_matrix_.values, ggf.variance_matrix_.values),
        "corrected": (corrected_cov(bgf), corrected_cov(ggf)),
        "hessian": (natural_hessian_cov_bg(bgf), natural_hessian_cov_gg(ggf)),
    }
    for key, (vb, vg) in covs.items():
        print()
        fmt_matrix(f"BG/NBD covariance [{key}]", vb, BG_NAMES)
        fmt_matrix(f"Gamma-Gamma covariance [{key}]", vg, GG_NAMES)

    # (A) tracking
    first = s["first"]
    txf = tx.join(first, on="customer")
    rep_days = txf.loc[txf["day"] > txf["first"], "day"].values
    start = first.min()
    rows = []
    for k in range(1, 79):
        e = start - pd.Timedelta(days=1) + pd.Timedelta(days=7 * k)
        actual = int((rep_days <= np.datetime64(e)).sum())
        born = first[first <= e]
        pred = float(np.sum(bgf.expected_number_of_purchases_up_to_time(((e - born).dt.days / 7.0).values)))
        rows.append({"k": k, "week_end": e.strftime("%Y-%m-%d"), "actual": actual, "predicted": pred})
    track = pd.DataFrame(rows)
    track.to_csv(args.tracking_csv, index=False, float_format="%.12f")
    print(f"\n(A) tracking, cumulative repeat transactions (start {start.date()}; all 78 weeks in {args.tracking_csv})")
    for k in (1, 4, 12, 13, 26, 39, 52, 65, 78):
        r = track.iloc[k - 1]
        print(f"  k={k:2d} {r['week_end']}: actual {r['actual']:5d}  predicted {r['predicted']:.10f}")
    a39, a78 = track.iloc[38]["actual"], track.iloc[77]["actual"]
    print(f"  actual(39) = {a39}, actual(78) - actual(39) = {a78 - a39}")

    # (B) expected transactions over 12 months
    et = e_total(bgf, s, th_bg)
    g_b = central_gradient(lambda th: e_total(bgf, s, th), th_bg)
    print(f"\n(B) h = {H!r} weeks; E_total = {et:.10f}")
    print("  gradient (r, alpha, a, b):", ", ".join(f"{v:.10e}" for v in g_b))
    for key, (vb, _) in covs.items():
        report(key, et, float(g_b @ vb @ g_b))

    # (C) CLV
    em = expected_margins(ggf, s, th_gg)
    det = det_factors(bgf, s, th_bg)
    clv = float(np.sum(det * em))
    g_cb = central_gradient(lambda th: float(np.sum(det_factors(bgf, s, th) * em)), th_bg)
    g_cg = central_gradient(lambda th: float(np.sum(det * expected_margins(ggf, s, th))), th_gg)
    print(f"\n(C) CLV_total = {clv:.10f} dollars (sum DET = {det.sum():.10f}, "
          f"population mean value = {th_gg[0] * th_gg[2] / (th_gg[1] - 1):.10f})")
    print("  gradient BG (r, alpha, a, b):", ", ".join(f"{v:.10e}" for v in g_cb))
    print("  gradient GG (p, q, v):", ", ".join(f"{v:.10e}" for v in g_cg))
    for key, (vb, vg) in covs.items():
        report(key, clv, float(g_cb @ vb @ g_cb + g_cg @ vg @ g_cg))


if __name__ == "__main__":
    main()
