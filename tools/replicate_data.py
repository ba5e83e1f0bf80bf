"""Replicate the UCI portfolio to N rows with small noise, for scaling benchmarks (not committed).

    python3 tools/replicate_data.py [--rows 300000] [--seed 7] [--out /tmp/uci_300k.csv.gz]

Copy r of a client keeps its repayment statuses (the severity signal stays realistic) and the
label, gets a new ID, and has LIMIT_BAL, BILL_AMT* and PAY_AMT* multiplied by (1 + N(0, 0.02))
and rounded to whole units. Copy 0 is the original data.
"""
import argparse
import pathlib

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=str(ROOT / "data/uci_credit_card_default.csv.gz"))
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="/tmp/uci_300k.csv.gz")
    args = ap.parse_args()

    base = pd.read_csv(args.input)
    rng = np.random.default_rng(args.seed)
    money = ["LIMIT_BAL"] + [f"BILL_AMT{i}" for i in range(1, 7)] + [f"PAY_AMT{i}" for i in range(1, 7)]
    copies = []
    n = len(base)
    reps = -(-args.rows // n)
    for r in range(reps):
        df = base.copy()
        if r > 0:
            noise = 1.0 + rng.normal(0.0, 0.02, size=(n, len(money)))
            df[money] = np.round(df[money].to_numpy(dtype=float) * noise).astype(np.int64)
            df["LIMIT_BAL"] = df["LIMIT_BAL"].clip(lower=1000)
        df["ID"] = np.arange(r * n + 1, (r + 1) * n + 1)
        copies.append(df)
    out = pd.concat(copies, ignore_index=True).iloc[: args.rows]
    out.to_csv(args.out, index=False, compression="gzip" if args.out.endswith(".gz") else None)
    print(f"wrote {len(out)} rows to {args.out}")


if __name__ == "__main__":
    main()
