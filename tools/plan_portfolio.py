#!/usr/bin/env python3
"""Write a seeded synthetic portfolio for `credito plan`: a client CSV and a ledger CSV.

Used for the end-to-end planning measurement in docs/benchmarks.md:

    python3 tools/plan_portfolio.py --clients 1000000 --attempts 2 --out /tmp/plan
    /usr/bin/time -v target/release/credito plan --clients /tmp/plan/clients.csv \
        --ledger /tmp/plan/ledger.csv --now 2026-12-07T09:30:00-03:00 --output /tmp/plan/plan.jsonl

Clients are spread over every UF, take a segment 0..3 (so the seed policy's channels), one in
twenty opted out of a channel, one in fifty has a debt older than five years. Each client has
`--attempts` ledger rows in the ten days before `--now`. Standard library only.
"""

import argparse
import csv
import datetime as dt
import os
import random

STATES = (
    "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()
)
SEGMENT_CHANNELS = (
    ["email"],
    ["whatsapp", "email"],
    ["whatsapp", "email", "sms", "phone"],
    ["phone", "whatsapp"],
)
OUTCOMES = ["no_answer"] * 3 + ["conversation", "promise", "paid", "refused"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--attempts", type=int, default=2, help="ledger rows per client")
    parser.add_argument("--now", default="2026-12-07T12:30:00+00:00")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True, help="directory for clients.csv and ledger.csv")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    now = dt.datetime.fromisoformat(args.now)
    os.makedirs(args.out, exist_ok=True)
    clients_path = os.path.join(args.out, "clients.csv")
    ledger_path = os.path.join(args.out, "ledger.csv")
    with open(clients_path, "w", newline="") as cf, open(ledger_path, "w", newline="") as lf:
        clients = csv.writer(cf)
        ledger = csv.writer(lf)
        clients.writerow(["client_id", "segment", "uf", "opt_out", "debt_since"])
        ledger.writerow(["client_id", "channel", "at", "outcome", "promised_date", "amount"])
        for i in range(args.clients):
            client_id = f"C{i:07d}"
            segment = rng.randrange(4)
            channels = SEGMENT_CHANNELS[segment]
            opt_out = channels[0] if rng.randrange(20) == 0 else ""
            debt_days = 2000 if rng.randrange(50) == 0 else 400
            debt_since = (now - dt.timedelta(days=debt_days)).date().isoformat()
            clients.writerow([client_id, segment, rng.choice(STATES), opt_out, debt_since])
            for _ in range(args.attempts):
                outcome = rng.choice(OUTCOMES)
                at = now - dt.timedelta(minutes=rng.randrange(10 * 24 * 60) + 1)
                promised = ""
                amount = ""
                if outcome == "promise":
                    promised = (at + dt.timedelta(days=rng.randrange(10))).date().isoformat()
                    amount = "250.00"
                elif outcome == "paid":
                    amount = "250.00"
                ledger.writerow(
                    [client_id, rng.choice(channels), at.isoformat(timespec="seconds"),
                     outcome, promised, amount]
                )
    print(f"wrote {clients_path} ({args.clients} clients) and {ledger_path}")


if __name__ == "__main__":
    main()
