#!/usr/bin/env bash
# Measures the one-JVM service as deploy/run-local.sh starts it: start-up time, resident memory,
# and the round trip of get_random_number (p50/p95 over N calls, curl on loopback), then stops it
# with SIGTERM (what Ctrl-C does) and reports how long the clean stop took.
# Usage: bench/local-service.sh [calls=200]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
calls="${1:-200}"
port="${BENCH_PORT:-18099}"
data="$(mktemp -d)"
log="$data/service.log"
trap 'rm -rf "$data"' EXIT

export FACEID_DATA_DIR="$data/state" FACEID_HTTP_PORT="$port" FACEID_API_KEY=bench-key FACEID_API_SECRET=bench-secret
"$root/mvnw" -q -B -DskipTests -pl deploy -am package
"$root/deploy/run-local.sh" > "$log" 2>&1 &
launcher=$!
for _ in $(seq 1 300); do grep -q "ready in" "$log" && break; sleep 0.5; done
grep -q "ready in" "$log" || { cat "$log"; echo "service did not become ready" >&2; exit 1; }
pid=$(pgrep -f "org.faceid.streams.local.FaceIdLocal" | head -1)
url="http://127.0.0.1:$port/faceid/lite/raw/get_random_number"
call() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -F api_key=bench-key -F api_secret=bench-secret "$url"; }

for _ in $(seq 1 20); do call > /dev/null; done   # warm-up: JIT, verified-secret cache, connections
times="$data/times"
for _ in $(seq 1 "$calls"); do call; done > "$times"
ok=$(awk '$1 == 200' "$times" | wc -l)
sort -k2 -n "$times" | awk -v n="$calls" '{ t[NR] = $2 } END {
  printf "get_random_number round trip over %d calls: p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
    n, 1000 * t[int(n * 0.50)], 1000 * t[int(n * 0.95)], 1000 * t[n] }'
echo "HTTP 200 answers: $ok / $calls"
sed -n 's/.*faceid-streams: ready in \([0-9]*\) ms.*/start-up (JVM start to healthy, as logged): \1 ms/p' "$log"
echo "resident memory after the calls: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"

t0=$(date +%s%N)
kill -TERM "$pid"
wait "$launcher" || true
echo "clean stop (SIGTERM) took $(( ($(date +%s%N) - t0) / 1000000 )) ms"
