#!/usr/bin/env bash
# How long one probe boot takes, against QEMU booting the same image by hand:
#   bench/probe/run.sh [--runs N] [--cpu CPU]        (defaults: 10 runs, -cpu Haswell-v4)
# Per run: `cpupolicy probe --qemu-cpu CPU --json` (its elapsed_ms is QEMU's start to exit; the wall time adds the
# .NET start, the image build and the parsing), then the bare `qemu-system-x86_64 ... -kernel probe.elf` with the
# same arguments (the peer). The budget is 2 s per boot; the script prints min/median/max and ends with a RESULT line
# (bench/run.sh's convention): time = median probe boot, peer = median bare QEMU boot.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=10
cpu="Haswell-v4"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--cpu CPU]" >&2; exit 2 ;;
  esac
done

command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 is needed: scripts/install-peers.sh installs it" >&2; exit 1; }
if [[ -z "${CPUPOLICY_CLI:-}" ]]; then
  dotnet build "$root/compiler/Cpupolicy.Cli" -c Release -v quiet -nologo >&2
  CPUPOLICY_CLI="$root/compiler/Cpupolicy.Cli/bin/Release/net10.0/cpupolicy.dll"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet "$CPUPOLICY_CLI" probe --write-image "$work/probe.elf"

now() { date +%s.%N; }
boot=(); wall=(); bare=()
accel=""
for ((i = 1; i <= runs; i++)); do
  start=$(now)
  dotnet "$CPUPOLICY_CLI" probe --qemu-cpu "$cpu" --json > "$work/probe.json"
  wall+=("$(echo "$(now) - $start" | bc -l)")
  boot+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["elapsed_ms"] / 1000)' "$work/probe.json")")
  accel="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["accelerator"])' "$work/probe.json")"

  start=$(now)
  status=0
  qemu-system-x86_64 -machine pc -accel "$accel" -nographic -nodefaults -serial stdio -no-reboot -m 32 -cpu "$cpu" \
    -kernel "$work/probe.elf" -device isa-debug-exit,iobase=0xf4,iosize=0x04 < /dev/null > "$work/serial.txt" 2> /dev/null || status=$?
  bare+=("$(echo "$(now) - $start" | bc -l)")
  [[ $status -eq 33 ]] || { echo "bare QEMU run $i exited $status, not 33 (isa-debug-exit)" >&2; exit 1; }
done

stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f", v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR] }'; }
read -r bmin bmed bmax <<< "$(stats "${boot[@]}")"
read -r wmin wmed wmax <<< "$(stats "${wall[@]}")"
read -r qmin qmed qmax <<< "$(stats "${bare[@]}")"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n1), load $(cut -d' ' -f1-3 /proc/loadavg); $(qemu-system-x86_64 --version | head -n1)"
echo "-cpu $cpu, accelerator $accel, $runs runs, image $(stat -c %s "$work/probe.elf") bytes"
printf '%-44s %8s %8s %8s\n' "seconds" "min" "median" "max"
printf '%-44s %8s %8s %8s\n' "probe boot (QEMU start to exit, elapsed_ms)" "$bmin" "$bmed" "$bmax"
printf '%-44s %8s %8s %8s\n' "cpupolicy probe, whole command" "$wmin" "$wmed" "$wmax"
printf '%-44s %8s %8s %8s\n' "bare qemu-system-x86_64 -kernel (peer)" "$qmin" "$qmed" "$qmax"
if (( $(echo "$bmax < 2" | bc -l) )); then
  echo "budget: every boot under 2 s"
else
  echo "budget: a boot took ${bmax} s, over the 2 s budget"
fi
echo "RESULT probe time_s=$bmed peer_s=$qmed ratio=$(echo "scale=2; $bmed / $qmed" | bc -l)"
