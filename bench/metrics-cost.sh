#!/usr/bin/env bash
# What recording the gateway's metrics costs: two managers of this build, one with metrics on (the default) and one
# with DAEPLOY_METRICS=false, each with its own hello service, measured in alternating rounds under the same load
# (wrk, POST {"name":"Bob"}). Prints requests/s, p99 and each manager's CPU per request (user and system time from
# /proc/<pid>/stat over the round), and the CPU added by recording. Goal (issue 16): at most 2 µs added, median of the
# rounds (CLARIFICATIONS: CPU per request, at least 5 rounds). Then the cost of recording alone, in-process
# (MetricsRecordBench): one manager's CPU per request varies by more than 2 µs from round to round.
#   WARMUP=seconds of load before measuring (default 60), DURATION=seconds per run (default 15), ROUNDS (default 5),
#   CONNECTIONS (default 16), THREADS (default 2)
source "$(dirname "$0")/lib.sh"
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-15}; ROUNDS=${ROUNDS:-5}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
cleanup() {
  stop_manager
  if [ -n "${OFF_PID:-}" ]; then MANAGER_URL=$OFF_URL MANAGER_PID=$OFF_PID stop_manager; fi
}
trap cleanup EXIT

build_hello
DAEPLOY_METRICS=false start_manager "" "$WORK/off-data" "$WORK/off.log"
OFF_URL=$MANAGER_URL; OFF_PID=$MANAGER_PID
deploy hello 1.0.0 >/dev/null
[ "$(curl -s -o /dev/null -w '%{http_code}' "$OFF_URL/observe/metrics")" = 404 ] || { echo "metrics are not off" >&2; exit 1; }
start_manager
deploy hello 1.0.0 >/dev/null
declare -A URLS=([on]="$MANAGER_URL/services/hello/hello" [off]="$OFF_URL/services/hello/hello")
declare -A PIDS=([on]="$MANAGER_PID" [off]="$OFF_PID")

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
LUA
echo "warming up for ${WARMUP}s (on and off in turn)"
for name in on off; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((WARMUP / 2))s" -s "$WORK/post.lua" "${URLS[$name]}" >/dev/null
done

TICK_US=$((1000000 / $(getconf CLK_TCK)))
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
printf '%-6s %-7s %12s %10s %16s\n' round metrics "requests/s" p99 "manager µs/req"
ADDED=()
for round in $(seq 1 "$ROUNDS"); do
  declare -A CPU=()
  for name in on off; do
    before=$(cpu_ticks "${PIDS[$name]}")
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "${URLS[$name]}")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    CPU[$name]=$(python3 -c "import sys; t,n,u=map(float,sys.argv[1:]); print(f'{t*u/n:.1f}')" \
      "$(( $(cpu_ticks "${PIDS[$name]}") - before ))" "$requests" "$TICK_US")
    printf '%-6s %-7s %12s %10s %16s %s\n' "$round" "$name" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
      "$(echo "$out" | awk '$1=="99%" {print $2}')" "${CPU[$name]}" "$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')"
  done
  ADDED+=("$(python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{a-b:.1f}')" "${CPU[on]}" "${CPU[off]}")")
  echo "       CPU added by metrics: ${ADDED[-1]} µs per request"
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'CPU added by metrics, median of {len(r)} rounds: {statistics.median(r):.1f} µs per request (goal <= 2); spread {r[0]:.1f} to {r[-1]:.1f}')" "${ADDED[@]}"
echo "($CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per manager and round, 2 cores shared by wrk, managers and services)"

# The same cost alone, without the noise of two managers on 2 cores: TrafficMetrics.answered in a loop, in-process.
echo "recording alone (MetricsRecordBench, in-process):"
(cd "$ROOT" && ./mvnw -B -o -q -pl manager test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed" >&2; exit 1; }
"$JDK" java -cp "$ROOT/manager/target/test-classes:$ROOT/manager/target/classes:$(cat "$WORK/classpath.txt")" \
  io.daeploy.manager.metrics.MetricsRecordBench "$ROUNDS"
