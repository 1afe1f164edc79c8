#!/usr/bin/env bash
# Audit throughput against objdump -d on the same binaries, in one command:
#   bench/audit/run.sh [--runs N] [BINARY...]
# Builds the bench in Release (the numbers of a Debug build mean nothing) and prints one row per binary. Then, whole
# processes: the shipped native `cpupolicy audit` (scripts/publish.sh; CPUPOLICY_NATIVE_DIR, see bench/native.sh)
# against `objdump -d` on libcrypto.so.3, medians of AUDIT_NATIVE_RUNS (default 10) runs each, and a RESULT line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v objdump >/dev/null || { echo "objdump (binutils) is needed: scripts/install-peers.sh installs it" >&2; exit 1; }
dotnet build "$here/Cpupolicy.Bench.Audit.csproj" -c Release -v quiet -nologo >&2
dotnet "$here/bin/Release/net10.0/cpupolicy-bench-audit.dll" "$@"

source "$here/../native.sh"
trap native_cleanup EXIT
native_binaries
lib=/usr/lib/x86_64-linux-gnu/libcrypto.so.3
runs="${AUDIT_NATIVE_RUNS:-10}"
ours=$(median_wall "$runs" "$CPUPOLICY_NATIVE_DIR/cpupolicy" audit "$lib")
theirs=$(median_wall "$runs" objdump -d "$lib")
echo
echo "whole process on $lib, median wall of $runs runs: native cpupolicy audit ${ours} s, objdump -d ${theirs} s"
awk -v a="$ours" -v b="$theirs" \
  'BEGIN { printf "RESULT audit-native time_s=%.4f peer_s=%.4f ratio=%.4f (objdump %.1fx slower)\n", a, b, a / b, b / a }'
