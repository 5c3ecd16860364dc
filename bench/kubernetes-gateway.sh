#!/usr/bin/env bash
# The gateway over 1 pod of a version against 3, same run: the fixture service's hello on the kubernetes runtime as
# two names, single (1 replica) and triple (3), its pods the stand-in kubelet's JVMs on loopback addresses (no real
# cluster can run here), fabric8's mock as the API server, a real manager, wrk (POST {"name":"Bob"}). Rounds alternate
# the two; prints requests/s, p50, p99 per round, the medians and the ratio 3/1.
# Needs ./mvnw -B install once and .ci/docker-setup.sh (the registry).
#   WARMUP=seconds of load on each before measuring (default 60: three pods each get a third of it),
#   DURATION=seconds per run (default 20), ROUNDS (default 3), CONNECTIONS (default 16)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/daeploy-kubernetes-gateway.XXXXXX)}
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-20}; ROUNDS=${ROUNDS:-3}; CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

echo "building the integration tests' classes and classpath (offline)"
(cd "$ROOT" && ./mvnw -B -o -q -pl integration-tests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed (needs ./mvnw -B install once, online)" >&2; exit 1; }
IT="$ROOT/integration-tests"
"$ROOT/bin/jdk21" java -cp "$IT/target/test-classes:$(cat "$WORK/classpath.txt")" \
    -Ddaeploy.rootDir="$ROOT" -Ddaeploy.managerJar="$ROOT/manager/target/daeploy-manager.jar" \
    -Ddaeploy.fixtureDir="$IT/fixture-service/target" -Ddaeploy.workDir="$WORK/it-work" \
    -Djava.util.logging.config.file=/dev/null \
    io.daeploy.it.KubernetesGatewayBench "$WARMUP" "$DURATION" "$ROUNDS" "$CONNECTIONS"
