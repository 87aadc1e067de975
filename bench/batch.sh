#!/usr/bin/env bash
# Batch throughput through Kafka against the same engines called in-process, in one run, on the same
# files and the same cores, for the selfie flow and the video flow; prints each ratio (target >= 0.80).
# Then the single-call HTTP p50s of validate_front_face, verify and validate_video (one call at a time).
#   selfie case: validate_front_face, validate_side_face, verify (one reference, comparison_type 0);
#     in-process: analyzeSelfie twice and analyzeReference (BatchBaseline selfie).
#   video case: validate_video with a fresh token_random_number on a 5 s 640x480 H.264/AAC clip of
#     real media (VideoBenchClip); in-process: decode, faces, speech check against the same digits and
#     envelope (BatchBaseline video).
# Through Kafka: `deploy/faceid batch` when this checkout has it (Avro events straight to Kafka), else
# CLIENTS concurrent curl clients on the HTTP API (the driver used is printed).
# Usage: bench/batch.sh [selfie_cases=60] [video_cases=16] [clients=8] [single_calls=20] [selfie_warmup=clients] [video_warmup=clients]
#   (the warm-up cases of each flow run untimed before it, on both sides: a long batch runs warm; the
#   service's JIT is still compiling after 300 selfie cases and has mostly settled after 900, README)
#   (FACEID_TESTDATA: default ../shared/testdata; BENCH_DRIVER=http forces the HTTP clients)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/service.sh"
selfie_cases="${1:-60}"
video_cases="${2:-16}"
clients="${3:-8}"
single_calls="${4:-20}"
selfie_warmup="${5:-$clients}"
video_warmup="${6:-$clients}"
cores="$(nproc)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
export FACEID_TESTDATA="${FACEID_TESTDATA:-$(cd "$root/.." && pwd)/shared/testdata}"
front="$FACEID_TESTDATA/faces/rick/rick1.jpg"
side="$FACEID_TESTDATA/faces/rick/rick2.jpg"
ref="$FACEID_TESTDATA/faces/rick/rick3.jpg"
clip="$data/clip.mp4"
digits=4096

# The in-process side and the clip: stream-processors' classes and test classes, no install.
classpath_file="$data/classpath"
"$root/mvnw" -q -B -pl stream-processors -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
. "$root/.mvn/find-jdk.sh"
java=("$(pick_jdk)/bin/java" -Xss4m -Xmx1g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED
  -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.faceid.streams.schema
  -cp "$root/stream-processors/target/test-classes:$root/stream-processors/target/classes:$(cat "$classpath_file")")
"${java[@]}" org.faceid.streams.processors.VideoBenchClip "$clip" "$digits"
# The media hops' serialisation and copies against the path they replaced (a 20 MB upload, the decoded clip).
"${java[@]}" org.faceid.streams.processors.HopBenchmark 20 "$clip" 20

driver=http
if [[ "${BENCH_DRIVER:-}" != http ]] && grep -q 'BatchCommand' "$root/deploy/src/main/java/org/faceid/streams/cli/FaceIdCli.java"; then
  driver=batch
fi

start_service
auth=(-F api_key=bench-key -F api_secret=bench-secret)
# sed, not a JSON parser: a python start per call would take the cores the service is measured on.
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
status() {   # one word per answer: its error_message, OK, or NO_ANSWER
  local body
  body=$(cat)
  if [[ -z $body ]]; then echo NO_ANSWER; elif [[ $body == *'"error_message"'* ]]; then field error_message <<< "$body"; else echo OK; fi
}
selfie_case() {
  local t1 t2
  t1=$(curl -s "${auth[@]}" -F "selfie=@$front" "$api/validate_front_face" | field token_front_face)
  t2=$(curl -s "${auth[@]}" -F token_front_face="$t1" -F "selfie=@$side" "$api/validate_side_face" | field token_side_face)
  curl -s "${auth[@]}" -F token="$t2" -F comparison_type=0 -F uuid=bench -F "image_ref1=@$ref" "$api/verify" | status
}
video_case() {
  local token
  token=$(curl -s "${auth[@]}" "$api/get_random_number" | field token_random_number)
  curl -s "${auth[@]}" -F token_random_number="$token" -F "video=@$clip" "$api/validate_video" | status
}
export -f field status selfie_case video_case
export api front side ref clip

# Runs N cases of a flow through Kafka; prints "seconds" and leaves the outcomes in $data/<flow>.out.
# The batch driver's seconds are its own, from its first case to its last answer, as BatchBaseline's are
# from its first case: the JVM start and the connection (about 2 s, timed apart) are not the cases' time.
through_kafka() {
  local flow=$1 n=$2 t0 rate
  t0=$(date +%s%N)
  if [[ $driver == batch ]]; then
    manifest "$flow" "$n" > "$data/$flow.csv"
    # /usr/bin/time: the command's own CPU seconds (user + system), into $data/<flow>.cli-cpu.
    FACEID_CLI_SKIP_BUILD=1 /usr/bin/time -f '%U %S' -o "$data/$flow.cli-cpu" "$root/deploy/faceid" batch \
      --manifest "$data/$flow.csv" --out "$data/$flow.jsonl" --concurrency "$clients" --api-key bench-key \
      > "$data/$flow.log" 2>&1 || { cat "$data/$flow.log" >&2; echo "deploy/faceid batch failed" >&2; exit 1; }
    grep '^summary: \(verdicts\|errors\)' "$data/$flow.log" > "$data/$flow.out"
    awk -v t0="$t0" -v t1="$(date +%s%N)" 'BEGIN { printf "%.3f", (t1 - t0) / 1e9 }' > "$data/$flow.wall"
    rate=$(sed -n 's/^summary: this run: [0-9]* cases at \([0-9.]*\) cases\/s, .*/\1/p' "$data/$flow.log")
    # Its own CPU per case over the same span (first case to last answer), as BatchBaseline counts its own.
    sed -n "s/^summary: this run: .*, \([0-9.]*\) s of this command's CPU a case$/\1/p" "$data/$flow.log" > "$data/$flow.cli-run-cpu"
    [[ $(grep -c . "$data/$flow.jsonl") == "$n" && -n $rate ]] || { cat "$data/$flow.log" >&2; echo "not $n answers" >&2; exit 1; }
    awk -v n="$n" -v rate="$rate" 'BEGIN { printf "%.3f", n / rate }'
  else
    seq "$n" | xargs -P "$clients" -I{} bash -c "auth=(-F api_key=bench-key -F api_secret=bench-secret); ${flow}_case" > "$data/$flow.out"
    awk -v t0="$t0" -v t1="$(date +%s%N)" 'BEGIN { printf "%.3f", (t1 - t0) / 1e9 }' | tee "$data/$flow.wall"
  fi
}
manifest() {   # the batch command's manifest: the same files, one row a case
  local flow=$1 n=$2 i
  if [[ $flow == selfie ]]; then
    echo "id,biz_no,flow,front,side,ref1"
    for i in $(seq "$n"); do echo "s$i,bench-$i,selfie,$front,$side,$ref"; done
  else
    echo "id,biz_no,flow,video,digits,ref1"
    for i in $(seq "$n"); do echo "v$i,bench-$i,video,$clip,$digits,$ref"; done
  fi
}

# CPU ticks of each of the service's threads, grouped: a stage's stream threads by stage (thread names
# are cut to 15 characters: faceid-<stage>-…), the others by name without digits (broker, GC, JIT, …).
# Read from /proc, no process started per thread: the shared machine's other load does not count here.
thread_ticks() {
  local t comm stat fields
  for t in /proc/"$pid"/task/*; do
    { read -r comm < "$t/comm" && read -r stat < "$t/stat"; } 2>/dev/null || continue
    read -ra fields <<< "${stat##*) }"
    printf '%s\t%s\n' "$comm" "$(( fields[11] + fields[12] ))"
  done | awk -F'\t' '{ g = $1; if (g ~ /^faceid-[a-z]+/) { match(g, /^faceid-[a-z]+/); g = "stage " substr(g, 8, RLENGTH - 7) }
    else { gsub(/[-_ #]*[0-9]+[-_ #0-9]*/, "*", g) } t[g] += $2 } END { for (g in t) print g "\t" t[g] }'
}
cpu_by_group() {   # the ticks each group used between two snapshots, as seconds per case, the largest first
  local before=$1 after=$2 n=$3 hz
  hz=$(getconf CLK_TCK)
  awk -F'\t' -v n="$n" -v hz="$hz" 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) { s += d; printf "%.3f\t%s\n", d / hz / n, $1 } }
    END { printf "%.3f\t%s\n", s / hz / n, "TOTAL" }' "$before" "$after" | sort -rn | head -12
}

# Warm-up: JIT, caches, every stage's first records; then, with the batch driver, a batch of each flow
# of its warm-up size (not timed: a long batch runs warm). The in-process side warms as many.
for _ in $(seq 1 "$cores"); do selfie_case > /dev/null; video_case > /dev/null; done
if [[ $driver == batch ]]; then
  manifest selfie "$selfie_warmup" > "$data/warm-selfie.csv"
  manifest video "$video_warmup" > "$data/warm-video.csv"
  for flow in selfie video; do
    FACEID_CLI_SKIP_BUILD=1 "$root/deploy/faceid" batch --manifest "$data/warm-$flow.csv" --out "$data/warm-$flow.jsonl" \
      --concurrency "$clients" --api-key bench-key > "$data/warm-$flow.log" 2>&1
  done
fi
thread_ticks > "$data/ticks-0"
selfie_s=$(through_kafka selfie "$selfie_cases")
thread_ticks > "$data/ticks-1"
video_s=$(through_kafka video "$video_cases")
thread_ticks > "$data/ticks-2"
cpu_by_group "$data/ticks-0" "$data/ticks-1" "$selfie_cases" > "$data/selfie.cpu"
cpu_by_group "$data/ticks-1" "$data/ticks-2" "$video_cases" > "$data/video.cpu"
echo "driver: $driver ($clients concurrent cases); outcomes:"
for flow in selfie video; do
  if [[ $driver == batch ]]; then echo "  $flow: $(tr '\n' ' ' < "$data/$flow.out")(wall time with the command's start: $(cat "$data/$flow.wall") s)"
  else echo "  $flow: $(sort "$data/$flow.out" | uniq -c | tr -s ' \n' ' ')"; fi
done

# Single calls, one at a time; verify takes a side token once, so each gets a fresh one (not timed).
side_token() {
  local t1
  t1=$(curl -s "${auth[@]}" -F "selfie=@$front" "$api/validate_front_face" | field token_front_face)
  curl -s "${auth[@]}" -F token_front_face="$t1" -F "selfie=@$side" "$api/validate_side_face" | field token_side_face
}
timed() {   # prints "status seconds"; the body of an answer other than 200 goes to $data/failures
  local out
  out=$(curl -s -w '\n%{http_code} %{time_total}' "${auth[@]}" "$@")
  tail -n 1 <<< "$out"
  [[ $(tail -n 1 <<< "$out") == 200\ * ]] || head -n -1 <<< "$out" >> "$data/failures"
}
for _ in $(seq 1 "$single_calls"); do timed -F "selfie=@$front" "$api/validate_front_face"; done > "$data/p-front"
for _ in $(seq 1 "$single_calls"); do
  token=$(side_token)
  timed -F token="$token" -F comparison_type=0 -F uuid=bench -F "image_ref1=@$ref" "$api/verify"
done > "$data/p-verify"
for _ in $(seq 1 "$single_calls"); do
  token=$(curl -s "${auth[@]}" "$api/get_random_number" | field token_random_number)
  timed -F token_random_number="$token" -F "video=@$clip" "$api/validate_video"
done > "$data/p-video"
# Where the time went, per stage, from the service's own metrics: requests, mean wait before the stage, mean work.
echo "per stage (faceid_stage_*_seconds from /metrics): requests, mean wait since the gateway took them, mean work:"
curl -s "http://127.0.0.1:$port/metrics" | awk '
  /^faceid_stage_(work|wait)_seconds_(sum|count)\{/ {
    match($0, /stage="[^"]*"/); stage = substr($0, RSTART + 7, RLENGTH - 8)
    split($1, name, "{"); v[stage, name[1]] = $2; stages[stage] = 1 }
  END { for (s in stages) printf "  %-10s %5d  wait %8.1f ms  work %8.1f ms\n", s, v[s, "faceid_stage_work_seconds_count"],
    1000 * v[s, "faceid_stage_wait_seconds_sum"] / v[s, "faceid_stage_wait_seconds_count"],
    1000 * v[s, "faceid_stage_work_seconds_sum"] / v[s, "faceid_stage_work_seconds_count"] }' | sort
grep -E "ERROR|no result" "$log" | head -5 || true
stop_service

# The same cases in-process, on as many threads as cores, with the service stopped.
selfie_base=$("${java[@]}" -Dbatch.warmup="$selfie_warmup" org.faceid.streams.processors.BatchBaseline selfie "$selfie_cases" "$cores" "$front" "$side" "$ref")
video_base=$("${java[@]}" -Dbatch.warmup="$video_warmup" org.faceid.streams.processors.BatchBaseline video "$video_cases" "$cores" "$clip" "$ref" "$digits")

echo "batch throughput on $cores cores (load before the run: $load_before):"
for flow in selfie video; do
  if [[ $flow == selfie ]]; then n=$selfie_cases; s=$selfie_s; base=$selfie_base; else n=$video_cases; s=$video_s; base=$video_base; fi
  base_rate=$(echo "$base" | sed -n 's/.*: \([0-9.]*\) cases\/s$/\1/p')
  awk -v flow="$flow" -v n="$n" -v s="$s" -v base="$base_rate" 'BEGIN {
    printf "  %-6s through Kafka: %d cases in %.2f s = %.2f cases/s; in-process: %.2f cases/s; ratio %.2f (target 0.80)\n",
      flow, n, s, n / s, base, n / s / base }'
done
# CPU seconds per case: the service's threads (and the batch command's) against the in-process run's.
# On cores kept busy, in-process / through-Kafka CPU is the most the throughput ratio can reach. Both
# sides count their cases only: BatchBaseline from its first timed case (after its warm-up), the batch
# command from its first case to its last answer (its own summary); the command's whole process (JVM
# start, class loading, connection; /usr/bin/time) is printed beside it.
echo "CPU per case (service threads from /proc, the batch command's own over its cases; in-process: BatchBaseline):"
for flow in selfie video; do
  if [[ $flow == selfie ]]; then n=$selfie_cases; base=$selfie_base; else n=$video_cases; base=$video_base; fi
  service_cpu=$(awk -F'\t' '$2 == "TOTAL" { print $1 }' "$data/$flow.cpu")
  cli_whole=$( [[ -s $data/$flow.cli-cpu ]] && awk -v n="$n" '{ printf "%.3f", ($1 + $2) / n }' "$data/$flow.cli-cpu" || echo 0)
  cli_cpu=$( [[ -s $data/$flow.cli-run-cpu ]] && cat "$data/$flow.cli-run-cpu" || echo "$cli_whole")
  base_cpu=$(echo "$base" | sed -n 's/.* cpu: \([0-9.]*\) s\/case$/\1/p')
  awk -v flow="$flow" -v s="$service_cpu" -v c="$cli_cpu" -v w="$cli_whole" -v b="$base_cpu" 'BEGIN {
    printf "  %-6s through Kafka: service %.3f s + batch command %.3f s (its whole process: %.3f s); in-process %.3f s; CPU ratio %.2f (with the whole process: %.2f)\n",
      flow, s, c, w, b, b / (s + c), b / (s + w) }'
  echo "    the service's largest shares (s/case):"
  grep -v TOTAL "$data/$flow.cpu" | head -8 | awk -F'\t' '{ printf "      %-28s %s\n", $2, $1 }'
done
echo "single HTTP calls, one at a time, $single_calls each (before: validate_front_face 78, verify 55, validate_video 762 ms):"
for name in front verify video; do
  read -r p50 p95 max < <(percentiles "$data/p-$name")
  echo "  $name: p50 $p50 ms, p95 $p95 ms; HTTP 200: $(awk '$1 == 200' "$data/p-$name" | wc -l) / $single_calls"
done
if [[ -s "$data/failures" ]]; then echo "answers other than 200:"; sort "$data/failures" | uniq -c | head -5; fi
