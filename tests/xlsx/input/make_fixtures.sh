#!/usr/bin/env bash
# Remakes the workbook fixtures of this folder; the results are committed, so tests need neither
# LibreOffice nor openpyxl. Needs soffice (libreoffice-calc) and python3-openpyxl.
#   crm-export-libreoffice.xlsx  examples/crm-export.csv converted by LibreOffice (headless)
#   the rest                     make_fixtures.py (openpyxl, and zipfile for hand-written parts)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$repo/examples/crm-export.csv" "$scratch/crm-export-libreoffice.csv"
# CSV import options: ',' separated, '"' quoted, UTF-8 (76), from line 1, standard cell
# formats, English (US) locale (1033) so that 1234.5 is a number and 2024-02-10 a date.
HOME=$scratch soffice --headless --norestore \
  --infilter="CSV:44,34,76,1,,1033,false,true" \
  --convert-to xlsx --outdir "$scratch" "$scratch/crm-export-libreoffice.csv" >/dev/null
cp "$scratch/crm-export-libreoffice.xlsx" "$here/"
/usr/bin/python3 "$here/make_fixtures.py"
