#!/usr/bin/env bash
# Measures the one-JVM service as deploy/run-local.sh starts it: start-up time, resident memory,
# and the round trip of get_random_number (p50/p95 over N calls, curl on loopback), then stops it
# with SIGTERM (what Ctrl-C does) and reports how long the clean stop took.
# Usage: bench/local-service.sh [calls=200]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
calls="${1:-200}"
start_service
call() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -F api_key=bench-key -F api_secret=bench-secret "$api/get_random_number"; }

for _ in $(seq 1 20); do call > /dev/null; done   # warm-up: JIT, verified-secret cache, connections
times="$data/times"
for _ in $(seq 1 "$calls"); do call; done > "$times"
read -r p50 p95 max < <(percentiles "$times")
echo "get_random_number round trip over $calls calls: p50 $p50 ms, p95 $p95 ms, max $max ms"
echo "HTTP 200 answers: $(awk '$1 == 200' "$times" | wc -l) / $calls"
sed -n 's/.*faceid-streams: ready in \([0-9]*\) ms.*/start-up (JVM start to healthy, as logged): \1 ms/p' "$log"
echo "resident memory after the calls: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
stop_service
echo "clean stop (SIGTERM) took $stop_ms ms"
