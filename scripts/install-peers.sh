#!/usr/bin/env bash
# Installs the real peers that the generator and the integration tests talk to (QEMU 7.2, libvirt 9.0.0,
# Xen 4.17 libxenlight + xen-cpuid, cpuid, gcc, binutils, Linux headers, Ansible). Idempotent: installs only what is missing.
# Needs root (or sudo) on Debian 12; prints what it does on stderr, nothing on stdout.
set -euo pipefail

packages=(
  qemu-system-x86          # QEMU 7.2: model expansion over QMP, probe guests
  libvirt-clients          # virsh
  libvirt-daemon           # libvirtd (private unprivileged session daemon in tests)
  libvirt-daemon-driver-qemu
  xen-utils-4.17           # /usr/lib/xen-4.17/bin/xen-cpuid
  libxen-dev               # libxenlight + headers, for the libxl oracle
  libyajl-dev              # libxl_json.h needs yajl
  cpuid                    # cpuid -r dumps
  gcc                      # builds the libxl oracle and the audit test programs
  binutils                 # objdump, readelf
  linux-headers-amd64      # arch/x86/include/asm/cpufeatures.h: Linux /proc/cpuinfo names
  chromium                 # headless screenshot of the HTML report
  ansible-core             # the fleet collection in ansible/ (docs/fleet.md); Debian's, as the Python index is not reachable here
  ansible-lint
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-peers: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
