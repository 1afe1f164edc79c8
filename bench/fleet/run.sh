#!/usr/bin/env bash
# Fleet analyses at scale, in one command:
#   bench/fleet/run.sh [--hosts N] [--vms N] [--runs N] [--naive-sample N]
# Builds the bench in Release (a Debug build's numbers mean nothing), then times a 1,000-host baseline against
# `virsh -c test:///default cpu-baseline` on the same CPUs (in process, and as a whole process of the shipped native
# `cpupolicy baseline`), and a 10,000 VM x 1,000 host migration matrix against naive per-pair set checks. Needs virsh;
# the real CPUs the fleet is drawn from are in data/libvirt-9.0.0/. CPUPOLICY_NATIVE_DIR: bench/native.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v virsh >/dev/null || { echo "virsh (libvirt-clients) is needed: scripts/install-peers.sh installs it" >&2; exit 1; }
source "$here/../native.sh"
trap native_cleanup EXIT
native_binaries
dotnet build "$here/Cpupolicy.Bench.Fleet.csproj" -c Release -v quiet -nologo >&2
dotnet "$here/bin/Release/net10.0/cpupolicy-bench-fleet.dll" "$@"
