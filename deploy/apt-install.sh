# Sourced by the install scripts: apt_install TAG WITHOUT_ROOT PACKAGE... installs those of the Debian
# packages that are not installed yet, as root or with passwordless sudo, refreshing the package
# lists once if the first try fails (a fresh machine's lists may be stale or absent). Where it cannot
# install (no apt-get, no root) it says so and returns WITHOUT_ROOT as its status.
apt_install() {
  local tag=$1 without_root=$2
  shift 2
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if ! command -v apt-get >/dev/null; then
    echo "$tag: no apt-get here to install ${missing[*]}" >&2
    return "$without_root"
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "$tag: need root (or passwordless sudo) to install ${missing[*]}" >&2
      return "$without_root"
    fi
  fi
  echo "$tag: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    "${sudo[@]}" apt-get update -q >&2
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
}
