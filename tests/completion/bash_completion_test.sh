#!/usr/bin/env bash
# The bash completion: sourced, it registers for kamscore; scripted requests (COMP_WORDS and
# COMP_CWORD, as bash sets them on TAB) get subcommands, options, values and rule files.
# usage: bash_completion_test.sh KAMSCORE REPOSITORY     (ctest runs it as completion/bash)
set -u
kamscore=$1
repo=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin"
ln -s "$kamscore" "$scratch/bin/kamscore"
PATH=$scratch/bin:$PATH

# shellcheck source=../../completions/kamscore.bash
source "$repo/completions/kamscore.bash"
failed=0

registered=$(complete -p kamscore 2>&1)
if [[ $registered != "complete -F _kamscore kamscore" ]]; then
    echo "complete -p kamscore: expected 'complete -F _kamscore kamscore', got '$registered'"
    failed=1
fi

mkdir "$scratch/work"
cd "$scratch/work"
touch rules.yaml old.yml export.csv notes.txt results.jsonl
mkdir rules.d

# expect "what bash would complete, sorted, space-separated" WORD... (the last is the one completed)
expect() {
    local expected=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _kamscore
    local actual
    actual=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')
    if [[ $actual != "$expected" ]]; then
        echo "completing '$*': expected '$expected', got '$actual'"
        failed=1
    fi
}

# Subcommands come from `kamscore --help`: every one of this issue's, whatever others exist.
expect_all() {
    local word
    COMP_WORDS=(kamscore "")
    COMP_CWORD=1
    COMPREPLY=()
    _kamscore
    for word in "$@"; do
        if ! printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$word"; then
            echo "completing 'kamscore ': '$word' missing from '${COMPREPLY[*]}'"
            failed=1
        fi
    done
}
expect_all score check test diff init schema --help --version
expect "schema score" kamscore sc
expect "score" kamscore sco
expect "schema" kamscore sch
expect "" kamscore schema ""
expect "--help --output" kamscore schema --
expect "old.yml rules.d rules.yaml" kamscore score -r ""
expect "old.yml rules.d rules.yaml" kamscore score export.csv --rules ""
expect "rules.yaml" kamscore score -r rules.y
expect "export.csv notes.txt rules.d" kamscore score -r rules.yaml ""
expect "--format" kamscore score --form
expect "--previous --previous-columns" kamscore score --prev
expect "--max-disappeared --max-new --max-record-size" kamscore score --max
expect "json jsonl" kamscore score -f j
expect "input score tier" kamscore score --sort ""
expect "always auto never" kamscore diff --color ""
expect "" kamscore score --set ""
expect "" kamscore score --where ""
expect "old.yml rules.d rules.yaml" kamscore check ""
expect "old.yml rules.d rules.yaml" kamscore test rules.yaml ""
expect "--against" kamscore check --ag
expect "export.csv results.jsonl rules.d" kamscore diff ""
expect "--all" kamscore diff --a

[[ $failed == 0 ]] && echo "bash completion: ok"
exit $failed
