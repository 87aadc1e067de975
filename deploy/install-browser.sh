#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver, which the H5 page's browser test (H5PageIT) drives
# through Selenium with a fake camera and microphone. A no-op when both are installed. Without root
# (or passwordless sudo) it says so and exits 0: the browser test then skips and says why.
#
#   deploy/install-browser.sh
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install install-browser 1 chromium chromium-driver || { echo "install-browser: the browser test will skip" >&2; exit 0; }
