#!/usr/bin/env bash
# Several managers on one PostgreSQL database (issue 24): two real managers on one host and one data directory, a
# PostgreSQL 15 cluster of the bench's own, HAProxy, wrk. Prints
#   - propagation: the time from an assign answered by one manager to the other routing by it, p50 and p99;
#   - the gateway's throughput through HAProxy over one manager and over two, alternated, same run (on this machine
#     it shows the cost of the second manager, not scaling: every process shares its cores);
#   - failover: the time from a SIGTERM, and from a kill -9, of the leader to the other leading (lease 10 s).
# Needs ./mvnw -B install once, and Debian's postgresql, haproxy and wrk.
#   CHANGES (default 100), FAILOVERS rounds (default 3), DURATION seconds per wrk run (default 15), CONNECTIONS (16)
set -euo pipefail
WORK=${WORK:-$(mktemp -d /tmp/daeploy-failover.XXXXXX)}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CHANGES=${CHANGES:-100}; FAILOVERS=${FAILOVERS:-3}; DURATION=${DURATION:-15}; CONNECTIONS=${CONNECTIONS:-16}
for tool in wrk haproxy /usr/lib/postgresql/15/bin/initdb; do
  command -v $tool >/dev/null || { echo "needs $tool: apt-get install wrk haproxy postgresql" >&2; exit 1; }
done
chmod a+rx "$WORK" # the cluster runs as the user postgres

run_test_main io.daeploy.it.ManagersFailoverBench "$CHANGES" "$FAILOVERS" "$DURATION" "$CONNECTIONS"
