#!/usr/bin/env bash
# The stage-order check (cmake/check_layers.cmake) passes on the tree as it is, and refuses a
# copy of it with one upward include and one borrowed private header, naming both files.
set -euo pipefail
repo=$1
check=$repo/cmake/check_layers.cmake

cmake -DSOURCE_DIR="$repo" -P "$check"

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$repo/src" "$repo/include" "$repo/tests" "$copy/"
echo '#include "kamscore/run/run.hpp"' >>"$copy/src/io/byte_source.cpp"
echo '#include "output/utf8_text.hpp"' >>"$copy/src/explain/lift.cpp"
if cmake -DSOURCE_DIR="$copy" -P "$check" 2>"$copy/err"; then
  echo "FAIL: the check accepted an upward include" >&2
  exit 1
fi
grep -q 'src/io/byte_source.cpp (io) includes kamscore/run/run.hpp (run, a higher stage)' "$copy/err" ||
  { echo "FAIL: the upward include is not named:" >&2; cat "$copy/err" >&2; exit 1; }
grep -q 'src/explain/lift.cpp (explain) includes output/utf8_text.hpp, a private header of output' "$copy/err" ||
  { echo "FAIL: the borrowed private header is not named:" >&2; cat "$copy/err" >&2; exit 1; }
echo "ok: the check refuses an upward include and a borrowed private header"
