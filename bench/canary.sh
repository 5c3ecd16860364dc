#!/usr/bin/env bash
# Weighted routing's cost: the hello service as "plain" (its main answers everything) and as "split" (main 1.0.0 and
# a canary 2.0.0 at WEIGHT %), both through the same manager, in alternating rounds under the same load (wrk, POST
# {"name":"Bob"}). Prints requests/s, p50, p99, the CPU per request of the manager and of the services behind each
# name, and the ratio split/plain.
# Goal (issue 16): throughput ratio >= 0.98, median of the rounds. Copies to shadows are off for this run
# (DAEPLOY_MIRROR_MAX_IN_FLIGHT=0): a canary gets a copy of each request its main answers, and that copy's cost is
# the shadow's, measured by shadow.sh; here only the choice of a version per request is measured.
#   WEIGHT=the canary's share in percent (default 5, a first step; at 50 two service JVMs share the load, and each
#   then costs more CPU per request on 2 cores)
#   WARMUP=seconds of load before measuring (default 60), DURATION=seconds per run (default 15), ROUNDS (default 5),
#   CONNECTIONS (default 16), THREADS (default 2)
source "$(dirname "$0")/lib.sh"
WEIGHT=${WEIGHT:-5}; WARMUP=${WARMUP:-60}; DURATION=${DURATION:-15}; ROUNDS=${ROUNDS:-5}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
trap stop_manager EXIT

build_hello
DAEPLOY_MIRROR_MAX_IN_FLIGHT=0 start_manager
deploy plain 1.0.0 >/dev/null
deploy split 1.0.0 >/dev/null
deploy split 2.0.0 >/dev/null
curl -fsS -X PUT -H 'Content-Type: application/json' -d "{\"name\":\"split\",\"version\":\"2.0.0\",\"weight\":$WEIGHT}" \
  "$MANAGER_URL/services/~weights" >/dev/null

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
LUA
for name in plain split; do
  [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"Bob"}' "$MANAGER_URL/services/$name/hello")" = '"Hello Bob"' ] \
    || { echo "$name does not answer \"Hello Bob\"" >&2; exit 1; }
done
versions=$(for _ in $(seq 1 100); do curl -s -o /dev/null -D - -X POST -H 'Content-Type: application/json' -d '{"name":"Bob"}' \
  "$MANAGER_URL/services/split/hello" | awk -F': ' 'tolower($1)=="x-daeploy-version" {print $2}' | tr -d '\r'; done | sort | uniq -c | tr -s ' ')
echo "split answered by (of 100 requests):$versions"

echo "warming up for ${WARMUP}s (plain and split in turn)"
for name in plain split; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((WARMUP / 2))s" -s "$WORK/post.lua" "$MANAGER_URL/services/$name/hello" >/dev/null
done

TICK_US=$((1000000 / $(getconf CLK_TCK)))
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$total"; }
service_pids() { pgrep -f -- "-Ddaeploy.service=$1_" | tr '\n' ' '; }
declare -A SERVICES=([plain]="$(service_pids plain)" [split]="$(service_pids split)")
printf '%-6s %-6s %12s %10s %10s %16s %17s\n' round target "requests/s" p50 p99 "manager µs/req" "services µs/req"
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  declare -A RPS=()
  for name in plain split; do
    before=$(cpu_ticks "$MANAGER_PID"); services_before=$(cpu_ticks ${SERVICES[$name]})
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$MANAGER_URL/services/$name/hello")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    cpu_us=$(( ($(cpu_ticks "$MANAGER_PID") - before) * TICK_US / requests ))
    services_us=$(( ($(cpu_ticks ${SERVICES[$name]}) - services_before) * TICK_US / requests ))
    RPS[$name]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    printf '%-6s %-6s %12s %10s %10s %16s %17s %s\n' "$round" "$name" "${RPS[$name]}" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
      "$(echo "$out" | awk '$1=="99%" {print $2}')" "$cpu_us" "$services_us" "$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')"
  done
  RATIOS+=("$(python3 -c "import sys; p,s=map(float,sys.argv[1:]); print(f'{s/p:.3f}')" "${RPS[plain]}" "${RPS[split]}")")
  echo "       split/plain ${RATIOS[-1]}"
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'split/plain throughput, median of {len(r)} rounds: {statistics.median(r):.3f} (goal >= 0.98); spread {r[0]:.3f} to {r[-1]:.3f}')" "${RATIOS[@]}"
echo "(canary at $WEIGHT %, $CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per target and round, 2 cores shared by wrk, manager and services)"
