#!/usr/bin/env bash
# The board workbook opened by LibreOffice (a real spreadsheet program, headless): every sheet
# saved as CSV, and the five sheets must be there with the audit values readable and right.
#   board_check.sh KAMSCORE       exit 0 right, 1 wrong, 77 skipped (no soffice)
# ctest runs this and reports 77 as skipped; tests/xlsx/roundtrip.sh installs LibreOffice.
set -euo pipefail
kamscore=$(realpath "${1:?usage: board_check.sh KAMSCORE}")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if ! command -v soffice >/dev/null; then
  echo "skipped: soffice (LibreOffice) is not on PATH; tests/xlsx/roundtrip.sh installs it"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home   # LibreOffice writes its profile there, not into the user's
mkdir -p "$HOME" "$work/lo"

# A German export: ';' between cells, decimal commas, one bad row for the Rejects sheet.
cat >"$work/export.csv" <<'CSV'
Kundennr;Name;Umsatz;Vertrag;PLZ;Umsatz Vorjahr
K1;Alpha GmbH;394.530,53;ja;01234;380.000,10
K2;Beta AG;800,00;nein;80331;-20
K3;Gamma KG;zwölf;ja;10115;1,5
K4;Delta SE;500.000,00;ja;20095;
CSV
touch -d '2025-02-28 18:00:00 UTC' "$work/export.csv"
cat >"$work/rules.yaml" <<'YAML'
kamscore: 1
name: Board check
input: { id: Kundennr, label: Name, decimal: "," }
params: { min_revenue: 100000 }
fields:
  revenue: Umsatz
  agreement: { column: Vertrag, type: bool }
strategic:
  - { id: big, label: Big customer, when: revenue >= min_revenue }
metrics:
  - { id: revenue, label: Revenue 2025, value: revenue, weight: 1, scale: { linear: [0, 500000] } }
tiers:
  - { id: key_account, label: Key Account, when: strategic >= 1 and agreement }
  - { id: standard, label: Standard customer }
YAML
cd "$work"
"$kamscore" score -r rules.yaml export.csv --skip-bad-rows --keep-all --today 2025-03-01 --set min_revenue=200000 \
  -o board.xlsx 2>/dev/null

# 44,34,76: comma, double quote, UTF-8; "true" at 7: text cells quoted (numbers are not),
# "false" at 9: the values, not as shown; -1 at 12: every sheet to its own board-<sheet>.csv.
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1' \
  --outdir lo board.xlsx >soffice.log 2>&1 || {
  cat soffice.log
  exit 1
}

python3 - "$kamscore" <<'PY'
import csv, hashlib, subprocess, sys

failures = []
def expect(what, actual, wanted):
    if actual != wanted:
        failures.append("%s: %r, expected %r" % (what, actual, wanted))

def sheet(name):
    try:
        with open("lo/board-%s.csv" % name, encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        failures.append("no sheet %s" % name)
        return ""

def rows(text):
    return list(csv.reader(text.splitlines()))

def cells(line):
    return next(csv.reader([line]))

def beside(table, first, column=1):
    for row in table:
        if row and row[0] == first and len(row) > column:
            return row[column]
    failures.append("no row %r" % first)
    return None

sheets = {name: sheet(name) for name in ("Customers", "Funnel", "Summary", "Rules", "Rejects")}

# Customers: the labels above the ids; the German amounts of a kept column are numbers.
customers = sheets["Customers"].splitlines()
expect("caption row", cells(customers[0])[:6], ["Kundennr", "Name", "Tier", "Tier name", "Score", "Strategic reasons met"])
expect("names row", cells(customers[1])[:3], ["Kundennr", "Name", "tier"])
ids = cells(customers[1])
previous_year = ids.index("Umsatz Vorjahr")
postal = ids.index("PLZ")
k1_cells = cells(customers[2])
expect("K1 id", k1_cells[0], "K1")
expect("kept amount", k1_cells[previous_year], "380000.1")
# Text cells are quoted in this CSV, numbers are not: the amount is a number cell.
expect("kept amount is a number cell", ",380000.1" in customers[2] and '"380000.1"' not in customers[2], True)
expect("postal code keeps its zero", k1_cells[postal], "01234")
expect("revenue caption", cells(customers[0])[ids.index("revenue_score")], "Revenue 2025")

# Funnel: every customer scored, then the steps of key_account's when.
funnel = rows(sheets["Funnel"])
expect("funnel all", beside(funnel, "all customers"), "3")
expect("funnel strategic", beside(funnel, "strategic >= 1"), "2")
expect("funnel agreement known", beside(funnel, "agreement is known"), "2")
expect("funnel end", beside(funnel, "in key_account at the end"), "2")

# Summary: tiers with their customers and shares; the total.
summary = rows(sheets["Summary"])
expect("summary key accounts", beside(summary, "key_account", 2), "2")
expect("summary standard", beside(summary, "standard", 2), "1")
expect("summary total", beside(summary, "total", 2), "3")

# Rules: the audit record.
rules = rows(sheets["Rules"])
rule_text = open("rules.yaml", "rb").read()
expect("rule file sha256", beside(rules, "rule file sha256"), hashlib.sha256(rule_text).hexdigest())
expect("today", beside(rules, "today"), "2025-03-01")
version = subprocess.run([sys.argv[1], "--version"], capture_output=True, text=True).stdout.split()[-1]
expect("version", beside(rules, "kamscore version"), version)
expect("command line", beside(rules, "command line"),
       "kamscore score -r rules.yaml export.csv --skip-bad-rows --keep-all --today 2025-03-01 "
       "--set min_revenue=200000 -o board.xlsx")
expect("param", beside(rules, "min_revenue", 1), "200000")
expect("param source", beside(rules, "min_revenue", 2), "--set")
data = open("export.csv", "rb").read()
expect("input name", beside(rules, "input", 1), "export.csv")
expect("input bytes", beside(rules, "input", 2), str(len(data)))
expect("input time", beside(rules, "input", 3), "2025-02-28T18:00:00Z")
expect("input sha256", beside(rules, "input", 4), hashlib.sha256(data).hexdigest())
expect("rows in", beside(rules, "rows in"), "4")
expect("rows scored", beside(rules, "rows scored"), "3")
expect("rows rejected", beside(rules, "rows rejected"), "1")
expect("rule text line 2", beside(rules, "2"), "name: Board check")

# Rejects: the bad row, where it was and why.
rejects = rows(sheets["Rejects"])
expect("rejects header", rejects[0], ["file", "line", "id", "message"])
expect("reject", rejects[1][:3], ["export.csv", "4", "K3"])
expect("rejects count", len(rejects), 2)

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("board workbook: five sheets, audit values as expected")
PY
