#!/usr/bin/env bash
# The xlsx round trip: kamscore writes xlsx, LibreOffice (a real spreadsheet program) opens
# it headless and saves every sheet as CSV, and that must equal kamscore's own CSV output.
#   roundtrip_check.sh KAMSCORE       exit 0 equal, 1 different, 77 skipped (no soffice)
# ctest runs this and reports 77 as skipped; tests/xlsx/roundtrip.sh installs LibreOffice first.
set -euo pipefail
kamscore=$(realpath "${1:?usage: roundtrip_check.sh KAMSCORE}")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if ! command -v soffice >/dev/null; then
  echo "skipped: soffice (LibreOffice) is not on PATH; tests/xlsx/roundtrip.sh installs it and runs this"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home   # LibreOffice writes its profile there, not into the user's
mkdir -p "$HOME" "$work/lo"
cd "$repo"

# name, then kamscore score arguments; the CSV is --raw because xlsx text is never a formula.
score_both() {
  local name=$1
  shift
  # --id-headers: one header row, as the CSV has (board_check.sh checks the labels above them).
  "$kamscore" score "$@" --id-headers -o "$work/$name.xlsx"
  "$kamscore" score "$@" --raw -f csv >"$work/$name.csv"
}
score_both example -r rules/kam-funnel.yaml examples/crm-export.csv --breakdown --keep-all
score_both hostile -r tests/xlsx/rules.yaml tests/xlsx/customers.csv --breakdown --keep-all

# 44,34,76: comma, double quote, UTF-8; "true" at 9: cells as shown (number formats
# applied); -1 at 12: every sheet to its own <file>-<sheet>.csv.
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
  --outdir "$work/lo" "$work/example.xlsx" "$work/hostile.xlsx" >"$work/soffice.log" 2>&1 || {
  cat "$work/soffice.log"
  exit 1
}

status=0
for name in example hostile; do
  python3 "$here/compare_csv.py" "$work/$name.csv" "$work/lo/$name-Customers.csv" || status=1
  # The Summary sheet counts customers per tier: check it against the CSV's tier column.
  python3 - "$work/$name.csv" "$work/lo/$name-Summary.csv" <<'PY' || status=1
import collections, csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="replace", newline="")))
counts = collections.Counter(row["tier"] for row in rows)
# Counts are shown with grouped thousands (1,234).
summary = {line[0]: line[2].replace(",", "") for line in csv.reader(open(sys.argv[2], encoding="utf-8", newline="")) if len(line) > 2}
bad = [tier for tier, n in counts.items() if summary.get(tier) != str(n)]
if bad or summary.get("total") != str(len(rows)):
    print("Summary sheet %s does not match the tier counts %s" % (summary, dict(counts)))
    sys.exit(1)
print("%s: tier counts equal (%d customers)" % (sys.argv[2].rsplit("/", 1)[-1], len(rows)))
PY
done
exit $status
