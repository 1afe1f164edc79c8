#!/usr/bin/env bash
# Installs the real peers that the generator and the integration tests talk to (QEMU 7.2 for x86 and aarch64, libvirt 9.0.0,
# Xen 4.17 libxenlight + xen-cpuid, cpuid, gcc, binutils, Linux headers, Ansible, Nova's python3 packages). Idempotent: installs only what is missing.
# Needs root (or sudo) on Debian 12; prints what it does on stderr, nothing on stdout.
# `install-peers.sh --fuzz` installs only the coverage-guided fuzzing engine (install_fuzz_peers): the fuzz scripts
# (fuzz/sharpfuzz.sh) run it, the test command does not.
set -euo pipefail

packages=(
  qemu-system-x86          # QEMU 7.2: model expansion over QMP, probe guests
  qemu-system-arm          # QEMU 7.2 qemu-system-aarch64: the aarch64 probe guest and the aarch64 -cpu artifacts (-M virt, TCG)
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
  python3-nova             # Nova's [libvirt] options and its libvirt guest CPU config code (docs/nova.md peer test)
  python3-os-traits        # os-traits' HW_CPU_X86_* names
  python3-oslo.config      # loads the emitted nova.conf section with Nova's option definitions
  python3-libvirt          # libvirt's own model list and baselineCPU (test:///default) behind Nova's driver in that test
  neovim                   # Neovim 0.7.2: a real LSP client driving `cpupolicy lsp` (tests/editors/nvim/)
)

fuzz_packages=(
  afl++                    # AFL++ 4.04c: the engine SharpFuzz feeds (fuzz/Cpupolicy.Fuzz.Sharp); not used by the tests
)

# Installs whichever of the named Debian packages are missing.
install_missing() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done

  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi

  echo "install-peers: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_fuzz_peers() {
  install_missing "${fuzz_packages[@]}"
}

if [ "${1:-}" = "--fuzz" ]; then
  install_fuzz_peers
else
  install_missing "${packages[@]}"
  # node and npm package the VS Code extension (editors/vscode/, `vsce package`); a machine that already has a node
  # with npm (e.g. NodeSource's, which conflicts with Debian's npm) keeps it.
  if ! command -v npm >/dev/null 2>&1; then
    install_missing nodejs npm
  fi
fi
