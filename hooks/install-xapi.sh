#!/bin/bash
# Installs the cpupolicy XAPI hook as ROOT/etc/xapi.d/vm-pre-start/10-cpupolicy; xenopsd runs every file there before
# each VM start (no restart needed). Idempotent; --uninstall removes it. docs/hooks-xapi.md.
set -eu
. "$(dirname "$0")/lib/install-common.sh"

usage() {
  echo "usage: $(basename "$0") [options]
$usage_common"
}
while [ $# -gt 0 ]; do
  case "$1" in
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
target="$ROOT/etc/xapi.d/vm-pre-start/10-cpupolicy"
if [ "$UNINSTALL" = 1 ]; then
  uninstall_file "$target"
else
  install_file "$HOOKS_SRC/xapi/10-cpupolicy" "$target" || true
  explain_mode xapi
fi
