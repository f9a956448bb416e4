#!/usr/bin/env bash
# Renders docs/board-workbook.png, the picture of the board workbook in README "Output":
# kamscore writes the workbook of examples/, headless LibreOffice prints it to PDF, pdftoppm
# renders pages at 80 dpi, and docs/stack_pages.py stacks the Customers, Funnel, Summary and
# Rules pages (each cropped to its content) into one PNG.
#   docs/board-workbook.sh [KAMSCORE]     default: build/kamscore; needs soffice and pdftoppm
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
kamscore=$(realpath "${1:-$repo/build/kamscore}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Run where the Rules sheet shows short paths, the export dated as if it came that morning.
mkdir -p "$work/rules" "$work/examples"
cp "$repo/rules/kam-funnel.yaml" "$work/rules/"
cp "$repo/examples/crm-export.csv" "$work/examples/"
touch -d '2026-01-15 05:30:00 UTC' "$work/examples/crm-export.csv"
cd "$work"
"$kamscore" score -r rules/kam-funnel.yaml examples/crm-export.csv --sort score --top 25 --today 2026-01-15 \
  -o board.xlsx
HOME=$work/home soffice --headless --convert-to pdf --outdir "$work" "$work/board.xlsx" >/dev/null 2>&1
cd "$repo"
# The pages: 1 Customers (its first columns), then the first page of Funnel, Summary and Rules.
page_of() { for p in $(seq 1 "$(pdfinfo "$work/board.pdf" | awk '/^Pages:/ {print $2}')"); do
  pdftotext -f "$p" -l "$p" "$work/board.pdf" - | grep -q "$1" && { echo "$p"; return; }; done; }
pages=(1 "$(page_of 'Funnel of')" "$(page_of '^[0-9,]* customers$')" "$(page_of 'How this workbook was made')")
for p in "${pages[@]}"; do pdftoppm -r 80 -f "$p" -l "$p" -singlefile "$work/board.pdf" "$work/page$p"; done
python3 docs/stack_pages.py docs/board-workbook.png "$work/page${pages[0]}.ppm:260" "$work/page${pages[1]}.ppm" \
  "$work/page${pages[2]}.ppm" "$work/page${pages[3]}.ppm:330"
ls -l docs/board-workbook.png
