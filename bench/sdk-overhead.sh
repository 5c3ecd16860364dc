#!/usr/bin/env bash
# SDK overhead: the entrypoint hello(name) served by the SDK against a hand-written Helidon SE handler doing the same
# work (read the body, parse the JSON, check the name, answer the JSON greeting), each in a JVM of its own, same run,
# same load (wrk, POST {"name":"Bob"}). Prints requests/s, p50 and p99 per round, and the ratio sdk/plain.
# Goal (issue 6): sdk throughput >= 0.8 x plain. The SDK entrypoint has its access log off, as the plain handler logs nothing.
#   WARMUP=seconds of load per server before measuring (default 60: a fresh JVM needs about a minute to settle)
#   DURATION=seconds per measured run (default 15), ROUNDS (default 3, alternating sdk and plain),
#   CONNECTIONS (default 16), THREADS (default 2)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK="$ROOT/bin/jdk21"
WORK=${WORK:-$(mktemp -d /tmp/daeploy-sdk-bench.XXXXXX)}
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-15}; ROUNDS=${ROUNDS:-3}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "building the SDK's test classes and classpath (offline)"
(cd "$ROOT" && "$ROOT/mvnw" -B -o -q -pl sdk test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed (needs ./mvnw -B -pl sdk install once, online)" >&2; exit 1; }
CLASSPATH="$ROOT/sdk/target/test-classes:$ROOT/sdk/target/classes:$(cat "$WORK/classpath.txt")"

declare -A PORT URL
for kind in sdk plain; do
  PORT[$kind]=$(free_port)
  URL[$kind]="http://127.0.0.1:${PORT[$kind]}/hello"
  "$JDK" java -cp "$CLASSPATH" io.daeploy.sdk.bench.OverheadServers "$kind" "${PORT[$kind]}" > "$WORK/$kind.log" 2>&1 &
  PIDS+=($!)
done
for kind in sdk plain; do
  for _ in $(seq 1 300); do
    answer=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"Bob"}' "${URL[$kind]}" || true)
    [ "$answer" = '"Hello Bob"' ] && break
    sleep 0.1
  done
  [ "$answer" = '"Hello Bob"' ] || { echo "$kind does not answer \"Hello Bob\"; see $WORK/$kind.log" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{}' "${URL[$kind]}")" = 422 ] \
    || { echo "$kind does not refuse a missing name with 422" >&2; exit 1; }
done

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
LUA

echo "warming up for ${WARMUP}s per server"
for kind in sdk plain; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/post.lua" "${URL[$kind]}" >/dev/null
done

printf '%-6s %-6s %12s %10s %10s\n' round server "requests/s" p50 p99
declare -A TOTAL=([sdk]=0 [plain]=0)
for round in $(seq 1 "$ROUNDS"); do
  for kind in sdk plain; do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "${URL[$kind]}")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')
    TOTAL[$kind]=$(python3 -c "print(${TOTAL[$kind]} + $rps)")
    printf '%-6s %-6s %12s %10s %10s %s\n' "$round" "$kind" "$rps" "$p50" "$p99" "$errors"
  done
done
python3 -c "import sys; s,p,n=float(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]); print(f'mean requests/s: sdk {s/n:.0f}, plain {p/n:.0f}; sdk/plain throughput: {s/p:.2f} (goal >= 0.80)')" \
  "${TOTAL[sdk]}" "${TOTAL[plain]}" "$ROUNDS"
echo "($CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per run, $ROUNDS rounds; 2 cores shared by wrk and both JVMs)"
