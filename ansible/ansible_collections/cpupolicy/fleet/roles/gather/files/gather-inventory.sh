#!/bin/sh
# Prints the best CPU inventory this hypervisor offers, for `cpupolicy host` (docs/inventory-formats.md), and on
# stderr one line `source: ...` naming it. Reads only: it runs query commands and changes nothing on the host.
#   gather-inventory.sh PLATFORM [ROOT]      PLATFORM: libvirt, xl or xapi; ROOT: a staging root (tests)
set -eu
platform="$1"
root="${2:-}"
have() { command -v "$1" > /dev/null 2>&1; }
say() { echo "source: $*" >&2; }

xapi_host_uuid() {
  sed -n "s/^INSTALLATION_UUID=['\"]\{0,1\}\([0-9a-fA-F-]*\)['\"]\{0,1\}$/\1/p" "$root/etc/xensource-inventory" 2> /dev/null | head -n 1
}

try_xe() {
  have xe || return 1
  uuid=$(xapi_host_uuid)
  [ -n "$uuid" ] || return 1
  out=$(xe host-param-get uuid="$uuid" param-name=cpu_info) || return 1
  say "xe host-param-get uuid=$uuid param-name=cpu_info"; printf '%s\n' "$out"
}
try_xen_cpuid() {
  for x in xen-cpuid /usr/lib/xen-4.17/bin/xen-cpuid /usr/lib/xen/bin/xen-cpuid; do
    if have "$x"; then
      out=$("$x") || return 1
      say "$x"; printf '%s\n' "$out"; return 0
    fi
  done
  return 1
}
try_cpuid() {
  have cpuid || return 1
  out=$(cpuid -r -1) || return 1
  say "cpuid -r -1"; printf '%s\n' "$out"
}
try_virsh() {
  have virsh || return 1
  out=$(virsh -r capabilities) || return 1
  say "virsh -r capabilities"; printf '%s\n' "$out"
}
try_cpuinfo() {
  [ -r "$root/proc/cpuinfo" ] || return 1
  say "$root/proc/cpuinfo"; cat "$root/proc/cpuinfo"
}

# aarch64 (its /proc/cpuinfo names a `CPU implementer`): there is no cpuid, and libvirt's capabilities state only a
# model and SVE there, so the hwcaps of /proc/cpuinfo are the better file (an ID-register dump of
# `cpupolicy probe --arch aarch64` on the host is better still, but needs a guest boot: docs/arm64.md).
is_aarch64() { grep -q '^CPU implementer' "$root/proc/cpuinfo" 2> /dev/null; }

case "$platform" in
  # In dom0, cpuid and /proc/cpuinfo see a PV-masked CPU: ask Xen for the guest featureset first.
  xapi) try_xe || try_xen_cpuid || try_cpuid ;;
  xl) try_xen_cpuid || try_cpuid ;;
  libvirt) if is_aarch64; then try_cpuinfo || try_virsh; else try_cpuid || try_virsh || try_cpuinfo; fi ;;
  *) echo "gather-inventory.sh: unknown platform \`$platform\`: use libvirt, xl or xapi" >&2; exit 2 ;;
esac || { echo "gather-inventory.sh: no CPU inventory source on this $platform host (install \`cpuid\`)" >&2; exit 1; }
