#!/usr/bin/env python3
"""Compare kamscore's CSV with a spreadsheet's CSV export of kamscore's xlsx.

    compare_csv.py KAMSCORE.csv SPREADSHEET.csv

Cells must be equal, except: numbers compare as numbers (relative 1e-9: a spreadsheet shows
at most 15 significant digits), TRUE/FALSE equal true/false, and bytes that are not UTF-8 in
kamscore's CSV stand for U+FFFD (which xlsx holds instead). Exit 1 listing the differences.
"""
import csv
import sys


def read(path):
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        return list(csv.reader(f))


def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def same(ours, theirs):
    if ours == theirs:
        return True
    if ours in ("true", "false") and theirs == ours.upper():
        return True
    a, b = as_number(ours), as_number(theirs)
    if a is not None and b is not None:
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return False


def main(ours_path, theirs_path):
    ours, theirs = read(ours_path), read(theirs_path)
    problems = []
    if len(ours) != len(theirs):
        problems.append("rows: %d in kamscore's csv, %d in the spreadsheet's" % (len(ours), len(theirs)))
    for r, (a, b) in enumerate(zip(ours, theirs), start=1):
        # A spreadsheet drops empty cells at a row's end.
        b = b + [""] * (len(a) - len(b))
        if len(a) != len(b):
            problems.append("row %d: %d cells vs %d" % (r, len(a), len(b)))
            continue
        for c, (x, y) in enumerate(zip(a, b)):
            if not same(x, y):
                problems.append("row %d, column %s: kamscore %r, spreadsheet %r" % (r, ours[0][c], x, y))
    for line in problems[:20]:
        print(line)
    if problems:
        print("%d difference(s) between %s and %s" % (len(problems), ours_path, theirs_path))
        return 1
    print("%s: %d rows x %d columns equal" % (theirs_path.rsplit("/", 1)[-1], len(ours), len(ours[0]) if ours else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
