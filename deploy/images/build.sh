#!/usr/bin/env bash
# Builds the container images, offline apart from Debian's packages and Maven Central (nothing is
# pulled from a container registry):
#   faceid/base:<hash>   Debian minbase, a Java runtime, PocketSphinx, user faceid (base.sh; cached)
#   faceid/streams:local the project's jars and the checksummed models; entry point deploy/faceid's CLI
#   faceid/kafka:local   an Apache Kafka broker in KRaft mode (the server jars from Maven Central)
# Starts a Docker engine first when none runs (engine.sh). Needs the packaged project
# (deploy/target/runtime-classpath.txt): the build runs it in deploy's pre-integration-test phase.
#
#   deploy/images/build.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
t0=$(date +%s)
data=${FACEID_DATA_DIR:-.faceid-local}
mkdir -p "$data/images"

if ! "$here/engine.sh" "$(cd "$data/images" && pwd)/dockerd.log"; then
  # CI must run the container tests; elsewhere they are reported skipped ("Docker is not available").
  [ "${CI:-}" = true ] && { echo "build: CI needs a Docker engine" >&2; exit 1; }
  echo "build: no Docker engine: images not built, the container tests will be skipped" >&2
  exit 0
fi
base=$("$here/base.sh")
deploy/fetch-models.sh >&2

classpath=deploy/target/runtime-classpath.txt
[ -f "$classpath" ] || { echo "build: $classpath missing: package the project first" >&2; exit 1; }
context=deploy/target/image-context
rm -rf "$context"
mkdir -p "$context/lib" "$context/app" "$context/models"
# Hard links where the file system allows: the context is ~300 MB of jars.
# The file has no final newline: `|| [ -n "$jar" ]` keeps its last entry.
tr ':' '\n' < "$classpath" | while read -r jar || [ -n "$jar" ]; do
  case "$jar" in
    "$root"/*) cp "$jar" "$context/app/" ;;
    *) ln "$jar" "$context/lib/" 2>/dev/null || cp "$jar" "$context/lib/" ;;
  esac
done
[ "$(ls "$context/lib" "$context/app" | grep -c '\.jar$')" -eq "$(tr ':' '\n' < "$classpath" | grep -c .)" ] \
  || { echo "build: not every jar of $classpath reached the image" >&2; exit 1; }
cp deploy/target/deploy-*.jar "$context/app/"
models=${FACEID_MODEL_DIR:-.faceid-local/models}
case "$models" in /*) ;; *) models=$root/$models ;; esac
grep -v '^[[:space:]]*\(#\|$\)' deploy/models.sha256 | while read -r sha file _; do
  printf '%s  %s\n' "$sha" "$models/$file"
  cp "$models/$file" "$context/models/"
done | sha256sum --check --quiet -
cp "$here"/faceid "$here"/kafka-run "$here"/Dockerfile.* "$context/"

# The classic builder: it needs nothing but the engine (its deprecation notice is left out).
build() {
  docker build -q --build-arg BASE="$base" -f "$context/Dockerfile.$1" -t "$2" "$context" 2>&1 \
    | { grep -v -e DEPRECATED -e buildx || true; } >&2
}
build service faceid/streams:local
build kafka faceid/kafka:local
# The images these tags named before are left untagged: remove them, so rebuilds do not fill the disk.
docker image prune -f >/dev/null
echo "build: faceid/streams:local and faceid/kafka:local on $base in $(( $(date +%s) - t0 )) s" >&2
