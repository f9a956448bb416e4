#!/usr/bin/env python3
"""Generate the two secondary systems of a key-account selection for a gen_crm.py export.

    gen_sources.py CUSTOMERS [--erp-lines N] [--nps-answers N] [--seed N] -o DIR

Writes DIR/erp.csv and DIR/nps.csv for the customers C0000001 .. C<CUSTOMERS> of
`gen_crm.py CUSTOMERS` (deterministic; standard library only):

erp.csv  the ERP's revenue lines, as SAP exports them: ';', decimal comma, Windows-1252,
         CRLF; one row per debtor, year and business area. Columns: Debitor (the customer's
         number with leading zeros and without the C: "0000123"), Jahr (2023..2025),
         Sparte, Umsatz, DB (contribution margin). About 1 % of the lines belong to debtors
         that are not in the CRM (they must be reported as unmatched).
nps.csv  the survey tool's answers, one row per answer: customer_id (as in the CRM),
         answered_on (ISO date), score (0..10). About 40 % of the customers never answered.

Default sizes follow the three-source job: 3 ERP lines and 2 NPS answers per customer.
"""
import argparse
import datetime
import os
import random

AREAS = ["Service", "Ersatzteile", "Anlagen", "Software"]


def decimal_comma(value):
    return f"{value:.2f}".replace(".", ",")


def write_erp(path, customers, lines, rng):
    out = open(path, "w", encoding="cp1252", newline="")
    out.write("Debitor;Jahr;Sparte;Umsatz;DB\r\n")
    chunk = []
    for _ in range(lines):
        if rng.random() < 0.01:
            debtor = customers + 1 + rng.randrange(customers)   # not in the CRM
        else:
            debtor = 1 + rng.randrange(customers)
        year = rng.choice((2023, 2024, 2025))
        revenue = rng.lognormvariate(10.5, 1.4)
        margin = revenue * rng.uniform(0.05, 0.45)
        chunk.append(f"{debtor:010d};{year};{rng.choice(AREAS)};{decimal_comma(revenue)};{decimal_comma(margin)}\r\n")
        if len(chunk) >= 10000:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))
    out.close()


def write_nps(path, customers, answers, rng):
    out = open(path, "w", encoding="utf-8", newline="")
    out.write("customer_id,answered_on,score\n")
    responders = max(1, int(customers * 0.6))
    first = datetime.date(2024, 1, 1)
    chunk = []
    for _ in range(answers):
        customer = 1 + rng.randrange(responders) * customers // responders
        day = first + datetime.timedelta(days=rng.randrange(700))
        # Skewed towards 7..10, as B2B answers are.
        score = min(10, max(0, round(rng.gauss(7.6, 2.0))))
        chunk.append(f"C{customer:07d},{day.isoformat()},{score}\n")
        if len(chunk) >= 10000:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))
    out.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("customers", type=int)
    ap.add_argument("--erp-lines", type=int)
    ap.add_argument("--nps-answers", type=int)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument("-o", "--output-dir", required=True)
    args = ap.parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    rng = random.Random(args.seed)
    write_erp(os.path.join(args.output_dir, "erp.csv"), args.customers,
              args.erp_lines if args.erp_lines is not None else 3 * args.customers, rng)
    write_nps(os.path.join(args.output_dir, "nps.csv"), args.customers,
              args.nps_answers if args.nps_answers is not None else 2 * args.customers, rng)


if __name__ == "__main__":
    main()
