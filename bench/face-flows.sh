#!/usr/bin/env bash
# Measures the selfie flows through Kafka on the one-JVM service: validate_front_face and verify
# (one reference, comparison_type 0) round trips, p50/p95 over N curl calls on loopback each, after
# a warm-up, on real photos. Then the same photos in-process through the face engine alone
# (EngineBenchmark: per-face cost of each model), so Kafka's share is the difference of the two.
# Usage: bench/face-flows.sh [calls=100]   (FACEID_TESTDATA: default ../shared/testdata)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
calls="${1:-100}"
testdata="${FACEID_TESTDATA:-$(cd "$root/.." && pwd)/shared/testdata}"
front="${BENCH_FRONT:-$testdata/faces/rick/rick1.jpg}"
side="${BENCH_SIDE:-$testdata/faces/rick/rick2.jpg}"
ref="${BENCH_REF:-$testdata/faces/rick/rick3.jpg}"

start_service
auth=(-F api_key=bench-key -F api_secret=bench-secret)
field() { python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))"; }
# A side token is spent by one verify, so each verify gets a fresh one (not timed).
side_token() {
  local front_token
  front_token=$(curl -s "${auth[@]}" -F "selfie=@$front" "$api/validate_front_face" | field token_front_face)
  curl -s "${auth[@]}" -F token_front_face="$front_token" -F "selfie=@$side" "$api/validate_side_face" | field token_side_face
}
[[ -n "$(side_token)" ]] || { echo "the flow did not issue a side token" >&2; exit 1; }

call_front() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${auth[@]}" -F "selfie=@$front" "$api/validate_front_face"; }
call_verify() {
  local token
  token=$(side_token)
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${auth[@]}" -F token="$token" \
    -F comparison_type=0 -F uuid=bench -F "image_ref1=@$ref" "$api/verify"
}

for _ in $(seq 1 20); do call_front > /dev/null; call_verify > /dev/null; done   # warm-up: JIT, caches
for _ in $(seq 1 "$calls"); do call_front; done > "$data/front"
for _ in $(seq 1 "$calls"); do call_verify; done > "$data/verify"
echo "through HTTP and Kafka, $calls calls each (curl on loopback, one at a time):"
for flow in front verify; do
  read -r p50 p95 max < <(percentiles "$data/$flow")
  echo "  $flow: p50 $p50 ms, p95 $p95 ms, max $max ms; HTTP 200: $(awk '$1 == 200' "$data/$flow" | wc -l) / $calls"
done
stop_service

classpath_file="$data/classpath"
# EngineBenchmark is test scope: compile the tests, and put test-classes on the classpath.
"$root/mvnw" -q -B -pl stream-processors -am test-compile dependency:build-classpath -Dmdep.outputFile="$classpath_file" \
  -Dmdep.includeScope=test
. "$root/.mvn/find-jdk.sh"
echo "in-process, the same photos (one thread):"
"$(pick_jdk)/bin/java" -Xss4m --enable-native-access=ALL-UNNAMED \
  -cp "$root/stream-processors/target/test-classes:$root/stream-processors/target/classes:$(cat "$classpath_file")" \
  org.faceid.streams.processors.face.EngineBenchmark "$calls" "$front" "$ref"
