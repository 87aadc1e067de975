#!/usr/bin/env bash
# Measures recovery after a crash: starts the one-JVM service, keeps it busy with get_random_number
# and validate_still calls, kills it with SIGKILL mid-load, starts it again on the same data
# directory, and reports how long the restart took to answer /healthz and then a real request.
# Loopback only; every loop is bounded. Usage: bench/crash-recovery.sh [rounds=1]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
rounds="${1:-1}"
clip="$data/still.mp4"
# Any 2 s clip does: the still flow decodes and analyses it, which keeps every stage's transactions open.
"$root/mvnw" -q -B -o -DskipTests -pl stream-processors -am test-compile >/dev/null 2>&1 || true
ffmpeg_src="${FACEID_TESTDATA:-$root/../shared/testdata}/av/grid/bbaf2n.mpg"
cp "$ffmpeg_src" "$clip"

load() {
  for _ in $(seq 1 200); do
    curl -s -o /dev/null -m 10 -F api_key=bench-key -F api_secret=bench-secret "$api/get_random_number" || true
    curl -s -o /dev/null -m 10 -F api_key=bench-key -F api_secret=bench-secret -F video=@"$clip" "$api/validate_still" || true
  done
}

start_service
mapfile -d '' -t command < "/proc/$pid/cmdline"
for round in $(seq 1 "$rounds"); do
  load & loader=$!
  sleep 5
  kill -KILL "$pid"
  wait "$launcher" 2>/dev/null || true
  kill "$loader" 2>/dev/null || true
  wait "$loader" 2>/dev/null || true
  t0=$(date +%s%N)
  # The same JVM command line again: the restart of the service, not a rebuild, is what is timed.
  "${command[@]}" >> "$log" 2>&1 &
  launcher=$!
  healthy=""
  for _ in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$port/healthz")" = 200 ]; then
      healthy=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    sleep 0.1
  done
  answered=""
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -F api_key=bench-key -F api_secret=bench-secret -F video=@"$clip" "$api/validate_still" || true)
    if [ "$code" = 200 ] || [ "$code" = 400 ]; then answered=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
    sleep 0.1
  done
  pid=$(pgrep -f "org.faceid.streams.local.FaceIdLocal" | head -1)
  echo "round $round: after kill -9, restart healthy in ${healthy:-never} ms; first validate_still answered (HTTP $code) at ${answered:-never} ms"
done
echo "JVM start to healthy, as logged (first the clean start, then each restart): $(sed -n 's/.*faceid-streams: ready in \([0-9]*\) ms.*/\1/p' "$log" | tr '\n' ' ')ms"
stop_service
[ -n "${BENCH_LOG:-}" ] && cp "$log" "$BENCH_LOG"
echo "lost stream threads logged: $(grep -c 'lost a stream thread' "$log" || true); OutOfMemoryError logged: $(grep -c 'OutOfMemoryError' "$log" || true)"
