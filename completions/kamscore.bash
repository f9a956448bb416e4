# bash completion for kamscore                                       -*- shell-script -*-
#
# Installed as share/bash-completion/completions/kamscore (bash-completion loads it on the
# first TAB after "kamscore"), or: source completions/kamscore.bash
#
# Subcommands and their options are read from `kamscore --help` and `kamscore SUB --help`
# once per shell, so the completion always matches the kamscore on PATH. Values: rule files
# (*.yaml, *.yml) after -r/--rules and for check/test, the choices of -f, --sort, --color,
# --delimiter and --decimal, CSV files for score, result files for diff.

# The help text of kamscore ($1: a subcommand or nothing).
_kamscore_help() {
    local program=${_kamscore_program:-kamscore}
    command "$program" ${1:+"$1"} --help 2>/dev/null
}

# The subcommands, one per line.
_kamscore_subcommands() {
    if [[ -z ${_kamscore_cached_subcommands-} ]]; then
        _kamscore_cached_subcommands=$(_kamscore_help | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
        [[ -n $_kamscore_cached_subcommands ]] ||
            _kamscore_cached_subcommands=$'score\nexplain\nsummary\ncheck\ntest\ndiff\ninit\nschema'
    fi
    printf '%s\n' "$_kamscore_cached_subcommands"
}

# The options of a subcommand, one per line: "name takes-value(0|1)".
_kamscore_options() {
    local sub=$1 cache
    cache=_kamscore_cached_options_${sub//[^a-z]/_}
    if [[ -z ${!cache-} ]]; then
        printf -v "$cache" '%s' "$(_kamscore_help "$sub" | awk '
            /^  +-/ {
                takes = ($2 ~ /^[A-Z]+$/) ? 1 : 0
                n = split($1, names, ",")
                for (i = 1; i <= n; ++i) print names[i], takes
            }')"
    fi
    printf '%s\n' "${!cache}"
}

# Files ending in one of the extensions given (and directories, to walk into).
_kamscore_files() {
    local file extension
    local -a found
    compopt -o filenames 2>/dev/null
    mapfile -t found < <(compgen -f -- "$cur")
    for file in "${found[@]}"; do
        if [[ -d $file ]]; then
            COMPREPLY+=("$file")
            continue
        fi
        for extension in "$@"; do
            if [[ $file == *."$extension" ]]; then
                COMPREPLY+=("$file")
                break
            fi
        done
    done
}

_kamscore_words() {
    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

_kamscore() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev= sub= i
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    _kamscore_program=${COMP_WORDS[0]}
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; ++i)); do
        if [[ ${COMP_WORDS[i]} != -* ]]; then
            sub=${COMP_WORDS[i]}
            break
        fi
    done
    if [[ -z $sub ]]; then
        _kamscore_words "$(_kamscore_subcommands) --help --version"
        return
    fi

    case $prev in
    -r | --rules) _kamscore_files yaml yml; return ;;
    -f | --format) _kamscore_words "table csv tsv json jsonl markdown xlsx"; return ;;
    --sort) _kamscore_words "input score tier"; return ;;
    --color) _kamscore_words "auto always never"; return ;;
    --delimiter) _kamscore_words ", ; tab | auto"; return ;;
    --decimal) _kamscore_words ". ,"; return ;;
    --previous | --against) _kamscore_files csv tsv json jsonl txt; return ;;
    --overrides) _kamscore_files csv yaml yml; return ;;
    -o | --output | --rejects | --unmatched) _kamscore_files csv tsv json jsonl md markdown xlsx txt; return ;;
    esac
    # Any other option that takes a value (--set, --where, --top, --today, --id, ...): no guess.
    local name takes
    while read -r name takes; do
        [[ $name == "$prev" && $takes == 1 ]] && return
    done < <(_kamscore_options "$sub")

    if [[ $cur == -* ]]; then
        _kamscore_words "$(_kamscore_options "$sub" | cut -d' ' -f1)"
        return
    fi
    case $sub in
    check | test) _kamscore_files yaml yml ;;
    schema) ;;   # takes no file
    diff) _kamscore_files csv tsv json jsonl ;;
    *) _kamscore_files csv tsv txt ;;
    esac
}

complete -F _kamscore kamscore
