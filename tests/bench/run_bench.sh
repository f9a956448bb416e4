#!/usr/bin/env bash
# run_bench.sh: kamscore's benchmark. Times the reference job (JOB.md) in kamscore and in the
# tools an analyst would use instead, on one generated file, and checks every answer.
#
#   tests/bench/run_bench.sh [ROWS] [--10m] [--runs N] [--no-reference]
#   tests/bench/run_bench.sh --reader [ROWS] [--runs N]
#   tests/bench/run_bench.sh --sources [ROWS] [--runs N]
#   tests/bench/run_bench.sh --subcommands [ROWS] [--runs N]
#
# ROWS        rows to generate (default 1000000); --10m is short for 10000000
# --runs N    rounds: every tool runs N times, interleaved with the others (A, B, C, A, B,
#             C, ...); the median of each is reported (default 3)
# --no-reference   skip the plain-Python reference answer (run once, only up to 1M rows)
# --no-wait   do not wait for an idle machine before each timed run (see below)
# --reader    instead of the job: kamscore's CsvReader against fast-cpp-csv-parser
#             (reader_vs_fccp.cpp, compiled here against the build's libkamscore_io.a), and
#             kamscore's reader through ReadAhead on two cores and pinned to one (the cost of
#             handing records from one core to the other)
# --sources   instead of the job: the three-source job (JOB-sources.md: ROWS customers, 3 ERP
#             lines and 2 NPS answers per customer, gen_sources.py) in kamscore
#             (rules/bench-sources.yaml), DuckDB (peers/duckdb_sources_job.mjs) and Polars
#             (peers/polars_sources_job.mjs), checked against peers/reference_sources.py
# --subcommands  instead of the job: summary, explain (one customer), check --against,
#             score --previous, score -f json and diff on the generated file, timed in
#             KAMSCORE and, when KAMSCORE_BASELINE names an earlier build, in that one too
#             (interleaved, outputs compared byte for byte): that a change slows no subcommand
#
# Environment: KAMSCORE  the binary to time (default: build/kamscore of this repository; its
#                        directory is also where --reader looks for libkamscore_io.a,
#                        override with KAMSCORE_BUILD)
#              KAMSCORE_BASELINE  an earlier kamscore binary for --subcommands to compare with
#              BENCH_DIR work directory: data, peer installs, outputs (default /tmp/kamscore-bench)
#              PYTHON    Python for the generator and the checks (default python3);
#                        pandas always runs with /usr/bin/python3 (Debian's python3-pandas)
#
# Peers are installed on demand: npm @duckdb/node-api and nodejs-polars (with its native build
# for this machine named explicitly, e.g. nodejs-polars-linux-x64-gnu) into BENCH_DIR, apt
# packages miller and python3-pandas (with sudo when not root). A peer that cannot be
# installed is reported and skipped. kamscore, DuckDB and Polars are multi-threaded: each is
# timed with 2 threads and with 1 (KAMSCORE_THREADS; DuckDB's threads setting; Polars'
# POLARS_MAX_THREADS).
# Wall time is taken around each run (bash EPOCHREALTIME), peak RSS and CPU time
# (user + system) from /usr/bin/time -f "%e %M %U %S". The page cache is warmed before timing.
# MB = 10^6 bytes of input. Before each timed run the script waits (up to a minute) until
# the CPUs have been at least 90 % idle for a second, so that a build running beside the
# benchmark disturbs it less; if the machine stays busy that long it stops waiting and says
# so. CPU time is the column to trust when the machine was busy.
# The last thing printed is a Markdown table for the README.
set -uo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-/tmp/kamscore-bench}
python=${PYTHON:-python3}
duckdb_pkg=@duckdb/node-api@1.5.6-r.1
want_version=${duckdb_pkg##*@}
polars_version=0.25.2   # npm nodejs-polars and its native build, same version
rows=1000000 runs=3 mode=job reference=1 wait=1

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while (( $# )); do
  case $1 in
    --10m) rows=10000000 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --reader) mode=reader ;;
    --sources) mode=sources ;;
    --subcommands) mode=subcommands ;;
    --no-reference) reference=0 ;;
    --no-wait) wait=0 ;;
    -h|--help) usage 0 ;;
    [0-9]*) rows=$1 ;;
    *) echo "run_bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $rows =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ ]] || { echo "run_bench.sh: ROWS and --runs must be positive integers" >&2; exit 2; }

die() { echo "run_bench.sh: $*" >&2; exit 1; }
note() { echo "  $*" >&2; }
mkdir -p "$work/out" || die "cannot create $work"
work=$(cd "$work" && pwd)
rm -f "$work/out"/*   # no answer of an earlier run can be checked by mistake

kamscore=${KAMSCORE:-$repo/build/kamscore}
[[ -x $kamscore ]] || die "no kamscore binary at $kamscore: run 'make build' or set KAMSCORE=/path/to/kamscore"
kamscore=$(cd "$(dirname "$kamscore")" && pwd)/$(basename "$kamscore")
rules=$repo/rules/bench-reference.yaml

# ---------------------------------------------------------------------------- installs
SUDO=; [[ $(id -u) == 0 ]] || SUDO="sudo -n"
apt_install() {  # packages...; quiet, with one `apt-get update` retry
  local log=$work/apt.log
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$log" 2>&1 && return 0
  $SUDO apt-get update -qq >>"$log" 2>&1 &&
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$log" 2>&1 && return 0
  note "could not install $* (see $log)"
  return 1
}
if [[ ! -x /usr/bin/time ]]; then
  apt_install time || die "/usr/bin/time is needed (Debian package 'time')"
fi

# ---------------------------------------------------------------------------- data
data=$work/crm-$rows.csv
stamp=$(md5sum "$here/gen_crm.py" | cut -c1-32)
if [[ ! -s $data || $(cat "$data.gen" 2>/dev/null) != "$stamp" ]]; then
  echo "generating $data ..." >&2
  "$python" "$here/gen_crm.py" "$rows" -o "$data.tmp" || die "gen_crm.py failed"
  mv "$data.tmp" "$data" && echo "$stamp" >"$data.gen"
fi
bytes=$(stat -c %s "$data")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

# ---------------------------------------------------------------------------- timing
declare -A WALL CPU RSS LABEL CHECK
order=()
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# queue KEY "LABEL" STDOUT_FILE command...: a tool to time in the next run_rounds.
queued=()
declare -A QLABEL QOUT QCMD
queue() {
  local key=$1
  QLABEL[$key]=$2 QOUT[$key]=$3
  shift 3
  QCMD[$key]=$(printf '%q ' "$@")
  queued+=("$key")
}

# run_rounds: runs every queued tool once per round, $runs rounds, interleaved (tool A, B, C,
# then A, B, C again), so that a slow spell of the machine falls on every tool alike rather
# than on the one timed during it. Keeps each tool's median wall and CPU time and its largest
# peak RSS. A tool whose run fails is reported, recorded as failed and not run again.
run_rounds() {
  local -A walls cpus peak failed
  local round key t0 t1 e k u sy
  for (( round = 1; round <= runs; round++ )); do
    for key in "${queued[@]}"; do
      [[ -z ${failed[$key]:-} ]] || continue
      wait_idle
      t0=$EPOCHREALTIME
      if ! eval "/usr/bin/time -f '%e %M %U %S' -o \"\$work/time.txt\" ${QCMD[$key]}" >"${QOUT[$key]}" 2>"$work/out/$key.err"; then
        note "${QLABEL[$key]}: failed (see $work/out/$key.err):"
        tail -n 5 "$work/out/$key.err" | sed 's/^/    /' >&2
        failed[$key]=1
        continue
      fi
      t1=$EPOCHREALTIME
      read -r e k u sy < <(tail -n 1 "$work/time.txt")
      cpus[$key]+="$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", u + s }') "
      walls[$key]+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') "
      (( k > ${peak[$key]:-0} )) && peak[$key]=$k
    done
  done
  for key in "${queued[@]}"; do
    LABEL[$key]=${QLABEL[$key]}
    order+=("$key")
    if [[ -n ${failed[$key]:-} ]]; then
      CHECK[$key]="failed"
      continue
    fi
    WALL[$key]=$(tr ' ' '\n' <<<"${walls[$key]}" | grep . | median)
    CPU[$key]=$(tr ' ' '\n' <<<"${cpus[$key]}" | grep . | median)
    RSS[$key]=$(( peak[$key] / 1024 ))
    printf '  %-42s wall %s s -> median %s s; CPU median %s s; peak RSS %s MiB\n' \
      "${LABEL[$key]}" "${walls[$key]% }" "${WALL[$key]}" "${CPU[$key]}" "${RSS[$key]}" >&2
  done
  queued=()
}

# timed KEY: true when KEY's runs succeeded.
timed() { [[ -n ${WALL[$1]:-} ]]; }

warm_cache() { cat "$1" >/dev/null; }

# wait_idle: until two successive half-second samples of /proc/stat show >= 90 % idle CPU.
busy=0
wait_idle() {
  (( wait )) || return 0
  local calm=0 tries=0 a b
  while (( tries < 120 )); do
    a=$(head -n 1 /proc/stat); sleep 0.5; b=$(head -n 1 /proc/stat)
    if awk -v a="$a" -v b="$b" 'BEGIN { n = split(a, x); split(b, y); t = 0
           for (i = 2; i <= n; i++) t += y[i] - x[i]
           idle = y[5] - x[5] + y[6] - x[6]; exit !(t > 0 && idle / t >= 0.9) }'; then
      (( ++calm >= 2 )) && return 0
    else
      calm=0
    fi
    (( ++tries ))
  done
  note "the machine stayed busy for a minute: no more waiting, wall times will be noisy (see the CPU time column)"
  wait=0 busy=1
}

# Other work on the machine makes wall times noisy: say so, once, before timing.
start_load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$start_load" -v n="$(nproc)" 'BEGIN { exit !(l > 0.25 * n) }'; then
  note "warning: load average $start_load on $(nproc) cores before the run: wall times will be noisy"
fi

header_lines() {  # what the numbers were measured on
  local cpu load commit
  cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  load=$start_load
  commit=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
  echo "Measured $(date -u +%Y-%m-%d) on ${cpu:-unknown CPU}, $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB RAM, $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-Linux}");"
  echo "kamscore $("$kamscore" --version 2>/dev/null | awk '{ print $NF }') ($kamscore; benchmark from the repository at $commit); input \`gen_crm.py $rows\`: $rows rows, $mb MB;"
  echo "median of $runs interleaved runs with a warm page cache (1-minute load average before the run: $load$( (( busy )) && echo "; other work was running during the runs"))."
}

# markdown_table KEY_OF_BASELINE FLOOR_KEY: the rows recorded by run_rounds, in order.
markdown_table() {
  local base=$1 floor=$2 key ratio mbs wall
  echo
  echo "| Tool | Wall time (s) | CPU time (s) | Peak RSS (MiB) | MB/s | Time vs ${LABEL[$base]//\*/} | Answer |"
  echo "|---|--:|--:|--:|--:|--:|---|"
  for key in "${order[@]}"; do
    if [[ -z ${WALL[$key]:-} ]]; then
      printf '| %s | – | – | – | – | – | %s |\n' "${LABEL[$key]}" "${CHECK[$key]}"
      continue
    fi
    ratio=$(awk -v a="${WALL[$key]}" -v b="${WALL[$base]}" 'BEGIN { printf (a / b < 0.1 ? "%.2f" : "%.1f"), a / b }')
    mbs=$(awk -v m="$mb" -v w="${WALL[$key]}" 'BEGIN { printf "%.0f", m / w }')
    wall=$(awk -v w="${WALL[$key]}" 'BEGIN { printf (w < 0.1 ? "%.3f" : "%.2f"), w }')
    printf '| %s | %s | %.2f | %s | %s | %s× | %s |\n' "${LABEL[$key]}" "$wall" "${CPU[$key]}" "${RSS[$key]}" "$mbs" "$ratio" "${CHECK[$key]:-–}"
  done
  if [[ -n ${WALL[$floor]:-} ]]; then
    echo
    echo "${LABEL[$base]//\*/} takes $(awk -v a="${WALL[$base]}" -v b="${WALL[$floor]}" 'BEGIN { printf "%.1f", a / b }')× the time of \`wc -l\` on the same file."
  fi
}

# check KEY FILE: compare.py FILE against kamscore's answer; records the verdict for the table.
check() {
  local key=$1 file=$2 result
  result=$("$python" "$here/compare.py" "$work/out/kamscore.csv" "$file" 2>&1)
  if [[ $? == 0 ]]; then
    CHECK[$key]="same as kamscore"
    note "${LABEL[$key]:-$key} vs kamscore: $(tail -n 1 <<<"$result")"
  else
    CHECK[$key]="**differs**: $(tail -n 1 <<<"$result")"
    note "${LABEL[$key]:-$key} vs kamscore: DIFFERS"
    sed 's/^/    /' <<<"$result" >&2
  fi
}

# ---------------------------------------------------------------------------- --reader
if [[ $mode == reader ]]; then
  build=${KAMSCORE_BUILD:-$(dirname "$kamscore")}
  lib=$build/libkamscore_io.a   # the reader and what it stands on (core)
  core_lib=$build/libkamscore_core.a
  [[ -f $lib ]] || die "no $lib: set KAMSCORE_BUILD to the CMake build directory"
  find_fccp() {
    local p
    for p in /usr/include/fccp/csv.h /usr/include/libfccp/csv.h /usr/include/fast-cpp-csv-parser/csv.h; do
      [[ -f $p ]] && { echo "$p"; return 0; }
    done
    dpkg -L libfccp-dev 2>/dev/null | grep -m1 '/csv\.h$'
  }
  fccp=$(find_fccp) || true
  if [[ -z $fccp ]]; then
    apt_install libfccp-dev || die "fast-cpp-csv-parser (Debian package libfccp-dev) is needed for --reader"
    fccp=$(find_fccp) || die "libfccp-dev is installed but its csv.h was not found"
  fi
  src=$here/reader_vs_fccp.cpp
  for variant in threaded nothread; do
    bin=$work/reader_vs_fccp-$variant
    if [[ ! ( $bin -nt $src && $bin -nt $lib && $bin -nt $fccp ) ]]; then
      echo "compiling $bin ..." >&2
      extra=(); [[ $variant == nothread ]] && extra=(-DCSV_IO_NO_THREAD)
      g++ -O2 -std=c++20 "${extra[@]}" -I "$repo/include" -DFCCP_HEADER="\"$fccp\"" \
        "$src" "$lib" "$core_lib" -lfmt -pthread -o "$bin" || die "compiling $src failed"
    fi
  done

  # fast-cpp-csv-parser cannot read line breaks inside quoted fields: the same file with the
  # multi-line notes joined by a space (quoting as gen_crm.py writes it).
  flat=$work/crm-$rows-flat.csv
  if [[ ! ( -s $flat && $flat -nt $data ) ]]; then
    echo "writing $flat (no line breaks inside fields) ..." >&2
    "$python" - "$data" "$flat.tmp" <<'EOF' || die "writing $flat failed"
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as src, \
     open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    out = csv.writer(dst, lineterminator="\n")
    for row in csv.reader(src):
        out.writerow([c.replace("\r\n", " ").replace("\n", " ") for c in row])
EOF
    mv "$flat.tmp" "$flat"
  fi
  data=$flat
  bytes=$(stat -c %s "$data")
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

  warm_cache "$data"
  echo "reading $data ($mb MB) with every reader, $runs rounds" >&2
  queue wc '`wc -l` (floor)' "$work/out/reader-wc.txt" wc -l "$data"
  queue kamscore 'kamscore::CsvReader' "$work/out/reader-kamscore.txt" "$work/reader_vs_fccp-threaded" kamscore "$data"
  queue ahead 'kamscore::CsvReader through ReadAhead (split on a second thread, handed over)' "$work/out/reader-ahead.txt" "$work/reader_vs_fccp-threaded" kamscore-ahead "$data"
  if command -v taskset >/dev/null; then
    queue ahead1 'the same, both threads pinned to one CPU (taskset -c 0)' "$work/out/reader-ahead1.txt" taskset -c 0 "$work/reader_vs_fccp-threaded" kamscore-ahead "$data"
  fi
  queue fccp 'fast-cpp-csv-parser io::CSVReader' "$work/out/reader-fccp.txt" "$work/reader_vs_fccp-threaded" fccp "$data"
  queue fccp1 'fast-cpp-csv-parser, CSV_IO_NO_THREAD' "$work/out/reader-fccp1.txt" "$work/reader_vs_fccp-nothread" fccp "$data"
  run_rounds
  timed kamscore || die "kamscore's reader failed"
  want=$(cut -d' ' -f2- "$work/out/reader-kamscore.txt")
  note "kamscore: $want"
  for key in ahead ahead1 fccp fccp1; do
    [[ -n ${WALL[$key]:-} ]] || continue
    got=$(cut -d' ' -f2- "$work/out/reader-$key.txt")
    if [[ $got == "$want" ]]; then CHECK[$key]="same fields"; else CHECK[$key]="**differs**: $got"; note "${LABEL[$key]}: $got"; fi
  done
  echo
  echo "CSV reading alone: every field of every record of \`gen_crm.py $rows\` with multi-line notes joined ($mb MB)."
  header_lines
  markdown_table kamscore wc
  exit 0
fi

# ---------------------------------------------------------------------------- --subcommands
if [[ $mode == subcommands ]]; then
  # Every subcommand but `score`'s job on the same file, with KAMSCORE and, when
  # KAMSCORE_BASELINE names an earlier build, with that one too in the same rounds; their
  # outputs must be byte for byte the same.
  baseline=${KAMSCORE_BASELINE:-}
  [[ -z $baseline || -x $baseline ]] || die "KAMSCORE_BASELINE=$baseline is not an executable"
  sub=$work/out/sub
  mkdir -p "$sub" || die "cannot create $sub"
  id=$(awk -F, -v n=$(( (rows + 1) / 2 + 1 )) 'NR == n { print $1; exit }' "$data")   # a customer from the middle
  previous=$work/out/previous.csv
  "$kamscore" score -r "$rules" "$data" -o "$previous" 2>/dev/null || die "kamscore score failed on $data"
  # A later result for diff: every 7th customer in another tier, every 50th gone.
  later=$work/out/later.csv
  awk -F, -v OFS=, 'NR > 1 && NR % 50 == 0 { next }
                    NR > 1 && NR % 7 == 0 { $2 = ($2 == "key_account" ? "standard" : "key_account") } { print }' \
    "$previous" >"$later" || die "writing $later failed"
  warm_cache "$data"
  echo "timing the other subcommands on $data ($mb MB), $runs rounds" >&2
  names=(summary explain check previous json diff)
  declare -A WHAT=(
    [summary]='summary' [explain]="explain (customer $id)" [check]='check --against'
    [previous]='score --previous' [json]='score -f json' [diff]='diff')
  queue_subcommands() {  # SUFFIX BINARY LABEL-SUFFIX
    local s=$1 bin=$2 tag=$3
    queue "summary$s" "${WHAT[summary]}$tag" "$sub/summary$s.txt" "$bin" summary -r "$rules" "$data"
    queue "explain$s" "${WHAT[explain]}$tag" "$sub/explain$s.txt" "$bin" explain -r "$rules" "$id" "$data"
    queue "check$s" "${WHAT[check]}$tag" "$sub/check$s.txt" "$bin" check "$rules" --against "$data"
    queue "previous$s" "${WHAT[previous]}$tag" /dev/null "$bin" score -r "$rules" "$data" --previous "$previous" -o "$sub/previous$s.csv"
    queue "json$s" "${WHAT[json]}$tag" /dev/null "$bin" score -r "$rules" "$data" -f json -o "$sub/json$s.json"
    queue "diff$s" "${WHAT[diff]}$tag" "$sub/diff$s.txt" "$bin" diff "$previous" "$later"
  }
  # Interleaved: each round runs the baseline's command right after this build's.
  queue_subcommands "" "$kamscore" ""
  if [[ -n $baseline ]]; then
    now=("${queued[@]}")
    queue_subcommands "-base" "$baseline" " (baseline)"
    queued=()
    for name in "${now[@]}"; do queued+=("$name" "$name-base"); done
  fi
  run_rounds
  if [[ -n $baseline ]]; then
    for name in "${names[@]}"; do
      for f in "$sub/$name".*; do
        other=${f%.*}-base.${f##*.}
        if cmp -s "$f" "$other"; then CHECK[$name]="same output"; else CHECK[$name]="**differs** from the baseline's"; note "$name: output differs from the baseline's"; fi
      done
    done
  fi
  echo
  echo "Subcommands on \`gen_crm.py $rows\` with rules/bench-reference.yaml${baseline:+, against the baseline $baseline}."
  header_lines
  echo
  if [[ -n $baseline ]]; then
    echo "| Subcommand | Wall (s) | Baseline wall (s) | CPU (s) | Baseline CPU (s) | Peak RSS (MiB) | Baseline RSS (MiB) | Output |"
    echo "|---|--:|--:|--:|--:|--:|--:|---|"
    for name in "${names[@]}"; do
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${WHAT[$name]}" "${WALL[$name]:-–}" "${WALL[$name-base]:-–}" \
        "${CPU[$name]:-–}" "${CPU[$name-base]:-–}" "${RSS[$name]:-–}" "${RSS[$name-base]:-–}" "${CHECK[$name]:-–}"
    done
  else
    echo "| Subcommand | Wall (s) | CPU (s) | Peak RSS (MiB) |"
    echo "|---|--:|--:|--:|"
    for name in "${names[@]}"; do
      printf '| %s | %s | %s | %s |\n' "${WHAT[$name]}" "${WALL[$name]:-–}" "${CPU[$name]:-–}" "${RSS[$name]:-–}"
    done
  fi
  exit 0
fi

# ---------------------------------------------------------------------------- the job
have_duckdb=0 have_polars=0 have_pandas=0 have_miller=0
npm_version() { sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$work/node_modules/$1/package.json" 2>/dev/null | head -n 1; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  note "DuckDB skipped: node and npm are needed (Debian: apt-get install nodejs npm)"
else
  if [[ $(npm_version @duckdb/node-api) != "$want_version" ]]; then
    echo "installing $duckdb_pkg into $work ..." >&2
    (cd "$work" && npm install --no-audit --no-fund --silent "$duckdb_pkg" >"$work/npm.log" 2>&1) ||
      note "DuckDB skipped: npm install $duckdb_pkg failed (see $work/npm.log)"
  fi
  if [[ -d $work/node_modules/@duckdb/node-api ]]; then
    cp "$here/peers/duckdb_job.mjs" "$work/"   # node resolves the package next to the script
    have_duckdb=1
  fi
fi
# nodejs-polars loads its native code from a package per platform, an optional dependency that
# npm does not always install: name it. Its engines field asks for node >= 22; it runs on 20
# (npm warns, unless engine-strict is set: then the install fails and Polars is skipped).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  note "Polars skipped: node and npm are needed (Debian: apt-get install nodejs npm)"
elif ! arch=$(node -p process.arch 2>/dev/null) || [[ $arch != x64 && $arch != arm64 ]]; then
  note "Polars skipped: only the x64 and arm64 Linux builds of nodejs-polars are set up here, not '${arch:-?}'"
else
  polars_native=nodejs-polars-linux-$arch-$([[ $(ldd --version 2>&1) == *musl* ]] && echo musl || echo gnu)
  if [[ $(npm_version nodejs-polars) != "$polars_version" || $(npm_version "$polars_native") != "$polars_version" ]]; then
    echo "installing nodejs-polars@$polars_version $polars_native@$polars_version into $work ..." >&2
    (cd "$work" && npm install --no-audit --no-fund --silent "nodejs-polars@$polars_version" "$polars_native@$polars_version" \
        >"$work/npm-polars.log" 2>&1) ||
      note "Polars skipped: npm install nodejs-polars@$polars_version $polars_native@$polars_version failed (see $work/npm-polars.log)"
  fi
  if [[ $(npm_version nodejs-polars) == "$polars_version" && $(npm_version "$polars_native") == "$polars_version" ]]; then
    cp "$here/peers/polars_job.mjs" "$work/"   # node resolves the package next to the script
    have_polars=1
  fi
fi
if /usr/bin/python3 -c 'import pandas' 2>/dev/null || { apt_install python3-pandas && /usr/bin/python3 -c 'import pandas' 2>/dev/null; }; then
  have_pandas=1
else
  note "pandas skipped: python3-pandas is not installed for /usr/bin/python3"
fi
if (( rows <= 1000000 )); then
  if command -v mlr >/dev/null || apt_install miller; then have_miller=1; else note "Miller skipped: cannot install miller"; fi
fi

duckdb_label="DuckDB ${want_version%-r.*}"
pandas_label="pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)' 2>/dev/null)"
miller_label="Miller $(mlr --version 2>/dev/null | awk '{ print $NF }')"

out=$work/out

# Both jobs' four columns, as the peers write them (JOB.md and JOB-sources.md, step 7).
job_columns=(--select customer_id,score,strategic_met,tier)

# ---------------------------------------------------------------------------- --sources
if [[ $mode == sources ]]; then
  sources_dir=$work/sources-$rows
  stamp=$(cat "$here/gen_sources.py" "$here/gen_crm.py" | md5sum | cut -c1-32)
  if [[ ! -s $sources_dir/nps.csv || $(cat "$sources_dir/gen" 2>/dev/null) != "$stamp" ]]; then
    echo "generating $sources_dir/erp.csv and nps.csv ..." >&2
    "$python" "$here/gen_sources.py" "$rows" -o "$sources_dir" || die "gen_sources.py failed"
    echo "$stamp" >"$sources_dir/gen"
  fi
  erp=$sources_dir/erp.csv nps=$sources_dir/nps.csv
  bytes=$(( $(stat -c %s "$data") + $(stat -c %s "$erp") + $(stat -c %s "$nps") ))
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  warm_cache "$data"; warm_cache "$erp"; warm_cache "$nps"
  echo "timing the three-source job ($mb MB: $rows customers, $(( 3 * rows )) ERP lines, $(( 2 * rows )) answers), $runs rounds of every tool" >&2
  queue wc '`wc -l` of the three files (floor)' "$out/wc.txt" wc -l "$data" "$erp" "$nps"
  queue kamscore '**kamscore**' "$out/kamscore.csv" "$kamscore" score -r "$repo/rules/bench-sources.yaml" "$data" \
    --source "erp=$erp" --source "nps=$nps" -f csv "${job_columns[@]}"
  queue kamscore1t 'kamscore, one thread (KAMSCORE_THREADS=1)' "$out/kamscore1t.csv" \
    env KAMSCORE_THREADS=1 "$kamscore" score -r "$repo/rules/bench-sources.yaml" "$data" \
    --source "erp=$erp" --source "nps=$nps" -f csv "${job_columns[@]}"
  if (( have_duckdb )); then
    cp "$here/peers/duckdb_sources_job.mjs" "$work/"
    queue duckdb2 "$duckdb_label (node, 2 threads)" /dev/null node "$work/duckdb_sources_job.mjs" "$data" "$erp" "$nps" "$out/duckdb2.csv" 2
    queue duckdb1 "$duckdb_label (node, 1 thread)" /dev/null node "$work/duckdb_sources_job.mjs" "$data" "$erp" "$nps" "$out/duckdb1.csv" 1
  fi
  if (( have_polars )); then
    cp "$here/peers/polars_sources_job.mjs" "$work/"
    queue polars2 "Polars (nodejs-polars $polars_version, 2 threads)" /dev/null env POLARS_MAX_THREADS=2 node "$work/polars_sources_job.mjs" "$data" "$erp" "$nps" "$out/polars2.csv"
    queue polars1 "Polars (nodejs-polars $polars_version, 1 thread)" /dev/null env POLARS_MAX_THREADS=1 node "$work/polars_sources_job.mjs" "$data" "$erp" "$nps" "$out/polars1.csv"
  fi
  run_rounds
  timed kamscore || die "kamscore failed: nothing to compare against"
  timed kamscore1t && check kamscore1t "$out/kamscore1t.csv"
  for key in duckdb2 duckdb1 polars2 polars1; do
    timed "$key" && check "$key" "$out/$key.csv"
  done
  if (( reference && rows <= 1000000 )); then
    echo "plain-Python reference answer (one untimed run) ..." >&2
    if "$python" "$here/peers/reference_sources.py" "$data" "$erp" "$nps" >"$out/reference.csv" 2>"$out/reference.err"; then
      check reference "$out/reference.csv"
    else
      note "reference_sources.py failed (see $out/reference.err)"
    fi
  fi
  echo
  echo "The three-source job (JOB-sources.md): CRM export, ERP lines and NPS answers joined by customer key."
  header_lines
  markdown_table kamscore wc
  [[ -z ${CHECK[reference]:-} ]] || echo "Plain-Python reference answer (peers/reference_sources.py): ${CHECK[reference]}."
  exit 0
fi

warm_cache "$data"
echo "timing the reference job on $data ($mb MB, $rows rows), $runs rounds of every tool" >&2
queue wc '`wc -l` (floor)' "$out/wc.txt" wc -l "$data"
queue kamscore '**kamscore**' "$out/kamscore.csv" "$kamscore" score -r "$rules" "$data" -f csv "${job_columns[@]}"
# Without --select kamscore writes its 9 columns (tier_label and the four metric scores too).
queue kamscore9 'kamscore, all 9 columns (no --select)' "$out/kamscore9.csv" \
  "$kamscore" score -r "$rules" "$data" -f csv
# Inputs of 64 MiB and more are read twice to hold less (README, "Performance"); one pass holds
# more and is faster.
queue kamscore1 'kamscore, one pass (KAMSCORE_TWO_PASS=0)' "$out/kamscore1.csv" \
  env KAMSCORE_TWO_PASS=0 "$kamscore" score -r "$rules" "$data" -f csv "${job_columns[@]}"
# kamscore uses two threads (reading ahead, formatting CSV); one keeps it on one core.
queue kamscore1t 'kamscore, one thread (KAMSCORE_THREADS=1)' "$out/kamscore1t.csv" \
  env KAMSCORE_THREADS=1 "$kamscore" score -r "$rules" "$data" -f csv "${job_columns[@]}"
if (( have_duckdb )); then
  queue duckdb2 "$duckdb_label (node, 2 threads)" /dev/null node "$work/duckdb_job.mjs" "$data" "$out/duckdb2.csv" 2
  queue duckdb1 "$duckdb_label (node, 1 thread)" /dev/null node "$work/duckdb_job.mjs" "$data" "$out/duckdb1.csv" 1
fi
if (( have_polars )); then
  queue polars2 "Polars (nodejs-polars $polars_version, 2 threads)" /dev/null env POLARS_MAX_THREADS=2 node "$work/polars_job.mjs" "$data" "$out/polars2.csv"
  queue polars1 "Polars (nodejs-polars $polars_version, 1 thread)" /dev/null env POLARS_MAX_THREADS=1 node "$work/polars_job.mjs" "$data" "$out/polars1.csv"
fi
if (( have_pandas )); then
  queue pandas "$pandas_label" /dev/null /usr/bin/python3 "$here/peers/pandas_job.py" "$data" "$out/pandas.csv"
fi
if (( have_miller )); then
  queue miller "$miller_label" /dev/null sh "$here/peers/miller_job.sh" "$data" "$out/miller.csv"
elif (( rows > 1000000 )); then
  note "Miller skipped above 1M rows (its script keeps every record: about 13 GB of RAM per million rows)"
fi
run_rounds
timed kamscore || die "kamscore failed: nothing to compare against"
for key in kamscore9 kamscore1 kamscore1t duckdb2 duckdb1 polars2 polars1 pandas miller; do
  timed "$key" && check "$key" "$out/$key.csv"
done
if (( reference && rows <= 1000000 )); then
  echo "plain-Python reference answer (one untimed run) ..." >&2
  if "$python" "$here/peers/reference.py" "$data" >"$out/reference.csv" 2>"$out/reference.err"; then
    check reference "$out/reference.csv"
  else
    note "reference.py failed (see $out/reference.err)"
  fi
fi

echo
header_lines
markdown_table kamscore wc
[[ -z ${CHECK[reference]:-} ]] || echo "Plain-Python reference answer (peers/reference.py): ${CHECK[reference]}."
