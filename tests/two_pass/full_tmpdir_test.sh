#!/usr/bin/env bash
# A TMPDIR that fills up while two passes keep their rows there: exit 4 naming it, no output
# file, and nothing left in TMPDIR. Needs root for a 256 KiB tmpfs; skipped (77) otherwise.
set -u
kamscore=$1 repo=$2
[[ $(id -u) == 0 ]] || { echo "skipped: needs root to mount a small tmpfs"; exit 77; }
work=$(mktemp -d)
tiny=$work/tiny
mkdir -p "$tiny"
mount -t tmpfs -o size=256k tmpfs "$tiny" 2>/dev/null || { rm -rf "$work"; echo "skipped: cannot mount a tmpfs"; exit 77; }
trap 'umount "$tiny" 2>/dev/null; rm -rf "$work"' EXIT
python3 "$repo/tests/bench/gen_crm.py" 20000 -o "$work/crm.csv" || exit 1
TMPDIR=$tiny KAMSCORE_TWO_PASS=1 "$kamscore" score -r "$repo/rules/bench-reference.yaml" "$work/crm.csv" \
  -o "$work/result.csv" 2>"$work/err"
status=$?
failed=0
[[ $status == 4 ]] || { echo "exit status: expected 4, got $status"; failed=1; }
grep -q "cannot write kamscore's temporary file in '$tiny': No space left on device" "$work/err" ||
  { echo "unexpected message:"; cat "$work/err"; failed=1; }
grep -q "KAMSCORE_TWO_PASS=0" "$work/err" || { echo "the message does not say how to do without"; failed=1; }
[[ ! -e $work/result.csv ]] || { echo "a result was written"; failed=1; }
[[ -z $(ls -A "$tiny") ]] || { echo "files left in TMPDIR:"; ls -la "$tiny"; failed=1; }
# The same with room: the rows come back and the result equals one pass's.
umount "$tiny"
TMPDIR=$work KAMSCORE_TWO_PASS=1 "$kamscore" score -r "$repo/rules/bench-reference.yaml" "$work/crm.csv" -o "$work/two.csv" || failed=1
KAMSCORE_TWO_PASS=0 "$kamscore" score -r "$repo/rules/bench-reference.yaml" "$work/crm.csv" -o "$work/one.csv" || failed=1
cmp "$work/two.csv" "$work/one.csv" || failed=1
exit $failed
