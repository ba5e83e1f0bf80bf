"""Python reference of the credit pipeline's first two stages (SPEC §3.1, §3.2).

Written the way the original CreditAI implementation does it: a breadth-first
search with a deque and a visited set, the Price formula with ``**``, every
product evaluated left to right. Used two ways:

* ``python3 tools/credit_reference.py`` writes the fixture
  ``crates/credit-pipeline/tests/bfs_fixtures/python_bfs.json`` (seeded random
  requests plus edge cases) that ``cargo test`` compares bit for bit, without
  Python;
* ``tools/python_credit_bench.py`` imports it to time the Python stages.
"""

from __future__ import annotations

import json
import random
import sys
from collections import deque
from pathlib import Path

PRODUCTS = {
    "personal_loan": dict(min_amount=1000.0, max_amount=50000.0, max_installments=48, rate=0.025),
    "credit_card": dict(min_amount=500.0, max_amount=10000.0, max_installments=24, rate=0.035),
    "auto_loan": dict(min_amount=5000.0, max_amount=150000.0, max_installments=72, rate=0.018),
    "home_loan": dict(min_amount=50000.0, max_amount=1000000.0, max_installments=360, rate=0.012),
}

PERSONAS = {
    "premium": dict(min_income=10000.0, employments=("employed", "self_employed"), min_score=750,
                    max_limit=100000.0, min_limit=10000.0, multiplier=5.0),
    "standard": dict(min_income=2000.0, employments=("employed", "self_employed"), min_score=550,
                     max_limit=50000.0, min_limit=3000.0, multiplier=3.0),
    "basic": dict(min_income=0.0, employments=("employed", "self_employed", "retired"), min_score=0,
                  max_limit=20000.0, min_limit=1000.0, multiplier=2.0),
}

STEP = 500.0


def classify(profile):
    """Persona by trying Premium, then Standard, then Basic (SPEC §3.1)."""
    for name, p in PERSONAS.items():
        if (profile["income"] >= p["min_income"]
                and profile["employment_status"] in p["employments"]
                and profile["credit_score"] >= p["min_score"]):
            return name
    return None


def pmt(rate, n, principal):
    if rate <= 0:
        return principal / n
    f = (1 + rate) ** n
    return principal * (rate * f) / (f - 1)


def score_factor(score):
    if score >= 800:
        return 1.2
    if score >= 750:
        return 1.1
    if score >= 700:
        return 1.0
    if score >= 650:
        return 0.9
    if score >= 600:
        return 0.8
    return 0.7


EMPLOYMENT_FACTOR = {"employed": 1.0, "self_employed": 0.95, "retired": 0.85, "unemployed": 0.5}


def calculate_limit(profile, product_type, persona, requested_installments):
    """Stage 2 by BFS. Returns a dict with the limit, installments, payment, states."""
    product = PRODUCTS[product_type]
    p = PERSONAS[persona]
    income = profile["income"]
    dti = profile["debt_to_income_ratio"]
    net_income = income if dti <= 0 else income * (1 - dti)
    net_income = max(net_income, 0.0)
    if profile["has_bacen_restriction"]:
        income_for_limit = net_income - net_income * 0.20
    else:
        income_for_limit = net_income
    income_limit = income_for_limit * p["multiplier"]
    loans = 1.05 if profile["num_existing_loans"] > 0 else 0.95
    if dti < 0.2:
        debt = 1.1
    elif dti < 0.3:
        debt = 1.0
    elif dti < 0.4:
        debt = 0.9
    else:
        debt = 0.7
    history = loans * debt
    factor_limit = (income_limit * score_factor(profile["credit_score"])
                    * EMPLOYMENT_FACTOR[profile["employment_status"]] * history)
    search_cap = min(p["max_limit"], product["max_amount"], factor_limit)
    min_amount = max(product["min_amount"], p["min_limit"])
    max_n = product["max_installments"]
    start_n = max(1, min(requested_installments, max_n))
    max_payment = 0.30 * net_income
    rate = product["rate"]
    if search_cap < min_amount:
        return dict(outcome="below_product_minimum", amount=0.0, installments=0, payment=0.0,
                    states=0, search_cap=search_cap, net_income=net_income)

    queue = deque([(min_amount, start_n)])
    visited = {(min_amount, start_n)}
    best_amount, best_n, best_payment = 0.0, 0, 0.0
    states = 0
    while queue:
        amount, n = queue.popleft()
        states += 1
        if amount > search_cap:
            continue
        payment = pmt(rate, n, amount)
        if payment <= max_payment:
            if amount > best_amount:
                best_amount, best_n, best_payment = amount, n, payment
            nxt = (amount + STEP, n)
            if nxt[0] <= search_cap and nxt not in visited:
                visited.add(nxt)
                queue.append(nxt)
        if n < max_n and (amount, n + 1) not in visited:
            visited.add((amount, n + 1))
            queue.append((amount, n + 1))
    outcome = "granted" if best_amount > 0 else "low_income"
    return dict(outcome=outcome, amount=best_amount, installments=best_n, payment=best_payment,
                states=states, search_cap=search_cap, net_income=net_income)


def random_profile(rng):
    return dict(
        income=rng.choice([0.0, 500.0, 1999.99, 2000.0, 9999.0, 10000.0, 200000.0,
                           round(rng.uniform(0, 60000), 2), round(rng.uniform(0, 15000), 2)]),
        debt_to_income_ratio=rng.choice([0.0, 0.2, 0.3, 0.4, 1.0, round(rng.random(), 3),
                                         round(rng.random(), 2)]),
        employment_status=rng.choice(list(EMPLOYMENT_FACTOR)),
        credit_score=rng.choice([0, 549, 550, 599, 600, 650, 700, 749, 750, 800, 1000,
                                 rng.randint(0, 1000)]),
        has_bacen_restriction=rng.random() < 0.3,
        num_existing_loans=rng.choice([0, 0, 1, 3]),
    )


def fixture_cases(count=400, seed=20240601):
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        profile = random_profile(rng)
        product = rng.choice(list(PRODUCTS))
        installments = rng.choice([1, 6, 12, 24, 36, 48, 72, 120, 360, 400, rng.randint(1, 400)])
        # Every persona the customer qualifies for or not: the limit stage is
        # exercised for each persona table row.
        persona = rng.choice(list(PERSONAS))
        result = calculate_limit(profile, product, persona, installments)
        cases.append(dict(profile=profile, product_type=product, persona=persona,
                          requested_installments=installments, expected=result,
                          persona_found=classify(profile)))
    return cases


def main():
    out = Path(__file__).resolve().parent.parent / "crates/credit-pipeline/tests/bfs_fixtures/python_bfs.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    cases = fixture_cases()
    with out.open("w") as fh:
        json.dump(dict(generator="tools/credit_reference.py", python=sys.version.split()[0],
                       cases=cases), fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {len(cases)} cases to {out}")


if __name__ == "__main__":
    main()
