#!/usr/bin/env bash
# Fetches Vosk's small US English model (vosk-model-small-en-us-0.15, about 40 MB) from its
# publisher, Alpha Cephei, and unpacks it where the speech stage looks for it. With the model in
# place and FACEID_VOSK_MODEL exported, the speech stage uses Vosk instead of PocketSphinx.
#
#   deploy/fetch-vosk-model.sh [--sha256 HEX]
#
# FACEID_VOSK_MODEL (default .faceid-local/vosk-model, relative to the repository root) is the
# model directory to create. A re-run with a model in place is a no-op.
#
# Checksum: no SHA-256 is written into this script, because the archive could not be downloaded
# where the script was written, so no value could be verified. Pass one you trust with --sha256
# (or FACEID_VOSK_MODEL_SHA256) and a mismatch fails; without one the script prints the SHA-256
# of what it downloaded, for you to compare against a trusted source.
#
# FACEID_VOSK_MODEL_URL replaces the download address (a mirror, or a file:// copy).
set -euo pipefail

name=vosk-model-small-en-us-0.15
url=${FACEID_VOSK_MODEL_URL:-https://alphacephei.com/vosk/models/$name.zip}
expected_sha=${FACEID_VOSK_MODEL_SHA256:-}

usage() {
  echo "usage: deploy/fetch-vosk-model.sh [--sha256 HEX]" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sha256) [[ $# -ge 2 ]] || usage; expected_sha=$2; shift 2 ;;
    *) usage ;;
  esac
done
expected_sha=$(printf '%s' "$expected_sha" | tr 'A-F' 'a-f')
if [[ -n "$expected_sha" && ! "$expected_sha" =~ ^[0-9a-f]{64}$ ]]; then
  echo "fetch-vosk-model: --sha256 needs 64 hex digits, got '$expected_sha'" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
dest=${FACEID_VOSK_MODEL:-.faceid-local/vosk-model}
case "$dest" in /*) ;; *) dest="$root/$dest" ;; esac

# The files Vosk's Model constructor cannot do without.
is_model() {
  [[ -f "$1/am/final.mdl" && -f "$1/conf/model.conf" ]]
}

if is_model "$dest"; then
  echo "fetch-vosk-model: model already in $dest" >&2
  echo "export FACEID_VOSK_MODEL=$dest"
  exit 0
fi
if [[ -e "$dest" && -n "$(ls -A "$dest" 2>/dev/null)" ]]; then
  echo "fetch-vosk-model: $dest exists and holds no Vosk model; move it away or set FACEID_VOSK_MODEL" >&2
  exit 1
fi
for tool in curl unzip sha256sum; do
  command -v "$tool" >/dev/null || { echo "fetch-vosk-model: $tool is needed" >&2; exit 1; }
done

# A subshell, so the scratch directory goes on every exit path, failures included.
(
  work=$(mktemp -d)
  trap 'rm -rf "$work" "$dest.part.$$"' EXIT

  echo "fetch-vosk-model: downloading $url" >&2
  if ! curl --fail --location --silent --show-error --connect-timeout 20 --retry 2 \
      --output "$work/$name.zip" "$url"; then
    echo "fetch-vosk-model: could not download $url (no internet access from here?);" \
      "fetch it elsewhere and rerun with FACEID_VOSK_MODEL_URL=file:///path/to/$name.zip" >&2
    exit 1
  fi

  sha=$(sha256sum "$work/$name.zip" | awk '{print $1}')
  if [[ -n "$expected_sha" ]]; then
    if [[ "$sha" != "$expected_sha" ]]; then
      echo "fetch-vosk-model: checksum mismatch for $name.zip: expected $expected_sha, got $sha" >&2
      exit 1
    fi
    echo "fetch-vosk-model: SHA-256 verified: $sha" >&2
  else
    echo "fetch-vosk-model: SHA-256 of $name.zip is $sha (NOT verified: compare it with a trusted" \
      "value, or rerun with --sha256 HEX)" >&2
  fi

  unzip -q "$work/$name.zip" -d "$work/unpacked"
  model="$work/unpacked/$name"
  is_model "$model" || { echo "fetch-vosk-model: $name.zip holds no $name/ model directory" >&2; exit 1; }

  # Moved into place whole, so an interrupted run never leaves half a model behind.
  mkdir -p "$(dirname "$dest")"
  rmdir "$dest" 2>/dev/null || true
  mv "$model" "$dest.part.$$"
  mv "$dest.part.$$" "$dest"
)

echo "fetch-vosk-model: model in $dest" >&2
echo "export FACEID_VOSK_MODEL=$dest"
