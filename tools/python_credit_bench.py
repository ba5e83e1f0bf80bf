"""Time the original-style Python credit stages on this machine.

What is timed (per request, best of several repeats, wall clock):

* stage 1 + 2: the persona rules and the breadth-first limit search of
  ``credit_reference.py`` (deque + visited set, as the original);
* the limit stage's worst case: premium home loan, 1 requested installment,
  36 360 BFS states;
* stage 3: scikit-fuzzy ``ControlSystemSimulation.compute()`` on the same
  19-rule system (SPEC §3.3), with distinct inputs per call so its cache never
  answers;
* stage 3 again, building the control system and simulation for the request
  (``fuzzy_build_and_compute``) as a per-request service without reuse would;
* stage 4: the 10->16->3 MLP forward pass. PyTorch is not installed here, so a
  numpy forward pass of the same shape stands in (state this when quoting it);
* the whole Python pipeline per request: stages 1-4 for a mix of requests.

Usage: ``python3 tools/python_credit_bench.py [--json]``.
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import skfuzzy as fuzz
from skfuzzy import control as ctrl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from credit_reference import calculate_limit, classify  # noqa: E402


def build_fuzzy_system():
    score = ctrl.Antecedent(np.arange(0, 1001, 1), "credit_score")
    income = ctrl.Antecedent(np.arange(0, 50001, 100), "income")
    debt = ctrl.Antecedent(np.arange(0, 1.01, 0.01), "debt_ratio")
    emp = ctrl.Antecedent(np.arange(0, 121, 1), "employment_time")
    inq = ctrl.Antecedent(np.arange(0, 21, 1), "inquiries")
    limit = ctrl.Antecedent(np.arange(0, 1.01, 0.01), "limit_ratio")
    risk = ctrl.Consequent(np.arange(0, 1.01, 0.01), "risk")

    score["low"] = fuzz.trapmf(score.universe, [0, 0, 450, 550])
    score["med"] = fuzz.trimf(score.universe, [500, 650, 780])
    score["high"] = fuzz.trapmf(score.universe, [700, 780, 1000, 1000])
    income["low"] = fuzz.trapmf(income.universe, [0, 0, 2000, 4000])
    income["med"] = fuzz.trimf(income.universe, [3000, 7000, 12000])
    income["high"] = fuzz.trapmf(income.universe, [8000, 15000, 50000, 50000])
    debt["low"] = fuzz.trapmf(debt.universe, [0, 0, 0.2, 0.3])
    debt["med"] = fuzz.trimf(debt.universe, [0.2, 0.4, 0.6])
    debt["high"] = fuzz.trapmf(debt.universe, [0.5, 0.7, 1, 1])
    emp["short"] = fuzz.trapmf(emp.universe, [0, 0, 6, 12])
    emp["med"] = fuzz.trimf(emp.universe, [6, 24, 48])
    emp["long"] = fuzz.trapmf(emp.universe, [36, 60, 120, 120])
    inq["few"] = fuzz.trapmf(inq.universe, [0, 0, 2, 4])
    inq["many"] = fuzz.trapmf(inq.universe, [3, 6, 20, 20])
    limit["low"] = fuzz.trapmf(limit.universe, [0, 0, 0.4, 0.6])
    limit["med"] = fuzz.trimf(limit.universe, [0.5, 0.7, 0.85])
    limit["high"] = fuzz.trapmf(limit.universe, [0.8, 0.9, 1, 1])
    risk["low"] = fuzz.trapmf(risk.universe, [0, 0, 0.2, 0.4])
    risk["med"] = fuzz.trimf(risk.universe, [0.3, 0.55, 0.75])
    risk["high"] = fuzz.trapmf(risk.universe, [0.65, 0.8, 1, 1])

    R = ctrl.Rule
    rules = [
        R(score["high"] & debt["low"], risk["low"]),
        R(score["high"] & debt["med"], risk["low"]),
        R(score["high"] & inq["few"], risk["low"]),
        R(income["high"] & debt["low"], risk["low"]),
        R(income["high"] & inq["few"], risk["low"]),
        R(score["med"] & debt["low"] & inq["few"], risk["low"]),
        R(score["med"] & income["high"], risk["low"]),
        R(score["med"] & debt["med"], risk["med"]),
        R(score["high"] & debt["high"], risk["med"]),
        R(score["low"] & debt["low"] & income["high"], risk["med"]),
        R(income["med"] & limit["med"], risk["med"]),
        R(inq["many"] & debt["low"], risk["med"]),
        R(score["low"] & debt["med"], risk["high"]),
        R(score["low"] & inq["many"], risk["high"]),
        R(debt["high"] & income["low"], risk["high"]),
        R(debt["high"] & income["med"], risk["high"]),
        R(income["med"] & limit["high"], risk["high"]),
        R(limit["high"] & emp["short"] & score["med"], risk["high"]),
        R(inq["many"] & debt["high"], risk["high"]),
    ]
    return ctrl.ControlSystemSimulation(ctrl.ControlSystem(rules))


def mlp_forward(w1, b1, w2, b2, x):
    h = np.maximum(w1 @ x + b1, 0.0)
    z = w2 @ h + b2
    e = np.exp(z - z.max())
    return e / e.sum()


def features(profile, risk_score, limit_ratio):
    age = min(max((profile["age"] - 18) / (75 - 18), 0.0), 1.0)
    return np.array([
        age,
        profile["credit_score"] / 1000,
        min(1.0, math.log1p(profile["income"]) / math.log(50001)),
        profile["debt_to_income_ratio"],
        1.0 if profile["employment_status"] in ("employed", "self_employed") else 0.0,
        1.0,
        min(1.0, profile["num_credit_inquiries"] / 10),
        min(1.0, profile["num_existing_loans"] / 5),
        risk_score,
        limit_ratio,
    ], dtype=np.float32)


def sample_requests(count, seed=7):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        profile = dict(
            age=rng.randint(18, 80),
            income=round(rng.uniform(1500, 30000), 2),
            debt_to_income_ratio=round(rng.uniform(0, 0.6), 3),
            employment_status=rng.choice(["employed", "self_employed", "retired"]),
            credit_score=rng.randint(450, 950),
            has_bacen_restriction=rng.random() < 0.1,
            num_existing_loans=rng.randint(0, 3),
            num_credit_inquiries=rng.randint(0, 8),
            time_at_job_months=rng.randint(0, 120),
        )
        product = rng.choice(["personal_loan", "credit_card", "auto_loan", "personal_loan"])
        out.append((profile, product, round(rng.uniform(1000, 40000), 2), rng.choice([12, 24, 36])))
    return out


_CALLS = [0]


def best_per_call(fn, calls, repeats=5):
    """Best mean seconds per call; call indices never repeat (no cache hits)."""
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            _CALLS[0] += 1
            fn(_CALLS[0])
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def main():
    requests = sample_requests(300)
    sim = build_fuzzy_system()
    rng = np.random.default_rng(1)
    w1, b1 = rng.normal(size=(16, 10)).astype(np.float32), np.zeros(16, np.float32)
    w2, b2 = rng.normal(size=(3, 16)).astype(np.float32), np.zeros(3, np.float32)

    def stages12(i):
        profile, product, amount, n = requests[i % len(requests)]
        persona = classify(profile)
        if persona:
            calculate_limit(profile, product, persona, n)

    worst_profile = dict(income=1e6, debt_to_income_ratio=0.0, employment_status="employed",
                         credit_score=900, has_bacen_restriction=False, num_existing_loans=0)
    worst = calculate_limit(worst_profile, "home_loan", "premium", 1)
    assert worst["states"] == 36360, worst

    def fuzzy_call(i):
        profile, _, amount, _ = requests[i % len(requests)]
        sim.input["credit_score"] = profile["credit_score"]
        sim.input["income"] = min(profile["income"], 50000)
        sim.input["debt_ratio"] = profile["debt_to_income_ratio"]
        sim.input["employment_time"] = profile["time_at_job_months"]
        sim.input["inquiries"] = profile["num_credit_inquiries"]
        # A fresh limit ratio per call defeats the simulation's input cache.
        sim.input["limit_ratio"] = 0.05 + (i % 90001) / 100000
        try:
            sim.compute()
            return sim.output["risk"]
        except (KeyError, ValueError):  # no rule fired (SPEC 7.3)
            return None

    def fuzzy_fresh_system(i):
        fresh = build_fuzzy_system()
        profile, _, _, _ = requests[i % len(requests)]
        fresh.input["credit_score"] = profile["credit_score"]
        fresh.input["income"] = min(profile["income"], 50000)
        fresh.input["debt_ratio"] = profile["debt_to_income_ratio"]
        fresh.input["employment_time"] = profile["time_at_job_months"]
        fresh.input["inquiries"] = profile["num_credit_inquiries"]
        fresh.input["limit_ratio"] = 0.7
        try:
            fresh.compute()
        except (KeyError, ValueError):
            pass

    def mlp_call(i):
        profile, _, _, _ = requests[i % len(requests)]
        mlp_forward(w1, b1, w2, b2, features(profile, 0.3, 0.7))

    def whole(i):
        profile, product, amount, n = requests[i % len(requests)]
        persona = classify(profile)
        if not persona:
            return
        lim = calculate_limit(profile, product, persona, n)
        if lim["amount"] <= 0:
            return
        # Tiny per-call jitter so the simulation's cache never answers.
        ratio = min(1.0, amount / lim["amount"]) * (1 - (i % 1000) * 1e-9)
        sim.input["credit_score"] = profile["credit_score"]
        sim.input["income"] = min(profile["income"], 50000)
        sim.input["debt_ratio"] = profile["debt_to_income_ratio"]
        sim.input["employment_time"] = profile["time_at_job_months"]
        sim.input["inquiries"] = profile["num_credit_inquiries"]
        sim.input["limit_ratio"] = ratio
        try:
            sim.compute()
            risk = sim.output["risk"]
        except Exception:  # no rule fired: the original raised here
            return
        mlp_forward(w1, b1, w2, b2, features(profile, risk, ratio))

    results = {
        "stage12_dfs_bfs_per_request_s": best_per_call(stages12, 300),
        "bfs_worst_case_s": best_per_call(lambda i: calculate_limit(worst_profile, "home_loan", "premium", 1), 3, repeats=3),
        "fuzzy_skfuzzy_compute_s": best_per_call(fuzzy_call, 100, repeats=3),
        "fuzzy_build_and_compute_s": best_per_call(fuzzy_fresh_system, 20, repeats=3),
        "mlp_numpy_forward_s": best_per_call(mlp_call, 2000),
        "whole_python_pipeline_per_request_s": best_per_call(whole, 100, repeats=3),
        "mlp_note": "PyTorch not installed: numpy forward pass of the same 10-16-3 shape",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "skfuzzy": fuzz.__version__,
    }
    if "--json" in sys.argv:
        print(json.dumps(results, indent=2))
    else:
        for k, v in results.items():
            if isinstance(v, float):
                print(f"{k:40s} {v * 1e6:12.1f} us")
            else:
                print(f"{k:40s} {v}")


if __name__ == "__main__":
    main()
