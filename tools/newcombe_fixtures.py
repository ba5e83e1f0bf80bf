#!/usr/bin/env python3
"""Reference fixtures for collection-campaigns' uplift intervals.

Newcombe's hybrid score interval (method 10) for the difference of two independent
proportions, as statsmodels computes it (`confint_proportions_2indep(method="newcomb")`),
for a grid of counts including the edges (0 and n successes, small and large groups) and the
published examples of Newcombe (1998). `cargo test -p collection-campaigns` compares the Rust
implementation with this file.

    pip install statsmodels
    python3 tools/newcombe_fixtures.py > crates/collection-campaigns/tests/fixtures/newcombe.json
"""
import json
import random

import statsmodels
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

CASES = [
    # Newcombe (1998), table II.
    (56, 70, 48, 80),
    (9, 10, 3, 10),
    (6, 7, 2, 7),
    (5, 56, 0, 29),
    (0, 10, 0, 20),
    (0, 10, 0, 10),
    (10, 10, 0, 20),
    # Campaign-sized groups.
    (412, 4500, 38, 500),
    (1200, 27000, 120, 3000),
    (3, 40, 0, 5),
]

random.seed(20261204)
for _ in range(40):
    n1 = random.randint(1, 5000)
    n2 = random.randint(1, 800)
    CASES.append((random.randint(0, n1), n1, random.randint(0, n2), n2))

out = {"source": f"statsmodels {statsmodels.__version__}", "cases": []}
for x1, n1, x2, n2 in CASES:
    low, upp = confint_proportions_2indep(
        x1, n1, x2, n2, method="newcomb", compare="diff", alpha=0.05
    )
    w_low, w_upp = proportion_confint(x1, n1, alpha=0.05, method="wilson")
    out["cases"].append(
        {
            "x1": x1, "n1": n1, "x2": x2, "n2": n2,
            "diff": x1 / n1 - x2 / n2, "lower": float(low), "upper": float(upp),
            "wilson1_lower": float(w_low), "wilson1_upper": float(w_upp),
        }
    )
print(json.dumps(out, indent=1))
