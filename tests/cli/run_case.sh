#!/usr/bin/env bash
# Runs one golden case: tests/cli/<subcommand>/<case>/ holds
#   cmd      one shell line using $KAMSCORE (the binary); it runs in a scratch copy of the
#            case folder, where `root` links to the repository (root/rules/..., root/examples/...)
#   expout   expected standard output   (absent: must be empty)
#   experr   expected standard error    (absent: must be empty)
#   status   expected exit code         (absent: 0)
# With KAMSCORE_UPDATE=1 the expected files are rewritten from the actual run: read the diff.
set -u
kamscore=$1
case_dir=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$case_dir/." "$scratch/"
ln -s "$repo" "$scratch/root"
cd "$scratch"
KAMSCORE=$kamscore NO_COLOR= COLUMNS=100 TZ=UTC bash ./cmd >actual.out 2>actual.err
status=$?

expected_status=0
[[ -f $case_dir/status ]] && expected_status=$(cat "$case_dir/status")

if [[ ${KAMSCORE_UPDATE:-} == 1 ]]; then
  for kind in out err; do
    if [[ -s actual.$kind ]]; then cp actual.$kind "$case_dir/exp$kind"; else rm -f "$case_dir/exp$kind"; fi
  done
  if [[ $status != 0 ]]; then echo "$status" >"$case_dir/status"; else rm -f "$case_dir/status"; fi
  exit 0
fi

failed=0
for kind in out err; do
  expected=$case_dir/exp$kind
  [[ -f $expected ]] || expected=/dev/null
  if ! diff -u --label "expected std$kind" --label "actual std$kind" "$expected" actual.$kind; then failed=1; fi
done
if [[ $status != "$expected_status" ]]; then
  echo "exit status: expected $expected_status, got $status"
  failed=1
fi
exit $failed
