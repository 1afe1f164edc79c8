#!/bin/bash
# Publishes cpupolicy-hook (hooks/Cpupolicy.Hook: the hooks without the rest of the CLI) self-contained, trimmed and
# ReadyToRun, the fastest-starting build this machine can make (bench/RESULTS.md, "hook"), and prints its path:
#   hooks/publish-hook.sh /opt/cpupolicy/hook
#   hooks/install-libvirt.sh --cpupolicy /opt/cpupolicy/hook/current/cpupolicy-hook --bundle /etc/cpupolicy/bundle.json
# The build needs no .NET runtime on the host. Each publish goes to DIR/builds/<time>, then DIR/current (a symlink)
# is switched to it by one rename, so a hook starting during a republish runs the old build or the new one, never a
# half-copied folder. The build before the new one is kept (a hook may still be running it); older ones are removed.
# RID: the runtime identifier (default linux-x64).
set -euo pipefail
[ $# -eq 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || { echo "usage: $(basename "$0") DIR" >&2; exit 2; }
src=$(cd "$(dirname "$0")/Cpupolicy.Hook" && pwd)
dest=$(realpath -m "$1")
mkdir -p "$dest/builds"
build="$(date -u +%Y%m%dT%H%M%SZ)-$$"
log=$(mktemp)
trap 'rm -f "$log" "$dest/.current.$$"' EXIT
if ! dotnet publish "$src" -c Release -r "${RID:-linux-x64}" --self-contained true \
  -p:PublishTrimmed=true -p:PublishReadyToRun=true -o "$dest/builds/.$build" > "$log" 2>&1; then
  tail -n 20 "$log" >&2
  rm -rf "$dest/builds/.$build"
  echo "$(basename "$0"): dotnet publish failed" >&2
  exit 1
fi
mv "$dest/builds/.$build" "$dest/builds/$build"
previous=$(readlink "$dest/current" 2>/dev/null || true)
ln -s "builds/$build" "$dest/.current.$$"
mv -T "$dest/.current.$$" "$dest/current"
for old in "$dest"/builds/*; do
  case "builds/$(basename "$old")" in "builds/$build" | "$previous") ;; *) rm -rf "$old" ;; esac
done
echo "$dest/current/cpupolicy-hook"
