#!/usr/bin/env python3
"""The three-source job (JOB-sources.md) in plain Python: the correctness reference, not a
speed peer.  reference_sources.py CRM.csv ERP.csv NPS.csv > answer.csv"""
import bisect
import csv
import sys


def num(s):
    return float(s) if s != "" else None


def main(crm_path, erp_path, nps_path):
    with open(crm_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    debtor_of = {r["customer_id"]: r["customer_id"][1:].lstrip("0") for r in rows}
    known = set(debtor_of.values())
    revenue, margin, unmatched = {}, {}, 0
    with open(erp_path, newline="", encoding="cp1252") as f:
        for line in csv.DictReader(f, delimiter=";"):
            debtor = line["Debitor"].lstrip("0")
            if debtor not in known:
                unmatched += 1
                continue
            if line["Jahr"] != "2025":
                continue
            revenue[debtor] = revenue.get(debtor, 0.0) + float(line["Umsatz"].replace(",", "."))
            margin[debtor] = margin.get(debtor, 0.0) + float(line["DB"].replace(",", "."))
    answers = {}
    with open(nps_path, newline="", encoding="utf-8") as f:
        for line in csv.DictReader(f):
            a = answers.setdefault(line["customer_id"], [0, 0, 0])
            score = int(line["score"])
            a[0] += 1
            a[1] += score >= 9
            a[2] += score <= 6
    revs = sorted(revenue[debtor_of[r["customer_id"]]] for r in rows if debtor_of[r["customer_id"]] in revenue)
    n = len(revs)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["customer_id", "score", "strategic_met", "tier"])
    for r in rows:
        debtor = debtor_of[r["customer_id"]]
        rev = revenue.get(debtor)
        if rev is None:
            rs = 0.0
        else:
            rank = bisect.bisect_left(revs, rev) + 1
            rs = 100.0 if n == 1 else 100.0 * (rank - 1) / (n - 1)
        pct = 100 * margin[debtor] / rev if rev is not None and rev > 0 else None
        ms = 0.0 if pct is None else (0.0 if pct < 10 else 50.0 if pct < 25 else 100.0)
        a = answers.get(r["customer_id"])
        nps = None if a is None else 100.0 * (a[1] - a[2]) / a[0]
        ns = 0.0 if nps is None else min(max((nps + 100) / 2, 0.0), 100.0)
        score = 0.5 * rs + 0.3 * ms + 0.2 * ns
        countries = num(r["countries"])
        met = (r["reference_customer"] == "true") + (r["industry_leader"] == "true") + \
              (countries is not None and countries >= 5) + (r["complexity"] == "high")
        if score >= 70 and met >= 1 and r["kam_agreement"] == "yes":
            tier = "key_account"
        elif (rev is not None and rev >= 1_000_000) or score >= 70:
            tier = "large_customer"
        else:
            tier = "standard"
        out.writerow([r["customer_id"], f"{score:.2f}", met, tier])
    print(f"unmatched ERP lines: {unmatched}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
