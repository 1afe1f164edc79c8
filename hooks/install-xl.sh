#!/bin/bash
# Installs the xl wrapper as ROOT/PREFIX/sbin/cpupolicy-xl (PREFIX: /usr/local): `cpupolicy-xl create VM.cfg`
# sets the VM's cpuid= from its profile, then runs xl. Idempotent; --uninstall removes it. docs/hooks-xl.md.
set -eu
. "$(dirname "$0")/lib/install-common.sh"

PREFIX=/usr/local
NEEDS_CLI=1 # the wrapper runs `cpupolicy apply xl`, which the hook-only binary does not have
usage() {
  echo "usage: $(basename "$0") [options]
$usage_common
  --prefix DIR        installation prefix (default: /usr/local; the wrapper goes to ROOT/PREFIX/sbin)"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; PREFIX="$2"; shift 2 ;;
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
target="$ROOT$PREFIX/sbin/cpupolicy-xl"
if [ "$UNINSTALL" = 1 ]; then
  uninstall_file "$target"
else
  install_file "$HOOKS_SRC/xl/cpupolicy-xl" "$target" || true
  explain_mode xl
fi
