#!/usr/bin/env zsh
# The zsh completion, end to end: an interactive zsh on a pseudo-terminal (zpty) loads
# completions/_kamscore with compinit and gets TAB pressed; its screen must show the completions.
# usage: zsh_completion_test.zsh KAMSCORE REPOSITORY   (ctest runs it as completion/zsh when zsh
# is installed)
emulate -L zsh
kamscore=$1 repo=$2
scratch=$(mktemp -d) || exit 1
trap 'zpty -d shell 2>/dev/null; rm -rf $scratch' EXIT
mkdir $scratch/bin $scratch/work
ln -s $kamscore $scratch/bin/kamscore
touch $scratch/work/{rules.yaml,export.csv,notes.txt}
failed=0

zmodload zsh/zpty || exit 77
zpty shell 'zsh -f -i'
zpty -w shell "PS1='%% '; fpath=($repo/completions \$fpath); autoload -U compinit; compinit -u -D; PATH=$scratch/bin:\$PATH; cd $scratch/work"

# type KEYS, then read the screen until PATTERN shows up (at most 10 s)
expect() {
  local keys=$1 pattern=$2 screen= chunk
  zpty -w -n shell $keys
  local deadline=$(( SECONDS + 10 ))
  while (( SECONDS < deadline )); do
    if zpty -r -t shell chunk; then
      screen+=$chunk
      [[ ${screen//$'\e'\[[0-9;?]#[a-zA-Z]/} == *${~pattern}* ]] && return 0
    else
      sleep 0.05
    fi
  done
  print -r -- "typing ${(q)keys}: expected ${(q)pattern} on the screen, got: ${(q)screen}"
  failed=1
}

expect $'kamscore sco\t' 'kamscore score'
expect $' --prev\t' '--previous'
expect $'\C-u'"kamscore sch"$'\t' 'kamscore schema'
expect $'\C-u'"kamscore score -f js"$'\t\t' 'jsonl'
expect $'\C-u'"kamscore score -r "$'\t' 'rules.yaml'
expect $'\C-u'"kamscore check "$'\t' 'kamscore check rules.yaml'
expect $'\C-u'"kamscore diff --col"$'\t' '--color'
(( failed )) || print "zsh completion: ok"
exit $failed
