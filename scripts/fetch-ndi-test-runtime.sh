#!/usr/bin/env bash
# Fetches the NDI 5.5.2 Linux runtime that the npm package grandiose-mac@0.0.6 carries, for tests only, into the
# ignored .cache/ndi folder. It is never committed and never shipped (NDI SDK licence; see DEVELOPERS.md).
# Load it only inside a loopback-only network namespace (scripts/test.sh does that).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$repo/.cache/ndi/grandiose-mac-0.0.6"
lib="$dest/package/lib/linux_x64/libndi.so.5"
expected_sha256="0073b41313e1fb61b222e9c5e5094cdc2db3fe99b2f116ede67742affb431635"

[ -f "$lib" ] && exit 0
command -v npm >/dev/null || { echo "fetch-ndi-test-runtime: npm is needed (apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetching the NDI test runtime (npm pack grandiose-mac@0.0.6)"
(cd "$work" && npm pack grandiose-mac@0.0.6 --silent >/dev/null)
actual=$(sha256sum "$work/grandiose-mac-0.0.6.tgz" | cut -d' ' -f1)
if [ "$actual" != "$expected_sha256" ]; then
  echo "fetch-ndi-test-runtime: grandiose-mac-0.0.6.tgz has sha256 $actual, expected $expected_sha256; refusing it" >&2
  exit 1
fi
mkdir -p "$dest"
tar -xzf "$work/grandiose-mac-0.0.6.tgz" -C "$dest" package/lib/linux_x64 package/include
test -f "$lib"
