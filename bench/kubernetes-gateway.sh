#!/usr/bin/env bash
# The gateway over 1 pod of a version against 3, same run: the fixture service's hello on the kubernetes runtime as
# two names, single (1 replica) and triple (3), its pods the stand-in kubelet's JVMs on loopback addresses (no real
# cluster can run here), fabric8's mock as the API server, a real manager, wrk (POST {"name":"Bob"}). Rounds alternate
# the two; prints requests/s, p50, p99 per round, the medians and the ratio 3/1.
# Needs ./mvnw -B install once and .ci/docker-setup.sh (the registry).
#   WARMUP=seconds of load on each before measuring (default 60: three pods each get a third of it),
#   DURATION=seconds per run (default 20), ROUNDS (default 3), CONNECTIONS (default 16)
set -euo pipefail
WORK=${WORK:-$(mktemp -d /tmp/daeploy-kubernetes-gateway.XXXXXX)}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-20}; ROUNDS=${ROUNDS:-3}; CONNECTIONS=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

run_test_main io.daeploy.it.KubernetesGatewayBench "$WARMUP" "$DURATION" "$ROUNDS" "$CONNECTIONS"
