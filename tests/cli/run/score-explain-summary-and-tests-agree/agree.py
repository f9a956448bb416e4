"""Differential test of the one run: score, explain, summary and the rule file's tests must
agree on every customer's tier and score for the same request. The request has everything
that used to make the copies of the pipeline drift: a Windows-1252 export (';', declared in
the rule file), --previous (stay: keeps customers), --overrides (one of them for a rejected
row), a bad row with --skip-bad-rows, and a second case with corporate groups.
Usage: agree.py KAMSCORE ROOT"""
import csv, json, re, subprocess, sys

kamscore, root = sys.argv[1], sys.argv[2]
TODAY = "2026-06-01"


def run(*args, ok=(0,)):
    done = subprocess.run([kamscore, *args], capture_output=True)
    if done.returncode not in ok:
        sys.exit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def rounded(score):
    return None if score is None else round(score + 1e-9, 2)


def agree(name, rules, export, ids_column, options):
    score_rows = json.loads(run("score", "-r", rules, export, "-f", "json", *options)[0])
    scored = {row[ids_column]: (row["tier"], row["score"]) for row in score_rows}

    explained = json.loads(run("explain", *scored, "-r", rules, export, "-f", "json", *options)[0])
    by_explain = {e["id"]: (e["tier"], rounded(e["score"])) for e in explained}
    assert by_explain == scored, f"{name}: explain and score differ: " + str(
        {k: (scored[k], by_explain.get(k)) for k in scored if by_explain.get(k) != scored[k]})

    summary = json.loads(run("summary", "-r", rules, export, "-f", "json", *options)[0])
    counts = {}
    for tier, _ in scored.values():
        counts[tier] = counts.get(tier, 0) + 1
    by_summary = {t["id"]: t["customers"] for t in summary["tiers"] if t["customers"]}
    assert by_summary == counts, f"{name}: summary counts {by_summary}, score wrote {counts}"
    assert summary["customers"] == len(scored), f"{name}: summary has {summary['customers']} customers"
    print(f"{name}: score, explain and summary agree on {len(scored)} customers {sorted(counts.items())}")
    return scored


# --- Case 1: Windows-1252 export with ';', --previous, --overrides, a bad row skipped ---------
with open(f"{root}/examples/crm-export.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
header, data = rows[0], rows[1:]
bad = list(data[5])
bad[0], bad[header.index("revenue_2025")] = "C0009999", "12a"   # rejected: not a number
data.insert(40, bad)
with open("export.csv", "w", encoding="cp1252", newline="") as f:
    csv.writer(f, delimiter=";", lineterminator="\r\n").writerows([header, *data])

rules_text = open(f"{root}/rules/kam-funnel.yaml", encoding="utf-8").read()
rules_text = rules_text.replace("  delimiter: auto", "  delimiter: \";\"\n  encoding: windows-1252", 1)
rules_text = rules_text[: rules_text.index("\ntests:")] + "\n"
assert "encoding: windows-1252" in rules_text
open("rules.yaml", "w", encoding="utf-8").write(rules_text)

# Last month's results, with a lower bar: next to `stay:` this month, so some customers are kept.
run("score", "-r", "rules.yaml", "export.csv", "--skip-bad-rows", "-q", "--today", TODAY,
    "--set", "min_score=60", "-o", "previous.csv")
previous = list(csv.DictReader(open("previous.csv", encoding="utf-8")))
with open("overrides.csv", "w", encoding="cp1252", newline="") as f:
    f.write("customer_id;tier;reason\r\n")
    f.write(f"{data[0][0]};key_account;Vorstandsbeschluss (Müller)\r\n")
    f.write(f"{data[1][0]};standard;Insolvenzverfahren\r\n")
    f.write("C0009999;key_account;row is rejected\r\n")

options = ["--skip-bad-rows", "-q", "--today", TODAY, "--previous", "previous.csv", "--overrides", "overrides.csv"]
scored = agree("windows-1252 export", "rules.yaml", "export.csv", "customer_id", options)
assert "C0009999" not in scored
assert scored[data[0][0]][0] == "key_account" and scored[data[1][0]][0] == "standard", "overrides not applied"
stay_kept = json.loads(run("score", "-r", "rules.yaml", "export.csv", "-f", "json", *options,
                           "--where", "change == \"same\" and tier == \"key_account\"")[0])
print(f"windows-1252 export: {len(stay_kept)} key accounts kept from the previous results")

_, err = run("explain", "C0009999", "-r", "rules.yaml", "export.csv", *options, ok=(1,))
print("explain on the rejected row:", err.strip().splitlines()[-1])
_, err = run("score", "-r", "rules.yaml", "export.csv", "--skip-bad-rows", "--today", TODAY,
             "--overrides", "overrides.csv")
print("override for the rejected row:", [l for l in err.splitlines() if "C0009999" in l and "override" in l][0])

# The rule file's tests score the same rows (its `previous:` is the previous results; tests
# have no overrides, so that leg compares with a score run without them).
no_overrides = options[:-2]
expected = agree("windows-1252 export without overrides", "rules.yaml", "export.csv", "customer_id",
                 no_overrides)
# Test rows may hold only the columns the rules read: the id, the label and the fields'.
fields = rules_text[rules_text.index("\nfields:"): rules_text.index("\nderived:")]
read = {"customer_id", "name"} | {c for c in header if re.search(rf"[:{{ ] *(column: )?{c}\b", fields)}
good = [{c: v for c, v in zip(header, r) if c in read} for r in data if r[0] != "C0009999"]
test = {
    "name": "every customer of the export, as score decided",
    "today": TODAY,
    "rows": good,
    "previous": {p["customer_id"]: p["tier"] for p in previous},
    "expect": {i: t for i, (t, _) in expected.items()},
    "scores": {i: s for i, (_, s) in expected.items() if s is not None},
    "tolerance": 0.005,
}
with open("rules-with-test.yaml", "w", encoding="utf-8") as f:
    f.write(rules_text + "tests:\n  - " + json.dumps(test, ensure_ascii=False) + "\n")
out, _ = run("test", "rules-with-test.yaml", "--today", TODAY, ok=(0, 5))
print("rule tests:", out.strip().splitlines()[-1])
if "0 failed" not in out:
    sys.exit(out[:3000])

# --- Case 2: corporate groups (input.group), rolled up the same way everywhere ----------------
groups = f"{root}/tests/cli/fixtures/groups"
agree("corporate groups", f"{groups}/rules.yaml", f"{groups}/export.csv", "customer_id", ["--today", TODAY])
