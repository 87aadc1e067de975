#!/usr/bin/env bash
# Builds what is needed and starts the whole service in one JVM: an embedded single-node Kafka
# (KRaft, data under FACEID_DATA_DIR, default .faceid-local/), the topics, every processor stage
# and the gateway on 127.0.0.1:${FACEID_HTTP_PORT:-8080}. Ctrl-C stops it cleanly.
# FACEID_BOOTSTRAP_SERVERS=host:port uses an existing cluster instead of the embedded broker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

deploy/fetch-models.sh
deploy/install-speech.sh
./mvnw -q -B -DskipTests -pl deploy -am package
. "$root/.mvn/find-jdk.sh"
java_home="$(pick_jdk)"
classpath="$root/deploy/target/classes:$(cat "$root/deploy/target/runtime-classpath.txt")"

# Native memory under 20 MB uploads (SECURITY.md, "forged_tokens"): the JDK caches a direct buffer as
# large as the largest heap buffer each thread ever wrote to a socket or file (19 MB per Kafka thread),
# and glibc keeps freed large chunks in up to 8 arenas a core; both are capped here. Measured
# (bench/hostile.sh, forged_tokens, A/B twice): max RSS 1,659-1,670 -> 1,408-1,461 MiB, the same
# attacker and batch throughput. FACEID_JAVA_OPTS can override the first, MALLOC_ARENA_MAX the second.
# -Xss4m: onnxruntime crashes the JVM on the default 1 MB thread stack while loading the face models
# (and stream threads run the models); 2 MB was measured to be enough.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec "$java_home/bin/java" -Xss4m -Djdk.nio.maxCachedBufferSize=262144 ${FACEID_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$classpath" org.faceid.streams.local.FaceIdLocal
