#!/usr/bin/env bash
# Builds editors/vscode/cpupolicy.vsix offline-repeatably: `npm ci` installs exactly package-lock.json, esbuild bundles
# the extension and vscode-languageclient into dist/extension.js, and `vsce package` packs it. Fails when vsce prints
# any warning (the test command runs this: tests/Cpupolicy.Tests/Editors/VsCodeExtensionTests.cs).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
npx --no-install vsce package --no-dependencies --allow-missing-repository --out cpupolicy.vsix 2>&1 | tee "$log" >&2
# vsce marks its warnings " WARNING " (its INFO file listing may call the bundle "large": that is the size of the
# bundle against the whole package, which a one-file bundle always is, and not a warning).
if grep -qE 'WARNING|npm warn' "$log"; then
  echo "build.sh: vsce printed a warning" >&2
  exit 1
fi
echo "$(pwd)/cpupolicy.vsix"
