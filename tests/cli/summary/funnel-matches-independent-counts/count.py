"""The funnel of `kamscore summary` on examples/ must match counts worked out another way:
`kamscore score --where` with the conjuncts so far (the way an analyst counts by hand), the
kam_agreement column read straight from the CSV (yes = agreed, no = declined, empty = not
asked yet), and the tier column of `score` for the capacity step.
Usage: count.py KAMSCORE ROOT"""
import csv, json, subprocess, sys

kamscore, root = sys.argv[1], sys.argv[2]
RULES = f"{root}/rules/kam-funnel.yaml"
EXPORT = f"{root}/examples/crm-export.csv"


def run(*args):
    done = subprocess.run([kamscore, *args], capture_output=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()}")
    return done.stdout.decode("utf-8")


def scored(where=None):
    options = ["--where", where] if where else []
    return json.loads(run("score", "-r", RULES, EXPORT, "-f", "json", *options))


agreement = {row["customer_id"]: row["kam_agreement"] for row in csv.DictReader(open(EXPORT, encoding="utf-8"))}
everyone = scored()
over_score = scored("score >= min_score")
strategic = scored("score >= min_score and strategic >= 1")
answers = [agreement[row["customer_id"]] for row in strategic]
agreed = [row for row in strategic if agreement[row["customer_id"]] == "yes"]
in_tier = [row for row in agreed if row["tier"] == "key_account"]
expected = [
    ("all customers", len(everyone), {}),
    ("score >= min_score", len(over_score), {"false": len(everyone) - len(over_score)}),
    ("strategic >= 1", len(strategic), {"false": len(over_score) - len(strategic)}),
    ("agreement", len(strategic) - answers.count(""), {"missing": answers.count("")}),   # asked
    ("agreement", len(agreed), {"false": answers.count("no")}),                          # agreed
    ("key_account", len(in_tier), {"over_capacity": len(agreed) - len(in_tier)}),
]

funnel = json.loads(run("summary", "-r", RULES, EXPORT, "-f", "json"))["funnel"]
got = [(s["step"], s["customers"], {k: v for k, v in s["left"].items() if k != "revenue" and v})
       for s in funnel["steps"]]
for step in expected:
    print(f"{step[0]:20} {step[1]:4}  left: {step[2]}")
if got != expected:
    sys.exit(f"summary's funnel differs:\n{got}")
print("summary's funnel matches")
