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

# Ansible (the fleet collection in ansible/, docs/fleet.md): ansible-core and ansible-lint, pinned, in a private
# virtual environment REPO/.peers/venv (CPUPOLICY_PEERS_VENV to move it). When the Python package index cannot be
# reached (no network, or a mirror without them), Debian's packages (ansible-core 2.14, ansible-lint 6.13) are
# installed instead and the venv is left out; tests/Cpupolicy.Tests/Ansible looks in the venv first, then on PATH.
ANSIBLE_CORE_VERSION=2.18.6
ANSIBLE_LINT_VERSION=25.6.1
install_ansible() {
  local root venv
  root=$(cd "$(dirname "$0")/.." && pwd)
  venv="${CPUPOLICY_PEERS_VENV:-$root/.peers/venv}"
  if [ -x "$venv/bin/ansible-playbook" ] && [ -x "$venv/bin/ansible-lint" ] \
    && "$venv/bin/python" -m pip show ansible-core 2>/dev/null | grep -qx "Version: $ANSIBLE_CORE_VERSION" \
    && "$venv/bin/python" -m pip show ansible-lint 2>/dev/null | grep -qx "Version: $ANSIBLE_LINT_VERSION"; then
    return 0
  fi
  if [ ! -x "$venv/bin/ansible-playbook" ] && command -v ansible-playbook > /dev/null && command -v ansible-lint > /dev/null; then
    return 0 # installed earlier from Debian's packages (the index was unreachable then)
  fi
  if ! python3 -m venv --help > /dev/null 2>&1 || ! python3 -c 'import ensurepip' 2> /dev/null; then
    echo "install-peers: installing python3-venv" >&2
    $sudo apt-get install -y -qq --no-install-recommends python3-venv >&2
  fi
  echo "install-peers: ansible-core $ANSIBLE_CORE_VERSION and ansible-lint $ANSIBLE_LINT_VERSION into $venv" >&2
  rm -rf "$venv.new"
  if python3 -m venv "$venv.new" >&2 \
    && "$venv.new/bin/python" -m pip install -q --retries 1 --timeout 20 \
      "ansible-core==$ANSIBLE_CORE_VERSION" "ansible-lint==$ANSIBLE_LINT_VERSION" >&2; then
    rm -rf "$venv"
    mv "$venv.new" "$venv"
    return 0
  fi
  rm -rf "$venv.new"
  echo "install-peers: the Python package index is unreachable; installing Debian's ansible-core and ansible-lint" >&2
  $sudo apt-get install -y -qq --no-install-recommends ansible-core ansible-lint >&2
}
install_ansible
