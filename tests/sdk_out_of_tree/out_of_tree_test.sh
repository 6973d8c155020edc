#!/usr/bin/env bash
# Proof that a new plugin needs no core change: install the SDK package, build the example
# plugin outside this tree against it, and have the engine load and run that build.
set -euo pipefail
build_dir="$1"; source_dir="$2"; hsdeploy="$3"; plugin_dir="$4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/hsd/abi.h"
test -f "$work/prefix/lib/cmake/hsdeploy-sdk/hsdeploy-sdk-config.cmake"

cp -r "$source_dir/sdk/examples/echo_source" "$work/src"
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null

# A plugins folder with only the out-of-tree build and the storage plugin.
mkdir -p "$work/plugins" "$work/config"
cp "$work/build/libhsd_echo_source.so" "$work/plugins/"
cp "$plugin_dir/libhsd_sqlite.so" "$work/plugins/"
cat > "$work/config/engine.yaml" <<YAML
storage: { plugin: sqlite, path: var/hsdeploy.db }
plugins: { dir: $work/plugins }
pipelines: { dir: $source_dir/config/pipelines }
secrets: { key_file: var/secret.key }
YAML
cli() { "$hsdeploy" --config "$work/config/engine.yaml" "$@"; }

cli plugins list --output json | grep -q "$work/plugins/libhsd_echo_source.so"
cli connect echo_source --token echo-outside --label Outside >/dev/null
cli run retrieve --connection Outside --param count=3 >/dev/null
count=$(cli metadata list --connection Outside --output json | grep -c '"type"')
if [ "$count" -ne 6 ]; then
  echo "expected 6 objects from the out-of-tree plugin, got $count" >&2
  exit 1
fi
echo "out-of-tree plugin built against the installed SDK, loaded and ran: $count objects"
