#!/usr/bin/env bash
# Every benchmark scenario in one command: builds the CLI in Release once, then runs bench/<scenario>/run.sh for each
# scenario folder present (a missing or script-less one is skipped with a message) and prints, per scenario, its wall
# time and its ratio to its peer.
#
#   bench/run.sh [SCENARIO...]          (default: compile hook audit fleet probe, then any other bench/*/run.sh)
#
# Convention for scenario scripts: print what you like, and end with one line
#   RESULT <scenario> time_s=<seconds> peer_s=<seconds> ratio=<time/peer>
# (several RESULT lines are fine, one per case). A scenario without a RESULT line gets its wall time and the last
# lines of its own output, which then carry its comparison. Scenarios get CPUPOLICY_CLI (the Release cpupolicy.dll)
# and CPUPOLICY_NATIVE_DIR (scripts/publish.sh's NativeAOT binaries, bench/native.sh) in the environment so they need
# not build them again.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2 " GiB"}'), $(lscpu | sed -n 's/^Model name: *//p' | head -n1); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "== building the CLI (Release)"
if ! dotnet build "$root/compiler/Cpupolicy.Cli" -c Release -v quiet -nologo >&2; then
  echo "the Release build failed; no benchmark can run" >&2
  exit 1
fi
export CPUPOLICY_CLI="$root/compiler/Cpupolicy.Cli/bin/Release/net10.0/cpupolicy.dll"
echo "== publishing the native binaries (scripts/publish.sh)"
native="$(mktemp -d /tmp/cpupolicy-bench-native.XXXXXX)"
trap 'rm -rf "$native"' EXIT
if ! "$root/scripts/publish.sh" "$native" >/dev/null; then
  echo "scripts/publish.sh failed; no benchmark can run" >&2
  exit 1
fi
export CPUPOLICY_NATIVE_DIR="$native"

known=(compile hook audit fleet probe)
if [[ $# -gt 0 ]]; then
  scenarios=("$@")
else
  scenarios=("${known[@]}")
  for dir in "$here"/*/; do
    name="$(basename "$dir")"
    [[ " ${known[*]} " == *" $name "* ]] || scenarios+=("$name")
  done
fi

summary=()
status=0
for name in "${scenarios[@]}"; do
  script="$here/$name/run.sh"
  if [[ ! -x "$script" ]]; then
    echo "== $name: skipped (no bench/$name/run.sh yet)"
    summary+=("$(printf '%-10s %s' "$name" "skipped: not present")")
    continue
  fi

  echo "== $name"
  log="$(mktemp)"
  start=$(date +%s.%N)
  "$script" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  wall=$(echo "$(date +%s.%N) - $start" | bc -l)
  if [[ $code -ne 0 ]]; then
    status=1
    summary+=("$(printf '%-10s FAILED (exit %s) after %.1f s' "$name" "$code" "$wall")")
  elif grep -q '^RESULT ' "$log"; then
    while read -r _ scenario rest; do
      summary+=("$(printf '%-10s %s   (scenario wall %.1f s)' "$scenario" "$rest" "$wall")")
    done < <(grep '^RESULT ' "$log")
  else
    summary+=("$(printf '%-10s wall %.1f s; no RESULT line, its own summary: %s' "$name" "$wall" "$(tail -n 3 "$log" | tr '\n' ' ')")")
  fi

  rm -f "$log"
done

echo
echo "== summary (time = the scenario's own measurement; ratio = time / peer)"
printf '%s\n' "${summary[@]}"
exit $status
