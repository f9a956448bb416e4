#!/bin/sh
# nightly.sh - the nightly kamscore job: test the rules, score tonight's CRM export with
# yesterday's result as --previous (so that 'stay:' keeps classes stable), report who moved,
# and publish the night all or nothing.
#
# usage: nightly.sh EXPORT RULES DIR
#   EXPORT  tonight's CSV export of the CRM
#   RULES   the rule file; its 'tests:' must pass, or nothing is published
#   DIR     where results live (created when missing):
#             DIR/current.csv                       the published result
#             DIR/history/YYYY-MM-DD.csv            each night's result
#             DIR/history/YYYY-MM-DD-changes.csv    who moved up, down, appeared, disappeared
#
# environment:
#   KAMSCORE   the kamscore binary (default: kamscore on PATH)
#   KEEP_DAYS  days of history to keep (default 90)
#   TODAY      the run's date, a real calendar date YYYY-MM-DD (default: today's local date);
#              passed to kamscore as --today, so that a rerun of a missed night scores as
#              that night (days_since() counts to it)
#
# All or nothing: every file of the night is written into a temporary folder DIR/.nightly.*
# first (inside DIR, so on the same file system and moving a file into place is a rename).
# Only when all of them are complete are they moved into place: history/DATE-changes.csv,
# history/DATE.csv, and current.csv last. Renaming current.csv is the moment the night is
# published: readers see the old night or the new one, never half a file, and never a
# current.csv whose history is missing. When a move fails, the moves already done are undone
# (a history file that a rerun replaced is put back); on any failure or signal the temporary
# folder is removed and DIR stays as it was - no history/DATE.csv that the next night would
# take as its --previous.
#
# Quiet when nothing changed; one line per night with changes (cron mails it); on failure a
# line starting "nightly: error:" on stderr, nothing published, and a non-zero exit code:
#   1    bad data (kamscore's code: unreadable rows, duplicate ids, an empty export, and
#        kamscore's guards against a cut-off export)
#   2    bad command line: wrong arguments, TODAY not a real date, KEEP_DAYS not a number
#   3    bad rule file (kamscore's code)
#   4    I/O: kamscore not found, export unreadable, DIR not writable (read-only, disk full)
#   5    the rule file's tests fail (kamscore test's code)
#   75   busy: another nightly run holds DIR/.lock; try again later (EX_TEMPFAIL of sysexits.h)
#   129, 130, 143   stopped by SIGHUP, SIGINT or SIGTERM (nothing published; the few
#        renames that publish are not interrupted)
#
# crontab, every night at 02:15:
#   MAILTO=sales-ops@example.com
#   15 2 * * *  /usr/share/doc/kamscore/examples/nightly.sh /srv/crm/customers.csv /etc/kamscore/rules.yaml /srv/kam
set -u

kamscore=${KAMSCORE:-kamscore}
keep_days=${KEEP_DAYS:-90}
today=${TODAY:-$(date +%F)}

stage=          # the temporary folder inside DIR; removed on every exit
moved=          # history files already moved into place, undone unless published
published=no
undo_failed=no

fail() {  # exit-code message...
    code=$1
    shift
    echo "nightly: error: $*" >&2
    exit "$code"
}

# is_date YYYY-MM-DD: a real calendar date, leap years included. Plain sh arithmetic, so that
# the job does not depend on GNU date. The "1" prefixes keep 08 and 09 from being read as
# (invalid) octal numbers.
is_date() {
    case $1 in
        [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
        *) return 1 ;;
    esac
    year=$((1${1%%-*} - 10000))
    month=${1#*-}
    month=$((1${month%-*} - 100))
    day=$((1${1##*-} - 100))
    case $month in
        1|3|5|7|8|10|12) days=31 ;;
        4|6|9|11) days=30 ;;
        2) if [ $((year % 4)) -eq 0 ] && { [ $((year % 100)) -ne 0 ] || [ $((year % 400)) -eq 0 ]; }
           then days=29; else days=28; fi ;;
        *) return 1 ;;
    esac
    [ "$day" -ge 1 ] && [ "$day" -le "$days" ]
}

# as_number YYYY-MM-DD: the date as a number (20261124), to compare with -lt: plain [ has
# no string order in POSIX.
as_number() {
    echo "${1%%-*}$(echo "${1#*-}" | tr -d -)"
}

# The newest result of a night before TODAY: a rerun of the same night compares with the
# night before, not with itself. Prints nothing on the first night.
newest_previous() {
    previous_file=
    for file in "$dir"/history/????-??-??.csv; do
        [ -f "$file" ] || continue
        night=$(basename "$file" .csv)
        is_date "$night" && [ "$(as_number "$night")" -lt "$(as_number "$today")" ] && previous_file=$file
    done
    echo "$previous_file"
}

# put_in_history NAME: moves $stage/NAME to DIR/history/NAME (or, when nothing of that name
# was staged, takes the old one away: a night's changes file must not describe another run).
# A file it replaces - a rerun of the night - is first moved aside into $stage/replaced, so
# that undo_moves can put it back.
put_in_history() {
    moved="$moved $1"
    if [ -e "$dir/history/$1" ]; then
        mv -f "$dir/history/$1" "$stage/replaced/$1" || return 1
    fi
    if [ -e "$stage/$1" ]; then
        mv -f "$stage/$1" "$dir/history/$1" || return 1
    fi
}

# Undo put_in_history for every file moved so far: the old file back, or tonight's removed.
# shellcheck disable=SC2317  # called from the EXIT trap
undo_moves() {
    for name in $moved; do
        if [ -e "$stage/replaced/$name" ]; then
            mv -f "$stage/replaced/$name" "$dir/history/$name"
        elif [ ! -e "$stage/$name" ]; then
            rm -f "$dir/history/$name"
        fi || {
            undo_failed=yes
            echo "nightly: error: could not undo '$dir/history/$name' (not published; the file it replaced, if any, is kept in '$stage/replaced'): fix it by hand" >&2
        }
    done
    moved=
}

# On every exit: unless the night was published, undo what was moved; then the temporary
# folder goes - unless an undo failed and it holds the only copy of a replaced history file.
# The exit code stays the one given to exit.
# shellcheck disable=SC2317  # the EXIT trap
clean_up() {
    [ "$published" = yes ] || undo_moves
    [ -z "$stage" ] || [ "$undo_failed" = yes ] || rm -rf "$stage"
}

# remove_stale_stages: a temporary folder left by a run that was killed (-9, a power cut) is
# nobody's once we hold the lock. One that still holds replaced history files (killed while
# publishing) is the only copy of them: kept, and reported every night until someone looks.
remove_stale_stages() {
    for old in "$dir"/.nightly.*; do
        [ -d "$old" ] || continue
        if [ -n "$(ls -A "$old/replaced" 2>/dev/null)" ]; then
            echo "nightly: warning: '$old/replaced' holds history files of an interrupted run: check them and remove the folder" >&2
        else
            rm -rf "$old"
        fi
    done
}

# A signal stops the night like any failure (the EXIT trap cleans up), with 128 + its number.
catch_signals() {
    trap 'fail 129 "stopped by SIGHUP: nothing published"' HUP
    trap 'fail 130 "stopped by SIGINT: nothing published"' INT
    trap 'fail 143 "stopped by SIGTERM: nothing published"' TERM
}

[ $# -eq 3 ] || fail 2 "usage: nightly.sh EXPORT RULES DIR"
export_file=$1
rules=$2
dir=$3
is_date "$today" || fail 2 "TODAY='$today': expected a calendar date YYYY-MM-DD, like 2026-11-24"
case $keep_days in
    ''|*[!0-9]*) fail 2 "KEEP_DAYS='$keep_days': expected a number of days" ;;
esac
command -v "$kamscore" >/dev/null 2>&1 || fail 4 "cannot run '$kamscore' (set KAMSCORE to the binary)"
[ -r "$export_file" ] || fail 4 "cannot read the export '$export_file'"
mkdir -p "$dir/history" || fail 4 "cannot create '$dir/history'"

# One run at a time (with flock(1) of util-linux; without it, no lock): a second one (a slow
# night, a manual rerun) stops here with 75, "try again later". The open is tried in a subshell first: a failed redirection of exec would end
# the script without our message. Appending leaves an existing lock file untouched.
( : >>"$dir/.lock" ) 2>/dev/null || fail 4 "cannot create '$dir/.lock'"
exec 9>>"$dir/.lock"
if command -v flock >/dev/null 2>&1; then
    flock -n 9 || fail 75 "another nightly run is still busy in '$dir': try again later"
    remove_stale_stages
fi

trap clean_up EXIT
catch_signals
stage=$(mktemp -d "$dir/.nightly.XXXXXX") || fail 4 "cannot create a temporary folder in '$dir': nothing published"
mkdir "$stage/replaced" || fail 4 "cannot write into '$stage' (disk full?): nothing published"

# 1. The rules' own tests, as of TODAY too: a rule change that breaks them is never published.
test_output=$("$kamscore" test "$rules" --today "$today" 2>&1)
status=$?
if [ $status -ne 0 ]; then
    printf '%s\n' "$test_output" | grep -v '^[0-9]* passed, ' >&2
    fail $status "the tests of '$rules' do not pass (kamscore test exit $status): nothing published"
fi

# 2. Score into the temporary folder, as of TODAY.
previous=$(newest_previous)
set -- score -r "$rules" "$export_file" --today "$today" -q -o "$stage/$today.csv"
[ -z "$previous" ] || set -- "$@" --previous "$previous"
"$kamscore" "$@"
status=$?
[ $status -eq 0 ] || fail $status "scoring '$export_file' failed (kamscore score exit $status): nothing published"

# 3. Who moved since the previous night.
counts=
if [ -n "$previous" ]; then
    counts=$("$kamscore" diff -r "$rules" "$previous" "$stage/$today.csv" -o "$stage/$today-changes.csv" 2>&1)
    status=$?
    if [ $status -ne 0 ]; then
        printf '%s\n' "$counts" >&2
        fail $status "comparing with '$previous' failed: nothing published"
    fi
fi

# 4. The copy that becomes current.csv is made now, while a full disk can still stop the
#    night before anything was moved.
cp "$stage/$today.csv" "$stage/current.csv" ||
    fail 4 "cannot write into '$dir' (disk full?): nothing published"

# 5. Publish: history first, current.csv last (see the header); undone on any failure. These
#    few renames are not interrupted: a signal between the last one and 'published=yes' would
#    undo the history of a night already published.
trap '' HUP INT TERM
if put_in_history "$today-changes.csv" && put_in_history "$today.csv" &&
    mv -f "$stage/current.csv" "$dir/current.csv"; then
    published=yes
fi
catch_signals
[ "$published" = yes ] ||
    fail 4 "cannot move tonight's files into '$dir': nothing published, the old current.csv stays"

# 6. Keep KEEP_DAYS days of history. Needs GNU date; without it the history is kept.
oldest=$(date -d "$today - $keep_days days" +%F 2>/dev/null) || oldest=
if [ -n "$oldest" ]; then
    for file in "$dir"/history/????-??-??.csv "$dir"/history/????-??-??-changes.csv; do
        [ -f "$file" ] || continue
        night=$(basename "$file" .csv)
        night=${night%-changes}
        [ "$(as_number "$night")" -lt "$(as_number "$oldest")" ] && rm -f "$file"
    done
fi

# Quiet unless something moved.
if [ -n "$previous" ] && ! printf '%s\n' "$counts" | grep -q ': 0 up, 0 down, 0 appeared, 0 disappeared'; then
    counts=$(printf '%s\n' "$counts" | sed 's/^kamscore: //')
    echo "nightly: $today: $counts (see $dir/history/$today-changes.csv)"
fi
exit 0
