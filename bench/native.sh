# Sourced by the bench scripts (bash). Helpers for timing the shipped NativeAOT binaries.
#
# native_binaries: makes CPUPOLICY_NATIVE_DIR name a folder holding scripts/publish.sh's `cpupolicy` and
# `cpupolicy-hook`. bench/run.sh publishes once and exports it; a scenario run on its own publishes into a temporary
# folder (removed by native_cleanup).
native_binaries() {
  if [ -z "${CPUPOLICY_NATIVE_DIR:-}" ]; then
    bench_native_tmp=$(mktemp -d /tmp/cpupolicy-bench-native.XXXXXX)
    "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/publish.sh" "$bench_native_tmp" >/dev/null
    CPUPOLICY_NATIVE_DIR="$bench_native_tmp"
  fi
  export CPUPOLICY_NATIVE_DIR
}

native_cleanup() { [ -z "${bench_native_tmp:-}" ] || rm -rf "$bench_native_tmp"; }

# median_wall RUNS CMD...: runs CMD (output discarded) RUNS times after one warm-up; prints the median wall time in
# seconds, measured with $EPOCHREALTIME (microseconds). Fails when CMD fails.
median_wall() {
  local runs="$1" t0 t1 i
  shift
  "$@" >/dev/null 2>&1 || { echo "median_wall: $* failed" >&2; return 1; }
  for ((i = 0; i < runs; i++)); do
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
  done | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
