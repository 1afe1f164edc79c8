#!/usr/bin/env bash
# Compile of a generated 10,000-VM policy (bench/compile/gen-policy.sh: 4 hosts, 5 profiles, 10,000 `vm` globs),
# against a peer that writes the same bytes the naive way.
#
#   bench/compile/run.sh [--vms N] [--runs R]       (CPUPOLICY_CLI: a built cpupolicy.dll; default: build Release)
#
# The peer: a bash loop that printf's the 10,000 VM rules into bundle.json around the profiles' part and copies the
# profiles' artifacts, i.e. what it costs to produce the identical output when you already know every answer (no
# parsing, no inventory decoding, no checking, no glob-shadow analysis, no .NET start-up). The script proves the peer's
# files are byte-identical to cpupolicy's (diff -r) before timing anything. The 1-VM compile of the same hosts and
# profiles is printed too: the difference between it and the 10,000-VM compile is the cost per VM rule.
# Times are medians of R runs, wall clock and CPU (user+sys, which a loaded machine distorts less).
# Then the shipped native binary (scripts/publish.sh; CPUPOLICY_NATIVE_DIR, see bench/native.sh) on the same 10,000-VM
# policy against the .NET (JIT) build above, after checking that it writes the same bytes.
# RESULT lines: compile (JIT build against the printf peer) and compile-native (native against the JIT build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
vms=10000
runs=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --vms) vms="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--vms N] [--runs R]" >&2; exit 2 ;;
  esac
done

cli="${CPUPOLICY_CLI:-}"
if [[ -z "$cli" ]]; then
  dotnet build "$root/compiler/Cpupolicy.Cli" -c Release -v quiet -nologo >&2
  cli="$root/compiler/Cpupolicy.Cli/bin/Release/net10.0/cpupolicy.dll"
fi

source "$here/../native.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"; native_cleanup' EXIT
native_binaries
mkdir -p "$work/big" "$work/one"
for d in big one; do cp -r "$root/policy/examples/hosts" "$work/$d/"; done
"$here/gen-policy.sh" "$vms" > "$work/big/policy.cpupolicy"
"$here/gen-policy.sh" 1 > "$work/one/policy.cpupolicy"

# The peer's inputs, prepared untimed: the artifacts and the bundle's head and tail from a 1-VM compile.
(cd "$work/one" && dotnet "$cli" compile policy.cpupolicy --out out >/dev/null 2>&1)
bundle="$work/one/out/bundle.json"
head_lines=$(grep -n '"vms": \[' "$bundle" | cut -d: -f1)
head -n "$head_lines" "$bundle" > "$work/peer-head.json"
tail -n +"$((head_lines + 5))" "$bundle" > "$work/peer-tail.json"
cat > "$work/peer.sh" <<'PEER'
#!/usr/bin/env bash
# The naive generator: every artifact copied, every VM rule printf'd.
set -euo pipefail
src="$1"; out="$2"; n="$3"; work="$4"
mkdir -p "$out"
for f in "$src"/*; do [[ "$(basename "$f")" == bundle.json ]] || cp "$f" "$out/"; done
profiles=(fleet-baseline intel-baseline haswell skylake amd)
{
  cat "$work/peer-head.json"
  for ((i = 0; i < n; i++)); do
    sep=","; (( i == n - 1 )) && sep=""
    printf '    {\n      "glob": "tenant%05d-*",\n      "profile": "%s"\n    }%s\n' "$i" "${profiles[i % 5]}" "$sep"
  done
  cat "$work/peer-tail.json"
} > "$out/bundle.json"
PEER
chmod +x "$work/peer.sh"

# Correctness first: cpupolicy's output and the peer's must be the same bytes.
(cd "$work/big" && dotnet "$cli" compile policy.cpupolicy --out out >/dev/null 2>&1)
"$work/peer.sh" "$work/one/out" "$work/peer-out" "$vms" "$work"
if ! diff -r "$work/big/out" "$work/peer-out" >/dev/null; then
  echo "the peer's output differs from cpupolicy's: the comparison would be meaningless" >&2
  diff -r "$work/big/out" "$work/peer-out" | head -20 >&2
  exit 1
fi

# median_of CMD...: runs CMD $runs times; prints "wall_median cpu_median" in seconds.
median_of() {
  local walls=() cpus=()
  for ((r = 0; r < runs; r++)); do
    local t
    t=$( { /usr/bin/env TIMEFORMAT='%R %U %S' bash -c "time ( $* >/dev/null 2>&1 )" ; } 2>&1 | tail -n1)
    read -r wall user sys <<< "$t"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc -l)")
  done
  local w c
  w=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  c=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$w $c"
}

read -r big_wall big_cpu <<< "$(median_of "cd '$work/big' && rm -rf out && dotnet '$cli' compile policy.cpupolicy --out out")"
read -r one_wall one_cpu <<< "$(median_of "cd '$work/one' && rm -rf out2 && dotnet '$cli' compile policy.cpupolicy --out out2")"
read -r peer_wall peer_cpu <<< "$(median_of "rm -rf '$work/peer-out' && '$work/peer.sh' '$work/one/out' '$work/peer-out' $vms '$work'")"

(cd "$work/big" && rm -rf out-native && "$CPUPOLICY_NATIVE_DIR/cpupolicy" compile policy.cpupolicy --out out-native >/dev/null 2>&1)
if ! diff -r "$work/big/out" "$work/big/out-native" >/dev/null; then
  echo "the native compile's output differs from the JIT build's" >&2
  exit 1
fi
read -r native_wall native_cpu <<< "$(median_of "cd '$work/big' && rm -rf out3 && '$CPUPOLICY_NATIVE_DIR/cpupolicy' compile policy.cpupolicy --out out3")"

ratio=$(echo "scale=1; $big_wall / $peer_wall" | bc -l)
cpu_ratio=$(echo "scale=1; $big_cpu / $peer_cpu" | bc -l)
per_vm_ms=$(echo "scale=3; ($big_cpu - $one_cpu) * 1000 / $vms" | bc -l)
printf '%-34s %10s %10s\n' "compile ($vms VMs, median of $runs)" "wall s" "cpu s"
printf '%-34s %10s %10s\n' "cpupolicy compile, $vms VMs" "$big_wall" "$big_cpu"
printf '%-34s %10s %10s\n' "cpupolicy compile, 1 VM" "$one_wall" "$one_cpu"
printf '%-34s %10s %10s\n' "peer: bash printf, same bytes" "$peer_wall" "$peer_cpu"
printf '%-34s %10s %10s\n' "native cpupolicy compile, $vms VMs" "$native_wall" "$native_cpu"
echo "ratio to peer: ${ratio}x wall, ${cpu_ratio}x cpu; marginal cost per VM rule: ${per_vm_ms} ms cpu"
echo "RESULT compile time_s=$big_wall peer_s=$peer_wall ratio=$ratio"
echo "RESULT compile-native time_s=$native_wall peer_s=$big_wall ratio=$(echo "scale=3; $native_wall / $big_wall" | bc -l) (peer: the JIT build; cpu $native_cpu s vs $big_cpu s)"
