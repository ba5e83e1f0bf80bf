#!/usr/bin/env python3
"""Reference fixtures for stage 3 (fuzzy risk), computed by scikit-fuzzy 0.5.

Builds the CreditAI Mamdani system of SPEC section 3.3 exactly as the original
implementation did (``ctrl.Antecedent``/``ctrl.Consequent`` on ``np.arange``
universes, ``fuzz.trapmf``/``fuzz.trimf`` terms, the 19 ``ctrl.Rule`` objects,
``ctrl.ControlSystemSimulation``) and evaluates it on a deterministic set of
inputs:

* random inputs inside the universes;
* every breakpoint of every term of every input, exactly on it and just off it;
* values outside every universe (negative and above the maximum);
* the region where no rule fires (scikit-fuzzy cannot defuzzify there: the
  fixture records ``"none": true``).

Every input gets a fresh ``ControlSystemSimulation`` which is reset afterwards,
so scikit-fuzzy's per-input cache (which made the original return a stale score
when a failing input repeated) cannot leak between fixtures.

Output: ``crates/credit-pipeline/tests/fixtures/fuzzy_reference.json``::

    {"generator": ..., "inputs": [names], "rules": 19,
     "cases": [{"x": [6 raw inputs],
                "score": float | absent, "none": true | absent,
                "fired": [[rule, activation], ...],     # activation > 0 only
                "cuts": [low, med, high],               # output term activations
                "m": [low, med, high]}]}                # memberships of score

Usage: ``python3 tools/fuzzy_fixtures.py`` (needs numpy and scikit-fuzzy==0.5.0).
"""

import json
import pathlib
import random
import sys

import numpy as np
import skfuzzy as fuzz
from skfuzzy import control as ctrl

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "credit-pipeline" / "tests" / "fixtures" / "fuzzy_reference.json"

# name -> (np.arange arguments, {term: (kind, params)}) -- SPEC 3.3.
INPUTS = {
    "credit_score": ((0, 1001, 1), {
        "low": ("trap", [0, 0, 450, 550]),
        "med": ("tri", [500, 650, 780]),
        "high": ("trap", [700, 780, 1000, 1000]),
    }),
    "income": ((0, 50001, 100), {
        "low": ("trap", [0, 0, 2000, 4000]),
        "med": ("tri", [3000, 7000, 12000]),
        "high": ("trap", [8000, 15000, 50000, 50000]),
    }),
    "debt_ratio": ((0, 1.01, 0.01), {
        "low": ("trap", [0, 0, 0.2, 0.3]),
        "med": ("tri", [0.2, 0.4, 0.6]),
        "high": ("trap", [0.5, 0.7, 1, 1]),
    }),
    "employment_time": ((0, 121, 1), {
        "short": ("trap", [0, 0, 6, 12]),
        "med": ("tri", [6, 24, 48]),
        "long": ("trap", [36, 60, 120, 120]),
    }),
    "inquiries": ((0, 21, 1), {
        "few": ("trap", [0, 0, 2, 4]),
        "many": ("trap", [3, 6, 20, 20]),
    }),
    "limit_ratio": ((0, 1.01, 0.01), {
        "low": ("trap", [0, 0, 0.4, 0.6]),
        "med": ("tri", [0.5, 0.7, 0.85]),
        "high": ("trap", [0.8, 0.9, 1, 1]),
    }),
}
OUTPUT = ((0, 1.01, 0.01), {
    "low": ("trap", [0, 0, 0.2, 0.4]),
    "med": ("tri", [0.3, 0.55, 0.75]),
    "high": ("trap", [0.65, 0.8, 1, 1]),
})
NAMES = list(INPUTS)


def membership(universe, kind, params):
    if kind == "trap":
        return fuzz.trapmf(universe, params)
    return fuzz.trimf(universe, params)


def build_system():
    variables = {}
    for name, (rng, terms) in INPUTS.items():
        var = ctrl.Antecedent(np.arange(*rng), name)
        for term, (kind, params) in terms.items():
            var[term] = membership(var.universe, kind, params)
        variables[name] = var
    risk = ctrl.Consequent(np.arange(*OUTPUT[0]), "risk")
    for term, (kind, params) in OUTPUT[1].items():
        risk[term] = membership(risk.universe, kind, params)

    s = variables["credit_score"]
    i = variables["income"]
    d = variables["debt_ratio"]
    e = variables["employment_time"]
    q = variables["inquiries"]
    lr = variables["limit_ratio"]
    rules = [
        ctrl.Rule(s["high"] & d["low"], risk["low"]),                  # 1
        ctrl.Rule(s["high"] & d["med"], risk["low"]),                  # 2
        ctrl.Rule(s["high"] & q["few"], risk["low"]),                  # 3
        ctrl.Rule(i["high"] & d["low"], risk["low"]),                  # 4
        ctrl.Rule(i["high"] & q["few"], risk["low"]),                  # 5
        ctrl.Rule(s["med"] & d["low"] & q["few"], risk["low"]),        # 6
        ctrl.Rule(s["med"] & i["high"], risk["low"]),                  # 7
        ctrl.Rule(s["med"] & d["med"], risk["med"]),                   # 8
        ctrl.Rule(s["high"] & d["high"], risk["med"]),                 # 9
        ctrl.Rule(s["low"] & d["low"] & i["high"], risk["med"]),       # 10
        ctrl.Rule(i["med"] & lr["med"], risk["med"]),                  # 11
        ctrl.Rule(q["many"] & d["low"], risk["med"]),                  # 12
        ctrl.Rule(s["low"] & d["med"], risk["high"]),                  # 13
        ctrl.Rule(s["low"] & q["many"], risk["high"]),                 # 14
        ctrl.Rule(d["high"] & i["low"], risk["high"]),                 # 15
        ctrl.Rule(d["high"] & i["med"], risk["high"]),                 # 16
        ctrl.Rule(i["med"] & lr["high"], risk["high"]),                # 17
        ctrl.Rule(lr["high"] & e["short"] & s["med"], risk["high"]),   # 18
        ctrl.Rule(q["many"] & d["high"], risk["high"]),                # 19
    ]
    return ctrl.ControlSystem(rules), rules, risk


def evaluate(system, rules, risk, x):
    """One fresh simulation per input; reset afterwards (no cache leaks)."""
    sim = ctrl.ControlSystemSimulation(system)
    for name, value in zip(NAMES, x):
        sim.input[name] = value
    sim.compute()
    fired = []
    for number, rule in enumerate(rules, start=1):
        act = float(rule.aggregate_firing[sim])
        if act > 0.0:
            fired.append([number, act])
    cuts = [float(risk[t].membership_value[sim]) for t in OUTPUT[1]]
    case = {"x": x, "fired": fired, "cuts": cuts}
    if "risk" in sim.output:
        score = float(sim.output["risk"])
        case["score"] = score
        case["m"] = [
            float(fuzz.interp_membership(risk.universe, risk[t].mf, score))
            for t in OUTPUT[1]
        ]
    else:
        case["none"] = True
    sim.reset()
    return case


def short(v):
    """A float with few digits, so the fixture file stays small."""
    return float(f"{v:.6g}")


def random_in(rng, name):
    points = np.arange(*INPUTS[name][0])
    if rng.random() < 0.25:  # exactly on a universe point
        return float(points[rng.randrange(len(points))])
    return short(rng.uniform(float(points[0]), float(points[-1])))


def random_input(rng):
    return [random_in(rng, n) for n in NAMES]


def build_inputs(rng):
    inputs = []
    # 1. Random inside the universes.
    for _ in range(1100):
        inputs.append(random_input(rng))
    # 2. Every breakpoint of every term, on it and just off it.
    for k, name in enumerate(NAMES):
        rng_args, terms = INPUTS[name]
        step = rng_args[2]
        points = sorted({float(p) for _, params in terms.values() for p in params})
        for p in points:
            for off in (0.0, -1e-9, 1e-9, -step / 2, step / 2, -step * 1e-3, step * 1e-3):
                for _ in range(3):
                    x = random_input(rng)
                    x[k] = p + off * max(1.0, abs(p)) if abs(off) < 1e-6 else p + off
                    inputs.append(x)
    # 3. Outside every universe.
    for k, name in enumerate(NAMES):
        lo, hi, step = INPUTS[name][0]
        top = float(np.arange(lo, hi, step)[-1])
        for v in (-1.0, -step / 2, -1e6, top + step / 2, top + 1.0, top * 10 + 1, 1e9):
            for _ in range(3):
                x = random_input(rng)
                x[k] = float(v)
                inputs.append(x)
    # All inputs outside at once.
    for _ in range(10):
        inputs.append([rng.choice([-5.0, 1e7]) for _ in NAMES])
    # 4. The region where no rule fires: score <= 500, debt <= 0.2,
    #    inquiries <= 3, income <= 8000 and (income <= 3000 or limit <= 0.5).
    for _ in range(400):
        score = short(rng.uniform(-50, 500))
        debt = short(rng.uniform(-0.1, 0.2))
        inq = short(rng.uniform(-1, 3))
        if rng.random() < 0.5:
            income = short(rng.uniform(-100, 3000))
            limit = short(rng.uniform(-0.1, 1.2))
        else:
            income = short(rng.uniform(-100, 8000))
            limit = short(rng.uniform(-0.1, 0.5))
        emp = short(rng.uniform(-5, 130))
        inputs.append([score, income, debt, emp, inq, limit])
    # Just across the edges of that region (some rule fires).
    for edge in ([500.0, 0], [500.5, 0], [0.2, 2], [0.2001, 2], [3.0, 4], [3.001, 4],
                 [8000.0, 1], [8000.5, 1], [3000.0, 1], [3000.5, 1]):
        for _ in range(8):
            x = [short(rng.uniform(0, 450)), short(rng.uniform(0, 2500)),
                 short(rng.uniform(0, 0.15)), short(rng.uniform(0, 120)),
                 short(rng.uniform(0, 2)), short(rng.uniform(0, 0.45))]
            x[edge[1]] = edge[0]
            inputs.append(x)
    # Exact repeats of failing inputs (the original's cache returned stale scores).
    inputs.append([100.0, 1000.0, 0.1, 10.0, 1.0, 0.3])
    inputs.append([700.0, 20000.0, 0.1, 60.0, 0.0, 0.5])
    inputs.append([100.0, 1000.0, 0.1, 10.0, 1.0, 0.3])
    return inputs


def main():
    rng = random.Random(20240611)
    system, rules, risk = build_system()
    cases = [evaluate(system, rules, risk, x) for x in build_inputs(rng)]
    none = sum(1 for c in cases if c.get("none"))
    doc = {
        "generator": "tools/fuzzy_fixtures.py, scikit-fuzzy " + fuzz.__version__
        + ", numpy " + np.__version__,
        "inputs": NAMES,
        "rules": len(rules),
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(cases)} cases ({none} without a fired rule) to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
