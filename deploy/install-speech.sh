#!/usr/bin/env bash
# Installs the offline speech engine from Debian's packages: PocketSphinx (libpocketsphinx3, called
# in-process through JNA), its 16 kHz en-us model and the 8 kHz TIDIGITS digit model
# (pocketsphinx-testdata); with --test also flite, which the tests use to speak digits where real
# recordings lack a case. A no-op when everything is installed, and when FACEID_VOSK_MODEL names a
# Vosk model for the service (without --test).
#
#   deploy/install-speech.sh [--test]
set -euo pipefail

packages=(libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata)
case "${1:-}" in
  --test) packages+=(flite) ;;
  "") [ -n "${FACEID_VOSK_MODEL:-}" ] && exit 0 ;;
  *) echo "usage: deploy/install-speech.sh [--test]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "install-speech: need root (or passwordless sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-speech: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be stale or absent: refresh once and retry.
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
