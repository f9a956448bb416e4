#!/usr/bin/env bash
# examples/nightly.sh through good and failing nights, in one history folder DIR:
#   a  good nights (2026-11-01, -02)
#   b  a cut-off export (30 % of the records): kamscore exits 1 (a stand-in kamscore that leaves
#      half a file where -o points, and kamscore's own guard when this build has it)
#   c  a full disk (a small tmpfs)
#   d  a read-only folder (chattr +i on DIR, on DIR/history, on DIR/current.csv)
#   and a second run while the first holds the lock (75), a SIGTERM (143), TODAY as a real date.
# After each failing night: the documented exit code, a "nightly: error:" line, DIR byte for
# byte as before (a listing with checksums, so a leftover temporary file fails it too). After
# the good night that follows, the history holds exactly the good nights and compares with
# the last good one.
#
# usage: nightly_test.sh KAMSCORE REPO     exit 0 passed, 1 failed, 77 a part could not run here
set -u
kamscore=$1
repo=$2
nightly=$repo/examples/nightly.sh
rules=$repo/rules/kam-funnel.yaml
export_csv=$repo/examples/crm-export.csv

scratch=$(mktemp -d)
disk=$scratch/disk        # the tmpfs of night c
immutable=()              # files given chattr +i, taken back on exit
clean_up() {
    local file
    for file in "${immutable[@]}"; do chattr -i "$file" 2>/dev/null; done
    mountpoint -q "$disk" 2>/dev/null && umount "$disk"
    rm -rf "$scratch"
}
trap clean_up EXIT

failed=0
skipped=()
check() {  # description command...: one assertion
    if "${@:2}"; then echo "ok    $1"; else echo "FAIL  $1"; failed=1; fi
}

differ() { ! cmp -s "$1" "$2"; }

# A listing of DIR with a checksum per file: equal listings mean an unchanged DIR.
listing() {
    (cd "$1" && find . | LC_ALL=C sort | while read -r path; do
        if [[ -f $path ]]; then echo "$path $(sha256sum <"$path" | cut -c1-64)"; else echo "$path"; fi
    done)
}

# night DIR TODAY EXPORT [VAR=value...]: runs the job with the environment given, keeps its
# output in $out, $err and $status.
night() {
    local dir=$1 today=$2 export_file=$3
    shift 3
    env KAMSCORE="$kamscore" TODAY="$today" "$@" sh "$nightly" "$export_file" "$rules" "$dir" \
        >"$scratch/out" 2>"$scratch/err"
    status=$?
    out=$(cat "$scratch/out")
    err=$(cat "$scratch/err")
}

# failing_night NAME CODE DIR TODAY EXPORT [VAR=value...]: the night must fail with CODE, say
# why and leave DIR as it was.
failing_night() {
    local name=$1 code=$2 dir=$3
    shift 3
    local before failed_before=$failed
    before=$(listing "$dir")
    night "$dir" "$@"
    check "$name: exit $code (got $status)" test "$status" = "$code"
    check "$name: a 'nightly: error:' line" grep -q '^nightly: error: ' "$scratch/err"
    check "$name: DIR unchanged, no temporary file left" test "$before" = "$(listing "$dir")"
    [[ $failed = "$failed_before" ]] || printf '  stderr: %s\n' "$err"
}

# good_night NAME DIR TODAY EXPORT PREVIOUS: exit 0, current.csv is tonight's history file,
# and the changes file compares PREVIOUS (a date, or empty on a first night) with tonight.
good_night() {
    local name=$1 dir=$2 today=$3 export_file=$4 previous=$5
    night "$dir" "$today" "$export_file"
    check "$name: exit 0 (got $status)" test "$status" = 0
    [[ $status = 0 ]] || printf '  stderr: %s\n' "$err"
    check "$name: current.csv is history/$today.csv" cmp -s "$dir/current.csv" "$dir/history/$today.csv"
    check "$name: no temporary folder left" test -z "$(find "$dir" -name '.nightly.*')"
    if [[ -n $previous ]]; then
        "$kamscore" diff -r "$rules" "$dir/history/$previous.csv" "$dir/history/$today.csv" -q -o "$scratch/changes.csv"
        check "$name: the changes compare with $previous" cmp -s "$scratch/changes.csv" "$dir/history/$today-changes.csv"
    fi
}

history_is() {  # DIR NIGHT...: the history folder holds exactly these nights (and their changes)
    local dir=$1
    shift
    [[ $(cd "$dir/history" && ls -A | tr '\n' ' ') == "$* " ]]
}

# Tonight's exports: night 2 has one customer gone, one new and one grown; the cut-off export
# is its first 30 % (93 of 310 records), as a transfer that broke off.
sed 's/^C0000001,\(.*\),20006.78,/C0000001,\1,5000000,/' "$export_csv" | awk -F, '$1 != "C0000005"' >"$scratch/night2.csv"
echo 'C9999999,Neu GmbH,DE,Energy,1,2,3,4,5,6,7,false,false,low,0,1,no,2024-01-01,' >>"$scratch/night2.csv"
head -n 94 "$export_csv" >"$scratch/cut-off.csv"

# --- a: good nights --------------------------------------------------------------------------
dir=$scratch/kam
good_night "a 2026-11-01" "$dir" 2026-11-01 "$export_csv" ""
good_night "a 2026-11-02" "$dir" 2026-11-02 "$scratch/night2.csv" 2026-11-01
check "a: one line says who moved" test "$out" = "nightly: 2026-11-02: 1 up, 0 down, 1 appeared, 1 disappeared, 298 same, 0 held by stay (see $dir/history/2026-11-02-changes.csv)"
check "a: history" history_is "$dir" 2026-11-01.csv 2026-11-02-changes.csv 2026-11-02.csv

# --- b: a cut-off export ---------------------------------------------------------------------
# A stand-in kamscore whose 'score' writes half a result where -o points and exits 1, as a
# guard that stops late would: nothing of it may be published.
cat >"$scratch/half-a-file-kamscore" <<EOF
#!/bin/sh
[ "\$1" = score ] || exec "$kamscore" "\$@"
while [ \$# -gt 0 ]; do [ "\$1" = -o ] && head -n 40 "$dir/current.csv" >"\$2"; shift; done
echo "kamscore: error: 217 of 310 customers disappeared (stand-in for the guard)" >&2
exit 1
EOF
chmod +x "$scratch/half-a-file-kamscore"
failing_night "b cut-off export, half a file written" 1 "$dir" 2026-11-03 "$scratch/cut-off.csv" \
    KAMSCORE="$scratch/half-a-file-kamscore"
if "$kamscore" score --help | grep -q -- --max-disappeared; then
    failing_night "b cut-off export, kamscore's guard" 1 "$dir" 2026-11-03 "$scratch/cut-off.csv"
else
    echo "note  b: this kamscore has no --max-disappeared yet: the cut-off export itself is not refused"
fi

# --- c: a full disk ----------------------------------------------------------------------------
mkdir "$disk"
if mount -t tmpfs -o size=512k tmpfs "$disk" 2>/dev/null; then
    full=$disk/kam
    good_night "c 2026-11-01 on a 512k tmpfs" "$full" 2026-11-01 "$export_csv" ""
    # Nothing left: kamscore cannot write tonight's result.
    dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null
    failing_night "c disk full" 4 "$full" 2026-11-02 "$scratch/night2.csv"
    # Room for tonight's result, not for the copy that becomes current.csv: the job itself
    # hits the full disk, after kamscore succeeded.
    rm "$disk/filler"
    size=$(stat -c %s "$full/current.csv")
    free=$(( $(stat -f -c '%a * %S' "$disk") ))
    fallocate -l $(( free - size - size / 2 - 16384 )) "$disk/filler" 2>/dev/null ||
        head -c $(( free - size - size / 2 - 16384 )) /dev/zero >"$disk/filler"
    failing_night "c disk full for the copy" 4 "$full" 2026-11-02 "$scratch/night2.csv"
    check "c: the job names the full disk" grep -q "^nightly: error: cannot write into '$full'" "$scratch/err"
    rm "$disk/filler"
    good_night "c 2026-11-02 with room again" "$full" 2026-11-02 "$scratch/night2.csv" 2026-11-01
    check "c: history" history_is "$full" 2026-11-01.csv 2026-11-02-changes.csv 2026-11-02.csv
    umount "$disk"
else
    skipped+=("c: cannot mount a tmpfs here (needs root)")
fi

# --- d: a read-only folder ---------------------------------------------------------------------
# Root ignores permission bits; the immutable attribute holds for root too.
immutable_night() {  # NAME FILE TODAY EXPORT: a failing night with FILE immutable
    local name=$1 file=$2
    shift 2
    if ! chattr +i "$file" 2>/dev/null; then
        skipped+=("$name: chattr +i is not possible here (not root, or a file system without it)")
        return
    fi
    immutable+=("$file")
    failing_night "$name" 4 "$dir" "$@"
    chattr -i "$file"
}
immutable_night "d DIR read-only" "$dir" 2026-11-03 "$export_csv"
immutable_night "d DIR/history read-only" "$dir/history" 2026-11-03 "$export_csv"
# History moved in, then current.csv cannot be replaced: the moves are undone. As a rerun of
# 2026-11-02 with another export, the history files it replaced must come back as they were.
immutable_night "d current.csv cannot be replaced (rerun)" "$dir/current.csv" 2026-11-02 "$export_csv"

# --- busy, a signal, TODAY ------------------------------------------------------------------------
exec 8>>"$dir/.lock"
flock -n 8
failing_night "busy: another run holds the lock" 75 "$dir" 2026-11-03 "$export_csv"
check "busy: says so" grep -q "^nightly: error: another nightly run is still busy in '$dir'" "$scratch/err"
exec 8>&-

# SIGTERM after kamscore scored (a stand-in that stops its caller, the job).
cat >"$scratch/stopping-kamscore" <<EOF
#!/bin/sh
[ "\$1" = score ] || exec "$kamscore" "\$@"
"$kamscore" "\$@"
kill -TERM \$PPID
EOF
chmod +x "$scratch/stopping-kamscore"
failing_night "SIGTERM while running" 143 "$dir" 2026-11-03 "$export_csv" KAMSCORE="$scratch/stopping-kamscore"

for bad in 2026-13-45 2026-02-30 2026-02-29 2100-02-29 2026-11-1 tomorrow; do
    failing_night "TODAY=$bad refused" 2 "$dir" "$bad" "$export_csv"
done

# --- the good night after all of them ----------------------------------------------------------------
# A run killed with -9 left its temporary folder: the next run removes it ("no temporary
# folder left" below).
mkdir -p "$dir/.nightly.KILLED"
head -n 3 "$export_csv" >"$dir/.nightly.KILLED/2026-11-03.csv"
good_night "after: 2026-11-03" "$dir" 2026-11-03 "$export_csv" 2026-11-02
check "after: history" history_is "$dir" 2026-11-01.csv 2026-11-02-changes.csv 2026-11-02.csv 2026-11-03-changes.csv 2026-11-03.csv

# A run killed while publishing left the only copy of a history file it replaced: kept, and
# reported.
killed=$scratch/killed
good_night "killed: 2026-11-01" "$killed" 2026-11-01 "$export_csv" ""
mkdir -p "$killed/.nightly.KILLED/replaced"
echo "an old night" >"$killed/.nightly.KILLED/replaced/2026-10-31.csv"
night "$killed" 2026-11-02 "$export_csv"
check "killed: exit 0 (got $status)" test "$status" = 0
check "killed: the replaced file is kept" test -f "$killed/.nightly.KILLED/replaced/2026-10-31.csv"
check "killed: and reported" grep -q "^nightly: warning: '$killed/.nightly.KILLED/replaced' holds history files" "$scratch/err"

# A leap day is a date; and TODAY reaches kamscore as --today: rules that count days since the
# last order score as of TODAY, not as of the real date.
cat >"$scratch/recency.yaml" <<'EOF'
kamscore: 1
input: { id: customer_id, label: name }
fields:
  last_order: { column: last_order_date, type: date }
derived:
  days: days_since(last_order)
metrics:
  - { id: recency, value: days, weight: 1, scale: { linear: [0, 1000] } }
tiers:
  - { id: recent, label: Recent, when: days < 365 }
  - { id: dormant, label: Dormant }
EOF
rules=$scratch/recency.yaml
night "$scratch/leap" 2028-02-29 "$export_csv"
check "TODAY=2028-02-29: exit 0 (got $status)" test "$status" = 0
[[ $status = 0 ]] || printf '  stderr: %s\n' "$err"
"$kamscore" score -r "$rules" "$export_csv" --today 2028-02-29 -q -o "$scratch/as-of-leap-day.csv"
"$kamscore" score -r "$rules" "$export_csv" --today 2024-06-01 -q -o "$scratch/as-of-2024.csv"
check "TODAY=2028-02-29: scored as of 2028-02-29" cmp -s "$scratch/leap/current.csv" "$scratch/as-of-leap-day.csv"
check "(the date matters to these rules)" differ "$scratch/as-of-2024.csv" "$scratch/as-of-leap-day.csv"

if [[ $failed != 0 ]]; then exit 1; fi
if [[ ${#skipped[@]} -gt 0 ]]; then printf 'skipped %s\n' "${skipped[@]}"; exit 77; fi
exit 0
