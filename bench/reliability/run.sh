#!/usr/bin/env bash
# Hook throughput under concurrency, with zero failures required: RUNS libvirt hook runs (the migrate rewrite of a
# domain XML, `cpupolicy-hook` as installers use it), CONCURRENCY at a time, while `cpupolicy compile --out` replaces
# the bundle they read again and again (alternating two policies that send the VM to different profiles). Each run's
# output must be byte for byte what one of the two bundles gives, and its exit code 0 (on-error is refuse, so a torn
# or missing bundle would fail the run). Prints runs per second and a RESULT line.
#
#   bench/reliability/run.sh [RUNS] [CONCURRENCY]      (default 320 runs, 32 at a time)
#
# Uses the Release builds in the source tree (hooks/Cpupolicy.Hook and compiler/Cpupolicy.Cli; builds them when
# missing). Its folder is a temp folder of mode 0755 (the hook trusts only bundles no one but root can change).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-320}"
concurrency="${2:-32}"
hook=hooks/Cpupolicy.Hook/bin/Release/net10.0/cpupolicy-hook.dll
cli="${CPUPOLICY_CLI:-compiler/Cpupolicy.Cli/bin/Release/net10.0/cpupolicy.dll}"
[ -f "$hook" ] || dotnet build hooks/Cpupolicy.Hook -c Release -v quiet -nologo >&2
[ -f "$cli" ] || dotnet build compiler/Cpupolicy.Cli -c Release -v quiet -nologo >&2
hook=$PWD/$hook
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")

work="$(mktemp -d /tmp/cpupolicy-bench-reliability.XXXXXX)"
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT
cat > "$work/old.cpupolicy" <<'POLICY'
profile safe = model(Nehalem)
profile small = model(qemu64)
vm "web-*" uses safe
POLICY
sed 's/uses safe/uses small/' "$work/old.cpupolicy" > "$work/new.cpupolicy"
cat > "$work/domain.xml" <<'XML'
<domain type='qemu'>
  <name>web-01</name>
  <memory unit='MiB'>32</memory>
  <cpu mode='host-passthrough'/>
  <devices/>
</domain>
XML
compile() { dotnet "$cli" compile "$1" --out "$2" > /dev/null; }
compile "$work/new.cpupolicy" "$work/new-out"
compile "$work/old.cpupolicy" "$work/live"
export CPUPOLICY_SYSLOG_SOCKET=none CPUPOLICY_ON_ERROR=refuse
hook_run() { CPUPOLICY_BUNDLE="$1" dotnet "$hook" hook libvirt -- web-01 migrate begin - < "$work/domain.xml"; }
hook_run "$work/live/bundle.json" > "$work/expected-old" 2> /dev/null
hook_run "$work/new-out/bundle.json" > "$work/expected-new" 2> /dev/null
cmp -s "$work/expected-old" "$work/expected-new" && { echo "the two bundles give the same output" >&2; exit 1; }

# One run: exit code and which bundle's output it printed (old, new, or other).
cat > "$work/one.sh" <<SH
#!/usr/bin/env bash
out=\$(mktemp "$work/run.XXXXXX")
CPUPOLICY_BUNDLE="$work/live/bundle.json" dotnet "$hook" hook libvirt -- web-01 migrate begin - < "$work/domain.xml" > "\$out" 2> "\$out.err"
rc=\$?
if cmp -s "\$out" "$work/expected-old"; then which=old; elif cmp -s "\$out" "$work/expected-new"; then which=new; else which=other; fi
echo "\$rc \$which"
rm -f "\$out" "\$out.err"
SH
chmod +x "$work/one.sh"

touch "$work/swapping"
(
  i=0
  while [ -f "$work/swapping" ]; do
    if [ $((i % 2)) = 0 ]; then p=new; else p=old; fi
    compile "$work/$p.cpupolicy" "$work/live" && echo swap >> "$work/swaps"
    i=$((i + 1))
  done
) &
swapper=$!

start=$(date +%s.%N)
seq "$runs" | xargs -P "$concurrency" -I{} "$work/one.sh" > "$work/results"
end=$(date +%s.%N)
rm -f "$work/swapping"
wait "$swapper"

failures=$(awk '$1 != 0 || $2 == "other"' "$work/results" | wc -l)
old=$(awk '$2 == "old"' "$work/results" | wc -l)
new=$(awk '$2 == "new"' "$work/results" | wc -l)
swaps=$(wc -l < "$work/swaps" 2>/dev/null || echo 0)
secs=$(echo "$end - $start" | bc)
rate=$(echo "scale=1; $runs / $secs" | bc)
echo "$runs hook runs, $concurrency at a time, in ${secs} s: ${rate} runs/s; $swaps bundle replacements during the runs; $old runs read the old bundle, $new the new; $failures failures; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RESULT reliability runs=$runs concurrency=$concurrency time_s=$secs runs_per_s=$rate swaps=$swaps failures=$failures"
[ "$failures" = 0 ]
