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

. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install install-speech 1 "${packages[@]}"
