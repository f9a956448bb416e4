#!/usr/bin/env bash
# Builds the Debian package with cpack, installs it into this machine with dpkg, checks what a
# user gets (kamscore --version, man kamscore, the shell completions, the example rules and
# nightly job), then removes the package again. A clean container is the better place; this is
# the next best. Run on demand (never part of `make test`): it needs root or sudo and changes
# the system's package database for a moment.
#
# usage: tests/packaging/deb_roundtrip.sh [BUILD_DIR]
#   BUILD_DIR  a Release build folder to reuse (configured from this checkout); default: a fresh
#              one in a temporary folder
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
sudo=
[[ $(id -u) == 0 ]] || sudo=sudo
step() { printf '\n== %s\n' "$*"; }
fail() { echo "deb_roundtrip: error: $*" >&2; exit 1; }

command -v dpkg-shlibdeps >/dev/null || fail "dpkg-shlibdeps is missing: apt-get install dpkg-dev"
if dpkg-query -W -f='${Status}' kamscore 2>/dev/null | grep -q 'ok installed'; then
    fail "a kamscore package is installed already; remove it first (dpkg -r kamscore)"
fi

build=${1:-}
if [[ -z $build ]]; then
    build=$(mktemp -d)
    trap 'rm -rf "$build"' EXIT
fi
step "build in $build"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
rm -f "$build"/kamscore_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/kamscore_*.deb)

step "the package: $(basename "$deb")"
dpkg-deb --field "$deb" Package Version Architecture Depends Section
dpkg-deb --contents "$deb" | awk '{print $6}' | grep -v '/$'

remove() { $sudo dpkg -r kamscore >/dev/null 2>&1 || true; }
trap 'remove; if [[ -z ${1:-} ]]; then rm -rf "$build"; fi' EXIT
step "install"
$sudo dpkg -i "$deb"

step "kamscore --version"
/usr/bin/kamscore --version | tee /dev/stderr | grep -q '^kamscore [0-9]' || fail "kamscore --version"

step "man kamscore"
MANPAGER=cat MANWIDTH=80 man kamscore 2>/dev/null | head -8 | tee /dev/stderr | grep -q 'decide which customers' ||
    fail "man kamscore does not show the manual"

step "completions"
[[ -f /usr/share/bash-completion/completions/kamscore ]] || fail "no bash completion"
[[ -f /usr/share/zsh/site-functions/_kamscore ]] || fail "no zsh completion"
bash -c 'source /usr/share/bash-completion/completions/kamscore && complete -p kamscore' ||
    fail "the bash completion does not register"

step "the examples"
examples=/usr/share/doc/kamscore/examples
/usr/bin/kamscore test "$examples/rules/kam-funnel.yaml"
/usr/bin/kamscore score -r "$examples/rules/kam-funnel.yaml" "$examples/crm-export.csv" --sort score --top 3 -f csv
[[ -x $examples/nightly.sh ]] || fail "nightly.sh is not installed as a program"

step "remove"
$sudo dpkg -r kamscore
[[ ! -e /usr/bin/kamscore ]] || fail "/usr/bin/kamscore is still there after dpkg -r"
echo
echo "deb round trip: ok"
