#!/usr/bin/env bash
# Prints the three liveness-quality tables of issue 9, each measured the way the service will be
# judged (on people the calibration never saw):
#   1. spoken digits, per real speaker left out, per condition (IssuedNumberMeasurement);
#   2. lip sync, per attack family, leave-one-clip-out (LipSyncCalibration);
#   3. front/side pose, per photo set and label, with leave-one-person-out (PoseMeasurement).
# Usage: bench/liveness-quality.sh [numbers-per-speaker=20] [threads=2] [engine=moonshine|pocketsphinx]
# (the speech table scores with the engine that decides in production: Moonshine, fetched by
# deploy/fetch-models.sh; pocketsphinx gives the fallback's table).
# (FACEID_TESTDATA: default ../shared/testdata). A full run takes 15-20 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export FACEID_TESTDATA="${FACEID_TESTDATA:-$(cd "$root/.." && pwd)/shared/testdata}"
numbers="${1:-20}"
threads="${2:-2}"
engine="${3:-moonshine}"

deploy/fetch-models.sh --test-media
deploy/install-speech.sh --test
./mvnw -q -B -DskipTests -pl stream-processors -am install
./mvnw -q -B -o -pl stream-processors test-compile
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
./mvnw -q -B -o -pl stream-processors dependency:build-classpath -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
. "$root/.mvn/find-jdk.sh"
java=("$(pick_jdk)/bin/java" -Xss4m --enable-native-access=ALL-UNNAMED
  -cp "$root/stream-processors/target/test-classes:$root/stream-processors/target/classes:$(cat "$classpath_file")")

echo "== 1. spoken digits: the issued number against the best competing reading, leave-one-speaker-out"
"${java[@]}" org.faceid.streams.processors.speech.IssuedNumberMeasurement "$numbers" "$threads" "$engine" 2>/dev/null
echo
echo "== 2. lip sync: per attack family, leave-one-clip-out (mouth track at 12.5 fps, as the service samples)"
"${java[@]}" org.faceid.streams.processors.signals.LipSyncCalibration 12.5 2>/dev/null
echo
echo "== 3. front and side: per photo set and label, leave-one-person-out"
"${java[@]}" org.faceid.streams.processors.face.PoseMeasurement 2>/dev/null
