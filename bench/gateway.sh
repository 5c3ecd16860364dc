#!/usr/bin/env bash
# Gateway cost: the hello service called directly, through nginx as a plain reverse proxy, and through
# the manager's gateway; same run, same load (wrk, POST {"name":"Bob"}). Prints requests/s, p50, p99
# and the ratio manager/nginx. Goal (issue 2): manager throughput ≥ 0.8 × nginx's.
#   BASELINE_JAR=path of another manager jar (an earlier commit's): a second manager with its own hello service is
#   measured in the same rounds, as "baseline", and the ratio manager/baseline printed.
#   WARMUP=seconds of load before measuring (default 60: a fresh JVM needs about a minute to settle)
#   DURATION=seconds per measured run (default 20), ROUNDS of the three runs (default 3),
#   CONNECTIONS (default 16), THREADS (default 2)
source "$(dirname "$0")/lib.sh"
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-20}; ROUNDS=${ROUNDS:-3}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-2}
for tool in wrk nginx; do
  command -v $tool >/dev/null || { echo "needs $tool: apt-get install wrk nginx-light" >&2; exit 1; }
done

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  stop_manager
  if [ -n "${BASELINE_PID:-}" ]; then MANAGER_URL=$BASELINE_URL MANAGER_PID=$BASELINE_PID stop_manager; fi
}
trap cleanup EXIT

build_hello
TARGETS=(direct nginx manager)
if [ -n "${BASELINE_JAR:-}" ]; then
  start_manager "$BASELINE_JAR" "$WORK/baseline-data" "$WORK/baseline.log"
  BASELINE_URL=$MANAGER_URL; BASELINE_PID=$MANAGER_PID
  deploy hello 1.0.0 >/dev/null
  TARGETS+=(baseline)
fi
start_manager
deploy hello 1.0.0 >/dev/null
SERVICE_PORT=$(curl -fs "$MANAGER_URL/services/~inspection?name=hello&version=1.0.0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])')
NGINX_PORT=$(free_port)
cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  upstream hello { server 127.0.0.1:$SERVICE_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://hello;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK"

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
LUA

declare -A URLS=(
  [direct]="http://127.0.0.1:$SERVICE_PORT/hello"
  [nginx]="http://127.0.0.1:$NGINX_PORT/hello"
  [manager]="$MANAGER_URL/services/hello/hello"
)
[ -n "${BASELINE_URL:-}" ] && URLS[baseline]="$BASELINE_URL/services/hello/hello"
for name in "${TARGETS[@]}"; do
  [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"Bob"}' "${URLS[$name]}")" = '"Hello Bob"' ] \
    || { echo "$name does not answer \"Hello Bob\"" >&2; exit 1; }
done

echo "warming up for ${WARMUP}s (service, nginx and manager in turn)"
share=$(( (WARMUP + ${#TARGETS[@]} - 1) / ${#TARGETS[@]} ))
for name in "${TARGETS[@]}"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${share}s" -s "$WORK/post.lua" "${URLS[$name]}" >/dev/null
done

# Rounds alternate the three targets, so that a machine that slows down for a while (this one varies by
# ±15 % from hour to hour) weighs on all of them alike; each round gives its own ratio.
printf '%-6s %-8s %12s %10s %10s\n' round target "requests/s" p50 p99
RATIOS=(); BASELINE_RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  declare -A RPS=()
  for name in "${TARGETS[@]}"; do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "${URLS[$name]}")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')
    RPS[$name]=$rps
    printf '%-6s %-8s %12s %10s %10s %s\n' "$round" "$name" "$rps" "$p50" "$p99" "$errors"
  done
  ratio=$(python3 -c "import sys; d,n,m=map(float,sys.argv[1:]); print(f'{m/n:.2f}')" "${RPS[direct]}" "${RPS[nginx]}" "${RPS[manager]}")
  python3 -c "import sys; d,n,m=map(float,sys.argv[1:]); print(f'       manager/nginx {m/n:.2f}, manager/direct {m/d:.2f}, nginx/direct {n/d:.2f}')" \
    "${RPS[direct]}" "${RPS[nginx]}" "${RPS[manager]}"
  RATIOS+=("$ratio")
  if [ -n "${RPS[baseline]:-}" ]; then
    BASELINE_RATIOS+=("$(python3 -c "import sys; m,b=map(float,sys.argv[1:]); print(f'{m/b:.2f}')" "${RPS[manager]}" "${RPS[baseline]}")")
    echo "       manager/baseline ${BASELINE_RATIOS[-1]}"
  fi
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'manager/nginx throughput, median of {len(r)} rounds: {statistics.median(r):.2f} (goal >= 0.80); rounds: {r}')" "${RATIOS[@]}"
[ ${#BASELINE_RATIOS[@]} -gt 0 ] && python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'manager/baseline throughput, median of {len(r)} rounds: {statistics.median(r):.2f}; rounds: {r}')" "${BASELINE_RATIOS[@]}"
echo "($CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per target and round, 2 cores shared by wrk, nginx, manager and service)"
