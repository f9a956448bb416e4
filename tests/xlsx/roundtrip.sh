#!/usr/bin/env bash
# Runs the xlsx round trip on demand, installing LibreOffice first when it is missing
# (Debian's libreoffice-calc-nogui, ~400 MB: too big for `make deps`, so plain `make test`
# skips the round trip instead).
#   tests/xlsx/roundtrip.sh [KAMSCORE]        default KAMSCORE: build/kamscore
#   tests/xlsx/roundtrip.sh --big [KAMSCORE]  also 1,048,700 customers: "Customers 2" (minutes)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
big=0
if [[ ${1:-} == --big ]]; then
  big=1
  shift
fi
kamscore=$(realpath "${1:-$repo/build/kamscore}")

if ! command -v soffice >/dev/null; then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo=sudo
  echo "installing LibreOffice Calc (headless) with apt-get ..."
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui
fi

bash "$here/roundtrip_check.sh" "$kamscore"
[[ $big == 1 ]] || exit 0

# Past Excel's 1,048,576 rows: the customers continue on a second sheet, and the two sheets
# together hold what kamscore's CSV holds.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home
mkdir -p "$HOME" "$work/lo"
python3 - "$work/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,revenue,reference,customer_since,note\n")
    for i in range(1048700):
        f.write("C%07d,Kunde %d,%d.%02d,%s,2024-01-%02d,\n" % (i, i, i * 7 % 100000, i % 100, "yes" if i % 3 else "no", i % 28 + 1))
PY
cd "$repo"
# --id-headers: one header row on each sheet, as the CSV has one.
"$kamscore" score -r tests/xlsx/rules.yaml "$work/big.csv" --id-headers -o "$work/big.xlsx"
"$kamscore" score -r tests/xlsx/rules.yaml "$work/big.csv" --raw -f csv >"$work/big-kamscore.csv"
echo "big.xlsx: $(stat -c %s "$work/big.xlsx") bytes; converting with LibreOffice (takes minutes) ..."
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
  --outdir "$work/lo" "$work/big.xlsx" >/dev/null 2>&1
# Both sheets start with the header: the second one's header line is dropped when joining.
{ cat "$work/lo/big-Customers.csv"; tail -n +2 "$work/lo/big-Customers 2.csv"; } >"$work/big-spreadsheet.csv"
wc -l "$work/lo/big-Customers.csv" "$work/lo/big-Customers 2.csv"
python3 "$here/compare_csv.py" "$work/big-kamscore.csv" "$work/big-spreadsheet.csv"
