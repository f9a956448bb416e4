#!/bin/sh
# nightly.sh - the nightly kamscore job: test the rules, score tonight's CRM export with
# yesterday's result as --previous (so that 'stay:' keeps classes stable), report who moved,
# publish the result atomically and keep a dated history.
#
# usage: nightly.sh EXPORT RULES DIR
#   EXPORT  tonight's CSV export of the CRM
#   RULES   the rule file; its 'tests:' must pass, or nothing is published
#   DIR     where results live (created when missing):
#             DIR/current.csv                       the published result, replaced atomically
#             DIR/history/YYYY-MM-DD.csv            each night's result
#             DIR/history/YYYY-MM-DD-changes.csv    who moved up, down, appeared, disappeared
#
# environment:
#   KAMSCORE   the kamscore binary (default: kamscore on PATH)
#   KEEP_DAYS  days of history to keep (default 90)
#   TODAY      the run's date, YYYY-MM-DD (default: today; for reruns of a missed night)
#
# Quiet when nothing changed; one line per night with changes (cron mails it); on failure a
# line starting "nightly: error:" on stderr, nothing published, and a non-zero exit code:
# kamscore's own (1 bad data, 3 bad rule file, 4 I/O, 5 failing rule tests) or 1.
#
# crontab, every night at 02:15:
#   MAILTO=sales-ops@example.com
#   15 2 * * *  /usr/share/doc/kamscore/examples/nightly.sh /srv/crm/customers.csv /etc/kamscore/rules.yaml /srv/kam
set -u

kamscore=${KAMSCORE:-kamscore}
keep_days=${KEEP_DAYS:-90}
today=${TODAY:-$(date +%F)}

fail() {  # exit-code message...
    code=$1
    shift
    echo "nightly: error: $*" >&2
    exit "$code"
}

[ $# -eq 3 ] || fail 2 "usage: nightly.sh EXPORT RULES DIR"
export_file=$1
rules=$2
dir=$3
case $today in
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
    *) fail 2 "TODAY='$today': expected a date like 2026-11-24" ;;
esac
case $keep_days in
    ''|*[!0-9]*) fail 2 "KEEP_DAYS='$keep_days': expected a number of days" ;;
esac
command -v "$kamscore" >/dev/null 2>&1 || fail 4 "cannot run '$kamscore' (set KAMSCORE to the binary)"
[ -r "$export_file" ] || fail 4 "cannot read the export '$export_file'"
mkdir -p "$dir/history" || fail 4 "cannot create '$dir/history'"

# One run at a time: a second one (a slow night, a manual rerun) stops here.
exec 9>"$dir/.lock" || fail 4 "cannot create '$dir/.lock'"
if command -v flock >/dev/null 2>&1; then
    flock -n 9 || fail 1 "another nightly run is still busy in '$dir'"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kamscore-nightly.XXXXXX") || fail 4 "cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

# 1. The rules' own tests: a rule change that breaks them is never published.
"$kamscore" test "$rules" >"$work/tests.txt" 2>&1
status=$?
if [ $status -ne 0 ]; then
    grep -v '^[0-9]* passed, ' "$work/tests.txt" >&2
    fail $status "the tests of '$rules' do not pass (kamscore test exit $status): nothing published"
fi

# 2. Score. The previous result is the newest of an earlier day, so a rerun of the same night
#    compares with the night before, not with itself.
previous=
for file in "$dir"/history/????-??-??.csv; do
    [ -f "$file" ] || continue
    night=$(basename "$file" .csv)
    [ "$night" \< "$today" ] && previous=$file
done
result=$dir/history/$today.csv
if [ -n "$previous" ]; then
    "$kamscore" score -r "$rules" "$export_file" --previous "$previous" -q -o "$result"
else
    "$kamscore" score -r "$rules" "$export_file" -q -o "$result"
fi
status=$?
[ $status -eq 0 ] || fail $status "scoring '$export_file' failed (kamscore score exit $status): nothing published"

# 3. Who moved since the previous night.
changes=$dir/history/$today-changes.csv
if [ -n "$previous" ]; then
    "$kamscore" diff -r "$rules" "$previous" "$result" -o "$changes" 2>"$work/counts.txt"
    status=$?
    [ $status -eq 0 ] || { cat "$work/counts.txt" >&2; fail $status "comparing with '$previous' failed: nothing published"; }
fi

# 4. Publish: a copy beside current.csv, renamed over it, so readers never see half a file.
cp "$result" "$dir/.current.csv.tmp" && mv -f "$dir/.current.csv.tmp" "$dir/current.csv" ||
    fail 4 "cannot publish '$dir/current.csv': the old one stays"

# 5. Keep KEEP_DAYS days of history.
oldest=$(date -d "$today - $keep_days days" +%F 2>/dev/null) || oldest=
if [ -n "$oldest" ]; then
    for file in "$dir"/history/????-??-??.csv "$dir"/history/????-??-??-changes.csv; do
        [ -f "$file" ] || continue
        night=$(basename "$file" .csv)
        night=${night%-changes}
        [ "$night" \< "$oldest" ] && rm -f "$file"
    done
fi

# Quiet unless something moved.
if [ -n "$previous" ] && ! grep -q ': 0 up, 0 down, 0 appeared, 0 disappeared' "$work/counts.txt"; then
    counts=$(sed 's/^kamscore: //' "$work/counts.txt")
    echo "nightly: $today: $counts (see $changes)"
fi
exit 0
