#!/usr/bin/env bash
# Reconcile after a manager restart: a store with VERSIONS recorded running versions whose instances still run, then a
# new core over it, timed until every version's route is published. Prints the time of each round and the median.
#   RUNTIME=fake (default): the in-memory fake runtime, the core's own cost. Goal (issue 13): at most 1 s for 200.
#   RUNTIME=kubernetes: the kubernetes runtime, its versions' Deployments, Services and EndpointSlices in fabric8's mock
#     API server (no real one can run here), timed from the runtime's start (its informers' first lists).
#     Goal (issue 14): at most 2 s for 200.
#   VERSIONS (default 200), ROUNDS (default 5)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/daeploy-reconcile-bench.XXXXXX)}
VERSIONS=${VERSIONS:-200}; ROUNDS=${ROUNDS:-5}; RUNTIME=${RUNTIME:-fake}
case "$RUNTIME" in
  fake) BENCH=io.daeploy.manager.core.ReconcileBench ;;
  kubernetes) BENCH=io.daeploy.manager.runtime.kubernetes.KubernetesReconcileBench ;;
  *) echo "RUNTIME must be fake or kubernetes, got $RUNTIME" >&2; exit 2 ;;
esac

echo "building the manager's test classes and classpath (offline)"
(cd "$ROOT" && ./mvnw -B -o -q -pl manager test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed (needs ./mvnw -B install once, online)" >&2; exit 1; }
CLASSPATH="$ROOT/manager/target/test-classes:$ROOT/manager/target/classes:$(cat "$WORK/classpath.txt")"
"$ROOT/bin/jdk21" java -cp "$CLASSPATH" -Djava.util.logging.config.file=/dev/null "$BENCH" "$VERSIONS" "$ROUNDS"
