#!/bin/bash
# Installs the cpupolicy libvirt hook as HOOKS_DIR/qemu.d/cpupolicy (HOOKS_DIR: /etc/libvirt/hooks for the system
# daemon; a session daemon's is $XDG_CONFIG_HOME/libvirt/hooks). libvirt looks for hooks when the daemon starts, so
# restart libvirtd (or virtqemud) after the first install. Idempotent; --uninstall removes it. docs/hooks-libvirt.md.
set -eu
. "$(dirname "$0")/lib/install-common.sh"

HOOKS_DIR=""
usage() {
  echo "usage: $(basename "$0") [options]
$usage_common
  --hooks-dir DIR     libvirt's hooks directory (default: ROOT/etc/libvirt/hooks)"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --hooks-dir) HOOKS_DIR="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *)
      n=0; parse_common "$@" || n=$?
      [ "$n" -gt 0 ] || { usage >&2; die "unknown option $1"; }
      [ "$n" -eq 1 ] || [ $# -ge 2 ] || die "$1 needs a value"
      shift "$n" ;;
  esac
done
check_settings
[ "$UNINSTALL" = 1 ] || secure_bundle
target="${HOOKS_DIR:-$ROOT/etc/libvirt/hooks}/qemu.d/cpupolicy"
if [ "$UNINSTALL" = 1 ]; then
  uninstall_file "$target"
else
  if install_file "$HOOKS_SRC/libvirt/cpupolicy" "$target"; then
    echo "restart libvirtd (or virtqemud) so that it runs the new hook"
  fi
  explain_mode libvirt
fi
