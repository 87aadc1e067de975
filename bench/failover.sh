#!/usr/bin/env bash
# Failover under load: every stage in a container of its own (broker, gateway and stages from the
# images deploy/images/build.sh builds), a steady load of every kind of call (2 clients), then each
# stage in turn killed with SIGKILL (docker kill), started again 2 s later, and watched for
# SETTLE seconds. Prints a table: per stage, the calls sent from its kill to the next one, answered,
# lost (no answer or 5xx), answered twice (more than one committed result for its request_id), and
# the seconds from its start to the stage running and to the first answer through it.
#   bench/failover.sh [SETTLE=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
deploy/fetch-models.sh --test-media >&2
./mvnw -q -B -o -DskipTests -pl deploy -am package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
deploy/images/build.sh
. "$root/.mvn/find-jdk.sh"
# As the build's container tests: no registry image (Ryuk, alpine) is needed.
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
export FACEID_TESTDATA="${FACEID_TESTDATA:-$root/../shared/testdata}"
exec "$(pick_jdk)/bin/java" -Xss4m -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.faceid.streams.schema \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "deploy/target/test-classes:deploy/target/classes:$(cat deploy/target/test-classpath.txt)" \
  org.faceid.streams.local.FailoverBench "$@"
