# Sourced by the hostile cases' cmd (as root/tests/cli/hostile/limits.sh).
# limit_memory KB: cap the address space of this shell and its children with `ulimit -v`.
# An AddressSanitizer build reserves terabytes of address space for its shadow memory and
# cannot start under such a cap, so there the cap is left out: the sanitizer run checks
# the messages and exit codes, the plain build checks the memory bound. (.ci/run skips
# the cases that only end because of the cap.)
limit_memory() {
  # gcc links libasan dynamically, clang statically: the symbol's name is in both binaries.
  if grep -q -a -m 1 __asan_init "$KAMSCORE" 2>/dev/null; then return 0; fi
  ulimit -v "$1"
}
