#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 30),
# one after the other, starting from the seed corpus in tests/fuzz/<target>/.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]     tests/fuzz/run.sh --list
#   targets: one per tests/fuzz/fuzz_<target>.cpp (as tests/fuzz/CMakeLists.txt builds them)
# FUZZ_BUILD (default build-fuzz) is the build folder (configured here unless it already is
# for fuzzing); inputs the fuzzer finds go to
# $FUZZ_BUILD/corpus/<target>/ (never into the repository), crashes to $FUZZ_BUILD/crashes/.
# A crash reproduces with: $FUZZ_BUILD/tests/fuzz/fuzz_<target> <crash file>
# FUZZ_SEED fixes libFuzzer's random seed (CI sets it, so a rerun of a commit mutates the same
# way); unset, every run explores anew, which is what a long run on demand wants.
set -euo pipefail
cd "$(dirname "$0")/../.."
all_targets=()
for source in tests/fuzz/fuzz_*.cpp; do
  name=${source##*/fuzz_}
  all_targets+=("${name%.cpp}")
done
# --list: the targets, a line each (.ci/run divides its time among them).
if [[ ${1:-} == --list ]]; then printf '%s\n' "${all_targets[@]}"; exit 0; fi
seconds=${1:-30}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
build=${FUZZ_BUILD:-build-fuzz}

# A build already configured for fuzzing (CI's sanitizer build) is used as it is.
if ! grep -q '^KAMSCORE_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAMSCORE_FUZZ=ON -DKAMSCORE_WERROR=OFF \
    -DKAMSCORE_XLSX=OFF >/dev/null
fi
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/crashes"
for target in "${targets[@]}"; do
  corpus=$build/corpus/$target
  mkdir -p "$corpus"
  options=()
  [[ -f tests/fuzz/$target.dict ]] && options=(-dict="tests/fuzz/$target.dict")
  [[ -n ${FUZZ_SEED:-} ]] && options+=(-seed="$FUZZ_SEED")
  echo "fuzz_$target: ${seconds}s"
  # -rss_limit_mb: a parser that holds more than this for one small input is a finding too.
  "$build/tests/fuzz/fuzz_$target" "$corpus" "tests/fuzz/$target" "${options[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$build/crashes/$target-" 2>"$build/fuzz_$target.log" \
    || { tail -n 60 "$build/fuzz_$target.log"; echo "fuzz_$target: FAILED (log: $build/fuzz_$target.log)"; exit 1; }
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz_$target.log" | tr '\n' ' '
  echo
done
