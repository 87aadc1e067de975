# Sourced by the benchmarks: starts the one-JVM service as deploy/run-local.sh does, on a scratch data
# directory, and stops it with SIGTERM (what Ctrl-C does). Sets: root, port, data, log, pid, api.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${BENCH_PORT:-18099}"
data="$(mktemp -d)"
log="$data/service.log"
api="http://127.0.0.1:$port/faceid/lite/raw"
trap 'rm -rf "$data"' EXIT

start_service() {
  export FACEID_DATA_DIR="$data/state" FACEID_HTTP_PORT="$port" FACEID_API_KEY=bench-key FACEID_API_SECRET=bench-secret
  "$root/mvnw" -q -B -DskipTests -pl deploy -am package
  "$root/deploy/run-local.sh" > "$log" 2>&1 &
  launcher=$!
  for _ in $(seq 1 300); do grep -q "ready in" "$log" && break; sleep 0.5; done
  grep -q "ready in" "$log" || { cat "$log"; echo "service did not become ready" >&2; exit 1; }
  pid=$(pgrep -f "org.faceid.streams.local.FaceIdLocal" | head -1)
}

# Prints "p50 p95 max" in ms of the second column (seconds) of a file of "status seconds" lines.
percentiles() {
  sort -k2 -n "$1" | awk '{ t[NR] = $2 } END { printf "%.1f %.1f %.1f\n", 1000 * t[int(NR * 0.50)], 1000 * t[int(NR * 0.95)], 1000 * t[NR] }'
}

stop_service() {
  local t0
  t0=$(date +%s%N)
  kill -TERM "$pid"
  wait "$launcher" || true
  stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
