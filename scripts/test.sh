#!/usr/bin/env bash
# Runs every test: installs the real peers the integration tests need (idempotent), builds the native binaries once
# (scripts/publish.sh, into a temporary folder), builds, runs the xunit suite (unit, property, golden, peer
# integration, the short fuzz mode, and tests/Cpupolicy.Tests/Native: the native binaries against the .NET build),
# and ends with the line `N passed, N failed`.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash scripts/install-peers.sh || { echo "install-peers failed" >&2; echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# A failed publish is not fatal here: the native tests then fail, each saying so, and the count shows it.
native="$results/native"
published=$(date +%s)
if ! bash scripts/publish.sh "$native" >/dev/null; then
  echo "test.sh: scripts/publish.sh failed (above); the native tests will fail" >&2
fi
echo "test.sh: native binaries built in $(( $(date +%s) - published )) s" >&2
export CPUPOLICY_NATIVE_DIR="$native"

dotnet test PolicyCompiler.sln -c Release --nologo \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

# Counts from the TRX summary (<Counters total= executed= passed= failed= .../>).
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  passed=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  failed=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  total=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*')
  executed=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' executed="[0-9]*"' | grep -o '[0-9]*')
  skipped=$(( ${total:-0} - ${executed:-0} ))
else
  passed=0
  failed=1
  skipped=0
fi
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  failed=1   # the build or the test host failed before any test could report
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
exit "$status"
