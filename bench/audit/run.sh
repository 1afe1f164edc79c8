#!/usr/bin/env bash
# Audit throughput against objdump -d on the same binaries, in one command:
#   bench/audit/run.sh [--runs N] [BINARY...]
# Builds the bench in Release (the numbers of a Debug build mean nothing) and prints one row per binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v objdump >/dev/null || { echo "objdump (binutils) is needed: scripts/install-peers.sh installs it" >&2; exit 1; }
dotnet build "$here/Cpupolicy.Bench.Audit.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/cpupolicy-bench-audit.dll" "$@"
