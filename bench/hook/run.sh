#!/usr/bin/env bash
# Times the libvirt hook on a 10 KB domain XML against a bash hook that only reads stdin, for each way of running
# the same code: the CLI dll under `dotnet` (JIT), the CLI published ReadyToRun, the hook-only entry
# (hooks/Cpupolicy.Hook, no System.CommandLine) under JIT and ReadyToRun, that entry published self-contained and
# trimmed (with and without ReadyToRun), and the shipped NativeAOT binaries of scripts/publish.sh: `cpupolicy-hook`
# (native, what the installers run) and the CLI (cli-native). Prints a Markdown table of medians (wall, user+sys CPU)
# and each variant's ratio to the bash hook; then the same for the native hook on an aarch64 domain and the Kunpeng
# example's bundle (the fragment gate and merge).
#
#   bench/hook/run.sh [ITERATIONS]      (default 20; two warm-up runs each are not counted)
#
# Builds go to a temp folder (never the source tree's bin/obj). CPUPOLICY_NATIVE_DIR: a folder scripts/publish.sh
# filled (bench/run.sh publishes once for every scenario); without it this script publishes into its temp folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-20}"
OUT="$(mktemp -d /tmp/cpupolicy-bench-hook.XXXXXX)"
# Keep the builds and logs when something fails, for a look at build.log and aot.log.
trap 'rc=$?; if [ "$rc" = 0 ]; then rm -rf "$OUT"; else echo "kept $OUT (exit $rc)" >&2; fi' EXIT
LOG="$OUT/build.log"
note() { printf '%s\n' "$*" >&2; }

note "building into $OUT (log: build.log there)"
dotnet build -c Release compiler/Cpupolicy.Cli -o "$OUT/plain" >>"$LOG" 2>&1
dotnet publish compiler/Cpupolicy.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/r2r" >>"$LOG" 2>&1
dotnet build -c Release hooks/Cpupolicy.Hook -o "$OUT/entry" >>"$LOG" 2>&1
dotnet publish hooks/Cpupolicy.Hook -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/entry-r2r" >>"$LOG" 2>&1
dotnet publish hooks/Cpupolicy.Hook -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=true -o "$OUT/entry-trim" >>"$LOG" 2>&1
dotnet publish hooks/Cpupolicy.Hook -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=true -p:PublishReadyToRun=true -o "$OUT/entry-trim-r2r" >>"$LOG" 2>&1
native="${CPUPOLICY_NATIVE_DIR:-$OUT/native}"
if [ -z "${CPUPOLICY_NATIVE_DIR:-}" ]; then
  scripts/publish.sh "$native" >/dev/null 2>"$OUT/aot.log" || { cat "$OUT/aot.log" >&2; note "scripts/publish.sh failed"; exit 1; }
fi
aot_note="NativeAOT: scripts/publish.sh's binaries (no trim/AOT warning), cpupolicy-hook $(stat -c %s "$native/cpupolicy-hook") bytes, cpupolicy $(stat -c %s "$native/cpupolicy") bytes"
note "$aot_note"

# The bundle: one profile that QEMU's TCG can run, one glob.
cat > "$OUT/bench.cpupolicy" <<'EOF'
profile small = model(qemu64)
vm "bench-*" uses small
EOF
dotnet "$OUT/plain/cpupolicy.dll" compile "$OUT/bench.cpupolicy" --out "$OUT/policy" --target libvirt >/dev/null
export CPUPOLICY_BUNDLE="$OUT/policy/bundle.json" CPUPOLICY_SYSLOG_SOCKET=none

# A 10 KB domain: the profile's <cpu> among the devices a real guest has.
cpu="$(sed -n '/<cpu/,/<\/cpu>/p' "$OUT/policy/small.libvirt.xml" | sed 's/^/  /')"
{
  printf "<domain type='kvm'>\n  <name>bench-01</name>\n  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n"
  printf "  <memory unit='KiB'>4194304</memory>\n  <vcpu placement='static'>4</vcpu>\n"
  printf "  <os>\n    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n"
  printf "  <features>\n    <acpi/>\n    <apic/>\n  </features>\n%s\n  <devices>\n" "$cpu"
  i=0
  while :; do
    printf "    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2' cache='none'/>\n"
    printf "      <source file='/var/lib/libvirt/images/bench-01-disk%d.qcow2'/>\n      <target dev='vd%s' bus='virtio'/>\n" "$i" "$(echo {a..z} | cut -d' ' -f$((i % 26 + 1)))"
    printf "      <address type='pci' domain='0x0000' bus='0x%02x' slot='0x00' function='0x0'/>\n    </disk>\n" "$((i + 4))"
    printf "    <interface type='bridge'>\n      <mac address='52:54:00:12:34:%02x'/>\n      <source bridge='br0'/>\n      <model type='virtio'/>\n    </interface>\n" "$i"
    i=$((i + 1))
    [ "$i" -ge 21 ] && break
  done
  printf "    <serial type='pty'>\n      <target port='0'/>\n    </serial>\n    <memballoon model='virtio'/>\n  </devices>\n</domain>\n"
} > "$OUT/domain.xml"
sed 's#</cpu>#  <feature policy="disable" name="sse2" />\n  </cpu>#' "$OUT/domain.xml" > "$OUT/breaks.xml"
size=$(wc -c < "$OUT/domain.xml")

printf '#!/bin/bash\ncat > /dev/null\n' > "$OUT/bash-hook"
chmod +x "$OUT/bash-hook"

declare -A cmd=(
  [bash]="$OUT/bash-hook"
  [cli-jit]="dotnet $OUT/plain/cpupolicy.dll hook libvirt --"
  [cli-r2r]="dotnet $OUT/r2r/cpupolicy.dll hook libvirt --"
  [entry-jit]="dotnet $OUT/entry/cpupolicy-hook.dll hook libvirt --"
  [entry-r2r]="dotnet $OUT/entry-r2r/cpupolicy-hook.dll hook libvirt --"
  [entry-trim]="$OUT/entry-trim/cpupolicy-hook hook libvirt --"
  [entry-trim-r2r]="$OUT/entry-trim-r2r/cpupolicy-hook hook libvirt --"
  [cli-native]="$native/cpupolicy hook libvirt --"
  [native]="$native/cpupolicy-hook hook libvirt --"
)
variants=(bash cli-jit cli-r2r entry-jit entry-r2r entry-trim entry-trim-r2r cli-native native)

# median FILE COLUMN: the middle value of one column of "wall user sys" lines.
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# time_one VARIANT OPERATION INPUT EXPECTED-EXIT: N timed runs after two warm-ups; "wall cpu" medians in ms. Wall
# time comes from $EPOCHREALTIME (microseconds: the native hook and the bash hook take a few ms, below `time`'s 1 ms
# resolution), CPU time from `time` (user + sys).
time_one() {
  local variant="$1" op="$2" input="$3" expected="$4" samples="$OUT/samples" rc t0 t1 cpu
  : > "$samples"
  for _ in $(seq $((N + 2))); do
    local TIMEFORMAT='%U %S'
    rc=0
    t0=$EPOCHREALTIME
    { time ${cmd[$variant]} bench-01 "$op" begin - < "$input" > "$OUT/stdout" 2>"$OUT/stderr"; } 2> "$OUT/cpu" || rc=$?
    t1=$EPOCHREALTIME
    cpu=$(tail -n 1 "$OUT/cpu")
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }') $cpu" >> "$samples.raw"
    if [ "$variant" != bash ] && [ "$rc" != "$expected" ]; then
      note "$variant $op: exit $rc, expected $expected: $(cat "$OUT/stderr")"
      exit 1
    fi
  done
  tail -n "$N" "$samples.raw" > "$samples"
  rm -f "$samples.raw"
  awk '{ printf "%.2f %.1f\n", $1 * 1000, ($2 + $3) * 1000 }' "$samples" > "$samples.ms"
  echo "$(median "$samples.ms" 1) $(median "$samples.ms" 2)"
}

# rows PREFIX "OP INPUT EXIT;..." VARIANT...: one table row per variant, each scenario as wall | cpu | ratio to the bash
# hook's wall (bash must come first); base[PREFIXOP-INPUT] and walls[VARIANT/PREFIXOP-INPUT] keep the medians.
declare -A base walls
rows() {
  local prefix="$1" scenarios variant scenario row wall cpu key op input expected
  IFS=';' read -ra scenarios <<< "$2"
  shift 2
  for variant in "$@"; do
    row="| $variant"
    for scenario in "${scenarios[@]}"; do
      read -r op input expected <<< "$scenario"
      read -r wall cpu < <(time_one "$variant" "$op" "$OUT/$input" "$expected")
      key="$prefix$op-$input"
      [ "$variant" = bash ] && base[$key]="$wall"
      walls["$variant/$key"]="$wall"
      row="$row | $wall | $cpu | $(awk -v a="$wall" -v b="${base[$key]}" 'BEGIN { printf "%.1fx", a / b }')"
    done
    printf '%s |\n' "$row"
  done
}

# result NAME KEY [CRITERION]: the native hook's RESULT line for bench/run.sh, in seconds; with a criterion, the ratio
# it must not exceed is checked.
result() {
  awk -v s="$1" -v a="${walls["native/$2"]}" -v b="${base[$2]}" -v max="${3:-0}" \
    'BEGIN { printf "RESULT hook-native-%s time_s=%.4f peer_s=%.4f ratio=%.2f%s\n", s, a / 1000, b / 1000, a / b, (max == 0 || a / b <= max ? "" : " (over " max "x)") }'
}

printf '\nHook on a %d-byte domain XML; medians of %d runs (ms); ratio = median wall / bash hook median wall.\n\n' "$size" "$N"
printf '| variant | prepare, matches: wall | cpu | ratio | prepare, breaks: wall | cpu | ratio | migrate rewrite: wall | cpu | ratio |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
rows "" "prepare domain.xml 0;prepare breaks.xml 3;migrate domain.xml 0" "${variants[@]}"

# aarch64: the Kunpeng example's bundle, whose libvirt artifacts are domain fragments (<cpu>, <features><pmu>, 14 SYSREG
# -global arguments) that the hook judges and merges as a whole; the same 10 KB domain made an aarch64 one. Only the
# shipped native hook, against the same bash hook.
dotnet "$OUT/plain/cpupolicy.dll" compile policy/examples/kunpeng-generations.cpupolicy --out "$OUT/arm64" --target libvirt >/dev/null
sed -e "s#<domain type='kvm'>#<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>#" \
    -e "s#arch='x86_64' machine='pc-q35-7.2'#arch='aarch64' machine='virt-8.2'#" -e "s#<apic/>#<gic version='3'/>#" \
    -e '/<cpu/,/<\/cpu>/d' -e "s#  <devices>#  <cpu mode='host-passthrough' check='none'/>\n  <devices>#" \
    -e "s#</domain>#  <qemu:commandline>\n    <qemu:arg value='-set'/>\n    <qemu:arg value='device.net0.romfile='/>\n  </qemu:commandline>\n</domain>#" \
    "$OUT/domain.xml" > "$OUT/arm64-domain.xml"
export CPUPOLICY_BUNDLE="$OUT/arm64/bundle.json"
"$native/cpupolicy-hook" hook libvirt -- bench-01 migrate begin - < "$OUT/arm64-domain.xml" > "$OUT/arm64-merged.xml"
printf '\naarch64 (Kunpeng example bundle, %d-byte domain); medians of %d runs (ms); ratio = median wall / bash hook median wall.\n\n' "$(wc -c < "$OUT/arm64-domain.xml")" "$N"
printf '| variant | prepare, matches: wall | cpu | ratio | prepare, breaks (no SYSREG arguments): wall | cpu | ratio | migrate merge: wall | cpu | ratio |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
rows arm64- "prepare arm64-merged.xml 0;prepare arm64-domain.xml 3;migrate arm64-domain.xml 0" bash native
printf '\n%s\n' "$aot_note"
printf 'Published sizes: entry-r2r %s, entry-trim %s, entry-trim-r2r %s (the last two include the runtime)\n' \
  "$(du -sh "$OUT/entry-r2r" | cut -f1)" "$(du -sh "$OUT/entry-trim" | cut -f1)" "$(du -sh "$OUT/entry-trim-r2r" | cut -f1)"
printf 'Machine: %s vCPU, %s, load average %s; %s\n' "$(nproc)" "$(dotnet --version | sed 's/^/.NET SDK /')" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%Y-%m-%d)"
# For bench/run.sh's summary, in seconds: the JIT CLI on the common case, and the shipped native hook in all three
# scenarios (its criterion: at most 1.5x the bash hook in each).
awk -v a="${walls["cli-jit/prepare-domain.xml"]}" -v b="${base[prepare-domain.xml]}" \
  'BEGIN { printf "RESULT hook-cli-jit time_s=%.4f peer_s=%.4f ratio=%.2f\n", a / 1000, b / 1000, a / b }'
result matches prepare-domain.xml 1.5
result breaks prepare-breaks.xml 1.5
result migrate migrate-domain.xml 1.5
result arm64-matches arm64-prepare-arm64-merged.xml
result arm64-breaks arm64-prepare-arm64-domain.xml
result arm64-merge arm64-migrate-arm64-domain.xml
