#!/usr/bin/env bash
# Builds the base image every faceid image starts from, offline apart from Debian's packages:
# Debian minbase (debootstrap, this machine's release), the native libraries the stages load
# (PocketSphinx and its models, see install-speech.sh), a Java runtime and the non-root user
# `faceid` (uid 10001). Prints the image's name, faceid/base:<hash of its inputs>.
#
# The runtime is made with jlink from the JDK that builds the project (pick_jdk, >= 21): Debian
# bookworm ships no JRE 21, and the images then run on the very JDK the tests ran on.
#
# Built only when its inputs change: the engine's image of that name is reused, else the saved
# image in $FACEID_DATA_DIR/images/, else it is built (about a minute) and saved there.
#
#   deploy/images/base.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/.mvn/find-jdk.sh"
jdk=$(pick_jdk)

# GTK 2 for OpenCV's highgui (JavaCPP loads it with the image codecs), VA-API for FFmpeg.
packages=(libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata libgomp1 ca-certificates libgtk2.0-0 libva2 libva-drm2 libdrm2)
# The stages' JDK modules: the Java SE set, plus Unsafe (Kafka, JavaCPP) and the JFR/management tools.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.zipfs,jdk.localedata,jdk.charsets
. /etc/os-release
suite=$VERSION_CODENAME

hash=$( { cat "$0"; echo "${packages[*]} $modules $suite"; cat "$jdk/release"; } | sha256sum | cut -c1-16)
image=faceid/base:$hash
cache="$(cd "$root" && mkdir -p "${FACEID_DATA_DIR:-.faceid-local}/images" && cd "${FACEID_DATA_DIR:-.faceid-local}/images" && pwd)"
saved=$cache/base-$hash.tar

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image"; exit 0
fi
if [ -f "$saved" ]; then
  echo "base: loading $saved" >&2
  docker load -i "$saved" >&2
  echo "$image"; exit 0
fi

command -v debootstrap >/dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends debootstrap >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends debootstrap >&2; }
}

work=$(mktemp -d "$cache/base-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
echo "base: debootstrap $suite minbase with ${packages[*]}" >&2
t0=$(date +%s)
# No mirror named: debootstrap's default Debian mirror, the one apt uses here.
debootstrap --variant=minbase --include="$(IFS=,; echo "${packages[*]}")" "$suite" "$rootfs" >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

echo "base: jlink runtime from $jdk" >&2
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java"
chroot "$rootfs" useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin faceid

tar -C "$rootfs" -c . | docker import \
  -c 'ENV JAVA_HOME=/opt/java' \
  -c 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'USER faceid' \
  - "$image" >&2
docker save -o "$saved.tmp" "$image" && mv "$saved.tmp" "$saved"
# Older bases are inputs that changed: drop their saved copies.
find "$cache" -maxdepth 1 -name 'base-*.tar' ! -name "base-$hash.tar" -delete
echo "base: built $image in $(( $(date +%s) - t0 )) s" >&2
echo "$image"
