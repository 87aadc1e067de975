#!/usr/bin/env bash
# Can timing tell an unknown api_key from a wrong secret? Starts the one-JVM service as run-local.sh
# does, then sends alternated pairs of failed logins (a wrong secret for the real key, then an unknown
# key, each pair from fresh loopback addresses so the per-address throttle never answers), prints each
# answer's time, idles a minute and sends the pairs again. Usage: bench/login-timing.sh [pairs=8]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
pairs="${1:-8}"
start_service
pid=$launcher
trap 'kill -TERM "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
login() { curl -s -o /dev/null -w '%{http_code} %{time_total}' --interface "$3" -F api_key="$1" -F api_secret="$2" "$api/get_random_number"; }
for round in 1 2; do
  for i in $(seq 1 "$pairs"); do
    wrong=$(login bench-key "wrong-$round-$i" "127.0.2.$i")
    unknown=$(login "no-such-key-$round-$i" whatever "127.0.3.$i")
    echo "round $round pair $i: wrong secret $wrong | unknown key $unknown"
  done
  if [[ $round == 1 ]]; then echo "(a minute idle)"; sleep 60; fi
done
stop_service
