#!/usr/bin/env python3
"""Times the `lifetimes` package's BG/NBD and Gamma-Gamma fits on a calibration summary CSV.

Usage: lifetimes_fit.py SUMMARY.csv [REPEAT]

SUMMARY.csv has the columns frequency,recency,T,monetary_value as `lifetimes` names them (x, t_x, T in one
time unit; monetary_value the mean of the repeat transactions, 0 when frequency is 0), as written by
`kokyaku-bench --ltv`. Both fits use lifetimes' defaults apart from penalizer_coef=0 (plain maximum
likelihood):

- BetaGeoFitter(penalizer_coef=0).fit(frequency, recency, T) on every customer;
- GammaGammaFitter(penalizer_coef=0).fit(frequency, monetary_value) on the customers with frequency > 0
  (and monetary_value > 0, which lifetimes requires).

Each fit is run REPEAT times (default 1) on the data already in memory; the best wall time is kept. Reading
the CSV is not timed. Prints one flat JSON object (numbers and strings only) on stdout.
"""

import json
import sys
import time
import warnings

import lifetimes
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter


def best_of(repeat, fit):
    best, fitter = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        fitter = fit()
        best = min(best, time.perf_counter() - started)
    return best, fitter


def main():
    path = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    data = pd.read_csv(path, dtype=float)
    frequency, recency, age = data["frequency"], data["recency"], data["T"]
    spenders = data[(data["frequency"] > 0) & (data["monetary_value"] > 0)]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bg_seconds, bg = best_of(
            repeat,
            lambda: BetaGeoFitter(penalizer_coef=0.0).fit(frequency, recency, age),
        )
        gg_seconds, gg = best_of(
            repeat,
            lambda: GammaGammaFitter(penalizer_coef=0.0).fit(
                spenders["frequency"], spenders["monetary_value"]
            ),
        )

    out = {
        "lifetimes_version": lifetimes.__version__,
        "pandas_version": pd.__version__,
        "customers": int(len(data)),
        "spend_customers": int(len(spenders)),
        "runs": repeat,
        "bgnbd_seconds": bg_seconds,
        "r": float(bg.params_["r"]),
        "alpha": float(bg.params_["alpha"]),
        "a": float(bg.params_["a"]),
        "b": float(bg.params_["b"]),
        "gg_seconds": gg_seconds,
        "p": float(gg.params_["p"]),
        "q": float(gg.params_["q"]),
        "v": float(gg.params_["v"]),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
