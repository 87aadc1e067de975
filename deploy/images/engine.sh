#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io when dockerd is missing and starts
# dockerd when none runs (its log in $1, default /var/log/faceid-dockerd.log). As root, like
# install-speech.sh. A no-op when `docker info` already answers.
#
#   deploy/images/engine.sh [LOG]
set -euo pipefail

log=${1:-/var/log/faceid-dockerd.log}

if docker info >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "engine: no Docker engine answers, and starting one needs root" >&2
  exit 1
fi
if ! command -v dockerd >/dev/null; then
  echo "engine: installing docker.io" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine's package lists may be stale or absent: refresh once and retry.
  apt-get install -y -q --no-install-recommends docker.io >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends docker.io >&2; }
fi

echo "engine: starting dockerd (log: $log)" >&2
mkdir -p "$(dirname "$log")"
# setsid: the engine outlives the build that started it, and later builds find it running.
setsid nohup dockerd >>"$log" 2>&1 </dev/null &
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    echo "engine: dockerd $(docker version -f '{{.Server.Version}}') ready" >&2
    exit 0
  fi
  sleep 0.5
done
echo "engine: dockerd did not answer within 60 s; its log:" >&2
tail -20 "$log" >&2
exit 1
