#!/usr/bin/env bash
# Measures validate_video through Kafka on the one-JVM service: a 5 s 640x480 H.264/AAC clip built
# from real media (an HDTF interview crop, re-voiced with real spoken digits from FSDD), p50/p95 over
# N curl calls on loopback, each with a fresh token_random_number (not timed), after a warm-up. Then
# the same clip in-process, stage by stage (VideoStageBenchmark: decode, faces, speech), so each
# stage's share and Kafka's are measured in the same run.
# Usage: bench/video-flows.sh [calls=30]   (FACEID_TESTDATA: default ../shared/testdata)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
calls="${1:-30}"
export FACEID_TESTDATA="${FACEID_TESTDATA:-$(cd "$root/.." && pwd)/shared/testdata}"
digits=4096
clip="$data/clip.mp4"

"$root/mvnw" -q -B -DskipTests -pl stream-processors -am install
"$root/mvnw" -q -B -o -pl stream-processors test-compile
classpath_file="$data/classpath"
"$root/mvnw" -q -B -o -pl stream-processors dependency:build-classpath -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
. "$root/.mvn/find-jdk.sh"
java=("$(pick_jdk)/bin/java" -Xss4m --enable-native-access=ALL-UNNAMED
  -cp "$root/stream-processors/target/test-classes:$root/stream-processors/target/classes:$(cat "$classpath_file")")
"${java[@]}" org.faceid.streams.processors.VideoBenchClip "$clip" "$digits"

start_service
auth=(-F api_key=bench-key -F api_secret=bench-secret)
field() { python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))"; }
call_video() {
  local token
  token=$(curl -s "${auth[@]}" "$api/get_random_number" | field token_random_number)
  curl -s -o "$data/last.json" -w '%{http_code} %{time_total}\n' "${auth[@]}" -F token_random_number="$token" \
    -F "video=@$clip" -F return_image=1 "$api/validate_video"
}
for _ in $(seq 1 5); do call_video > /dev/null; done   # warm-up: JIT, caches
for _ in $(seq 1 "$calls"); do call_video; done > "$data/video"
read -r p50 p95 max < <(percentiles "$data/video")
echo "validate_video through HTTP and Kafka, $calls calls (curl on loopback, one at a time):"
echo "  p50 $p50 ms, p95 $p95 ms, max $max ms; HTTP 200: $(awk '$1 == 200' "$data/video" | wc -l) / $calls"
stop_service

echo "in-process, the same clip, stage by stage (each alone on the machine; faces uses every core):"
"${java[@]}" org.faceid.streams.processors.VideoStageBenchmark "$calls" "$clip" "$digits"
