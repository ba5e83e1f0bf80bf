"""The `credito segment` pipeline written with pandas / numpy / scikit-learn, timed step by step.

Same steps as `credito segment --input FILE`: read the (gzipped) UCI CSV, compute the SPEC §4.1
signals, transform (default: log1p severity, sqrt usage; `--features seed`: none), StandardScaler,
KMeans(n_clusters=4, n_init=10, random_state=42), exact silhouette_score over all rows, order the
segments by observed default rate and report sizes / default rates / AUC.

Run it fairly on a small machine (OpenMP spin-waiting otherwise slows KMeans ~10x on 2 cores):

    OMP_WAIT_POLICY=passive python3 tools/sklearn_segment_bench.py data/uci_credit_card_default.csv.gz
    OMP_WAIT_POLICY=passive python3 tools/sklearn_segment_bench.py /tmp/uci_300k.csv.gz --silhouette-sample 30000

Prints one line per step (seconds) and the total, then a JSON summary line.
"""
import argparse
import json
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import roc_auc_score, silhouette_score
from sklearn.preprocessing import StandardScaler

PAY = ["PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]
BILL = [f"BILL_AMT{i}" for i in range(1, 7)]
PAID = [f"PAY_AMT{i}" for i in range(1, 7)]
LABEL = "default payment next month"


def signals(df):
    pay = df[PAY].to_numpy(dtype=float)
    late = np.where(pay > 0, pay, 0.0)
    bill = df[BILL].to_numpy(dtype=float)
    paid = df[PAID].to_numpy(dtype=float)
    limit = df["LIMIT_BAL"].to_numpy(dtype=float)
    billed = bill.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(billed <= 0, 1.0, np.clip(paid.sum(axis=1) / billed, 0, 1))
    usage = np.clip(bill[:, 0] / np.where(limit == 0, 1.0, limit), 0, 1.5)
    return {
        "score_gravidade": (late ** 2).sum(axis=1),
        "freq_atrasos": (pay > 0).sum(axis=1).astype(float),
        "razao_pagamento_6m": ratio,
        "taxa_uso_limite": usage,
        "limite_credito": limit,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--features", choices=["default", "seed"], default="default")
    ap.add_argument("--silhouette-sample", type=int, default=None,
                    help="rows for a sampled silhouette (default: exact over all rows)")
    ap.add_argument("--skip-silhouette", action="store_true")
    args = ap.parse_args()

    times = {}
    t0 = time.perf_counter()
    t = t0

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        times[name] = now - t
        t = now

    df = pd.read_csv(args.input)
    lap("read_csv")
    s = signals(df)
    y = df[LABEL].to_numpy() if LABEL in df.columns else None
    lap("signals")
    sev, usage = s["score_gravidade"], s["taxa_uso_limite"]
    if args.features == "default":
        sev, usage = np.log1p(sev), np.sqrt(usage)
    x = np.c_[sev, s["razao_pagamento_6m"], usage, s["limite_credito"]]
    xs = StandardScaler().fit_transform(x)
    lap("transform+scale")
    km = KMeans(n_clusters=4, n_init=10, random_state=42).fit(xs)
    lap("kmeans_10_runs")
    sil = None
    if not args.skip_silhouette:
        if args.silhouette_sample:
            sil = float(silhouette_score(xs, km.labels_, sample_size=args.silhouette_sample,
                                         random_state=42))
        else:
            sil = float(silhouette_score(xs, km.labels_))
    lap("silhouette")
    k = 4
    if y is not None and args.features == "default":
        key = np.array([y[km.labels_ == c].mean() for c in range(k)])
    else:
        key = np.array([s["score_gravidade"][km.labels_ == c].mean() for c in range(k)])
    order = np.empty(k, int)
    order[np.argsort(key, kind="stable")] = np.arange(k)
    seg = order[km.labels_]
    sizes = np.bincount(seg, minlength=k)
    rates = [float(y[seg == c].mean()) for c in range(k)] if y is not None else None
    auc = float(roc_auc_score(y, seg)) if y is not None else None
    lap("order+validate")
    total = time.perf_counter() - t0
    for name, v in times.items():
        print(f"{name:>16}: {v:9.3f} s")
    print(f"{'total':>16}: {total:9.3f} s")
    print(json.dumps({"rows": int(len(df)), "silhouette": sil, "sizes": sizes.tolist(),
                      "default_rates": rates, "auc": auc, "inertia": float(km.inertia_),
                      "seconds": {**times, "total": total}}))


if __name__ == "__main__":
    main()
