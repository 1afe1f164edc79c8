#!/usr/bin/env bash
# Builds the native binaries, NativeAOT for linux-x64 (no .NET runtime needed on the host), and installs them in DIR:
#   DIR/cpupolicy        the command line (compiler/Cpupolicy.Cli)
#   DIR/cpupolicy-hook   the hooks alone, what the installers run at every VM start (hooks/Cpupolicy.Hook)
#
#   scripts/publish.sh /usr/local/lib/cpupolicy
#
# Both are built into a folder inside DIR first (so on DIR's filesystem), then each file is renamed into place: a hook
# starting during a republish runs the old binary or the new one, never a half-written file, and a hook already
# running keeps the old file's inode. Trim and AOT analysis warnings are errors (Directory.Build.props), so a binary
# is only installed when the whole program is proven AOT-safe. Prints the two paths on stdout; the build's output
# goes to stderr only when it fails. RID: the runtime identifier (default linux-x64).
set -euo pipefail
[ $# -eq 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || { echo "usage: $(basename "$0") DIR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
dest=$(realpath -m "$1")
mkdir -p "$dest"
stage=$(mktemp -d "$dest/.publish.XXXXXX")
trap 'rm -rf "$stage"' EXIT

publish() { # PROJECT NAME
  local log="$stage/$2.log"
  if ! dotnet publish "$root/$1" -c Release -r "${RID:-linux-x64}" -p:PublishAot=true --nologo -o "$stage/$2" >"$log" 2>&1; then
    grep -E 'error|warning' "$log" | sort -u | tail -n 20 >&2 || tail -n 20 "$log" >&2
    echo "$(basename "$0"): dotnet publish $1 failed" >&2
    exit 1
  fi
  # ILC reports through MSBuild, so its warnings are errors already; this catches any that a setting let through.
  if grep -qE 'warning IL[0-9]+' "$log"; then
    grep -E 'warning IL[0-9]+' "$log" | sort -u >&2
    echo "$(basename "$0"): $1 has trim/AOT warnings; nothing installed" >&2
    exit 1
  fi
  [ -x "$stage/$2/$2" ] || { echo "$(basename "$0"): the publish of $1 made no $2" >&2; exit 1; }
}

publish compiler/Cpupolicy.Cli cpupolicy
publish hooks/Cpupolicy.Hook cpupolicy-hook
for name in cpupolicy cpupolicy-hook; do
  chmod 0755 "$stage/$name/$name"
  mv -f "$stage/$name/$name" "$dest/$name"
  echo "$dest/$name"
done
