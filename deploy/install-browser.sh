#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver, which the H5 page's browser test (H5PageIT) drives
# through Selenium with a fake camera and microphone. A no-op when both are installed. Without root
# (or passwordless sudo) it says so and exits 0: the browser test then skips and says why.
#
#   deploy/install-browser.sh
set -euo pipefail

packages=(chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-browser: no apt-get here; the browser test will skip (missing: ${missing[*]})" >&2
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "install-browser: need root (or passwordless sudo) to install ${missing[*]}; the browser test will skip" >&2
  exit 0
fi

echo "install-browser: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be stale or absent: refresh once and retry.
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
