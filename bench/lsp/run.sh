#!/usr/bin/env bash
# A keystroke in a 1,000-line policy through the language server (issue 20: under 50 ms): bench/lsp/run.sh [KEYSTROKES]
# The server runs in-process (no JSON-RPC framing: that is microseconds next to the compilation); see Program.cs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d /tmp/cpupolicy-bench-lsp.XXXXXX)"
trap 'rm -rf "$out"' EXIT
dotnet build "$here/Cpupolicy.Bench.Lsp.csproj" -c Release -v quiet -nologo -o "$out" >&2
dotnet "$out/cpupolicy-bench-lsp.dll" "$root/policy/examples/hosts" "${1:-200}"
