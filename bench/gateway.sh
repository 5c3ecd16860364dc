#!/usr/bin/env bash
# Gateway cost: the hello service called directly, through nginx and HAProxy as plain reverse proxies, and
# through the manager's gateway; same run, same load (wrk, POST {"name":"Bob"}). Prints requests/s, p50, p99,
# the ratio manager/(the better of nginx and HAProxy) and manager p99/HAProxy p99, the CPU time each proxy and the
# service spent per request, and the manager's GC pauses during the measured rounds. Goals (issue 15): throughput >= 1.0 x the better peer, p99 <= 2 x HAProxy's.
#   BASELINE_JAR=path of another manager jar (an earlier commit's): a second manager with its own hello service is
#   measured in the same rounds, as "baseline", and the ratio manager/baseline printed.
#   WARMUP=seconds of load before measuring (default 60: a fresh JVM needs about a minute to settle)
#   DURATION=seconds per measured run (default 20), ROUNDS of the three runs (default 3),
#   CONNECTIONS (default 16), THREADS (default 2)
source "$(dirname "$0")/lib.sh"
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-20}; ROUNDS=${ROUNDS:-3}; CONNECTIONS=${CONNECTIONS:-16}; THREADS=${THREADS:-2}
for tool in wrk nginx haproxy; do
  command -v $tool >/dev/null || { echo "needs $tool: apt-get install wrk nginx-light haproxy" >&2; exit 1; }
done

cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  [ -f "$WORK/haproxy.pid" ] && kill "$(cat "$WORK/haproxy.pid")" 2>/dev/null
  stop_manager
  if [ -n "${BASELINE_PID:-}" ]; then MANAGER_URL=$BASELINE_URL MANAGER_PID=$BASELINE_PID stop_manager; fi
}
trap cleanup EXIT

build_hello
TARGETS=(direct nginx haproxy manager)
if [ -n "${BASELINE_JAR:-}" ]; then
  start_manager "$BASELINE_JAR" "$WORK/baseline-data" "$WORK/baseline.log"
  BASELINE_URL=$MANAGER_URL; BASELINE_PID=$MANAGER_PID
  deploy hello 1.0.0 >/dev/null
  TARGETS+=(baseline)
fi
# the manager's GC pauses are logged, to tell them apart from other sources of its latency tail
MANAGER_JAVA_OPTS="${MANAGER_JAVA_OPTS:-} -Xlog:gc:file=$WORK/manager-gc.log:uptime" start_manager
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
HAPROXY_PORT=$(free_port)
cat > "$WORK/haproxy.cfg" <<CONF
global
  nbthread 2
  pidfile $WORK/haproxy.pid
  daemon
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
  option forwardfor
frontend in
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend hello
backend hello
  server hello 127.0.0.1:$SERVICE_PORT
CONF
haproxy -f "$WORK/haproxy.cfg"

# CPU per request of a proxy (its own processes: nginx's master and workers) and of the service behind it. On 2 cores
# shared by all, the throughput of a target follows the CPU the whole chain spends per request.
TICK_US=$((1000000 / $(getconf CLK_TCK)))
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
descendants() { local child; for child in $(pgrep -P "$1" || true); do echo "$child"; descendants "$child"; done; }
# the hello service started by the manager of pid $1
service_pid() { descendants "$1" | grep -Fxf - <(pgrep -f -- "-Ddaeploy.service=hello_1.0.0( |$)") | head -1; }
SERVICE_PID=$(service_pid "$MANAGER_PID")
declare -A PROXY_PIDS=([direct]="" [nginx]="$(cat "$WORK/nginx.pid") $(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')" [haproxy]="$(cat "$WORK/haproxy.pid")" [manager]="$MANAGER_PID")
declare -A SERVICE_PIDS=([direct]="$SERVICE_PID" [nginx]="$SERVICE_PID" [haproxy]="$SERVICE_PID" [manager]="$SERVICE_PID")
if [ -n "${BASELINE_PID:-}" ]; then PROXY_PIDS[baseline]=$BASELINE_PID; SERVICE_PIDS[baseline]=$(service_pid "$BASELINE_PID"); fi

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
LUA

declare -A URLS=(
  [direct]="http://127.0.0.1:$SERVICE_PORT/hello"
  [nginx]="http://127.0.0.1:$NGINX_PORT/hello"
  [haproxy]="http://127.0.0.1:$HAPROXY_PORT/hello"
  [manager]="$MANAGER_URL/services/hello/hello"
)
[ -n "${BASELINE_URL:-}" ] && URLS[baseline]="$BASELINE_URL/services/hello/hello"
for name in "${TARGETS[@]}"; do
  [ "$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"Bob"}' "${URLS[$name]}")" = '"Hello Bob"' ] \
    || { echo "$name does not answer \"Hello Bob\"" >&2; exit 1; }
done

echo "warming up for ${WARMUP}s (${TARGETS[*]} in turn)"
share=$(( (WARMUP + ${#TARGETS[@]} - 1) / ${#TARGETS[@]} ))
for name in "${TARGETS[@]}"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${share}s" -s "$WORK/post.lua" "${URLS[$name]}" >/dev/null
done

# Rounds alternate the three targets, so that a machine that slows down for a while (this one varies by
# ±15 % from hour to hour) weighs on all of them alike; each round gives its own ratio.
printf '%-6s %-8s %12s %10s %10s %14s %16s\n' round target "requests/s" p50 p99 "proxy µs/req" "service µs/req"
RATIOS=(); BASELINE_RATIOS=(); TAILS=()
GC_FROM=$(wc -l < "$WORK/manager-gc.log")
for round in $(seq 1 "$ROUNDS"); do
  declare -A RPS=() P99=()
  for name in "${TARGETS[@]}"; do
    proxy0=$(cpu_ticks ${PROXY_PIDS[$name]}); service0=$(cpu_ticks "${SERVICE_PIDS[$name]}")
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "${URLS[$name]}")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    proxy_us=$(( ($(cpu_ticks ${PROXY_PIDS[$name]}) - proxy0) * TICK_US / requests ))
    service_us=$(( ($(cpu_ticks "${SERVICE_PIDS[$name]}") - service0) * TICK_US / requests ))
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')
    RPS[$name]=$rps; P99[$name]=$p99
    printf '%-6s %-8s %12s %10s %10s %14s %16s %s\n' "$round" "$name" "$rps" "$p50" "$p99" "$proxy_us" "$service_us" "$errors"
  done
  ratio=$(python3 -c "import sys; n,h,m=map(float,sys.argv[1:]); print(f'{m/max(n,h):.2f}')" "${RPS[nginx]}" "${RPS[haproxy]}" "${RPS[manager]}")
  tail=$(python3 -c "import sys
def ms(v): return float(v[:-2]) if v.endswith('ms') else float(v[:-2])/1000 if v.endswith('us') else float(v[:-1])*1000
print(f'{ms(sys.argv[1])/ms(sys.argv[2]):.2f}')" "${P99[manager]}" "${P99[haproxy]}")
  python3 -c "import sys; d,n,h,m=map(float,sys.argv[1:]); print(f'       manager/best peer {m/max(n,h):.2f}, manager/nginx {m/n:.2f}, manager/haproxy {m/h:.2f}, manager/direct {m/d:.2f}')" \
    "${RPS[direct]}" "${RPS[nginx]}" "${RPS[haproxy]}" "${RPS[manager]}"
  echo "       manager p99/haproxy p99 $tail"
  TAILS+=("$tail")
  RATIOS+=("$ratio")
  if [ -n "${RPS[baseline]:-}" ]; then
    BASELINE_RATIOS+=("$(python3 -c "import sys; m,b=map(float,sys.argv[1:]); print(f'{m/b:.2f}')" "${RPS[manager]}" "${RPS[baseline]}")")
    echo "       manager/baseline ${BASELINE_RATIOS[-1]}"
  fi
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'manager/best peer throughput, median of {len(r)} rounds: {statistics.median(r):.2f} (goal >= 1.0); rounds: {r}')" "${RATIOS[@]}"
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'manager p99/haproxy p99, median of {len(r)} rounds: {statistics.median(r):.2f} (goal <= 2.0); rounds: {r}')" "${TAILS[@]}"
tail -n +"$((GC_FROM + 1))" "$WORK/manager-gc.log" | python3 -c "import re,sys
p=[float(m.group(1)) for m in (re.search(r'Pause.* ([0-9.]+)ms$', l.strip()) for l in sys.stdin) if m]
print(f'manager GC pauses while measuring: {len(p)}, total {sum(p):.0f} ms, longest {max(p, default=0):.1f} ms, over 5 ms: {sum(1 for x in p if x > 5)}')"
[ ${#BASELINE_RATIOS[@]} -gt 0 ] && python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'manager/baseline throughput, median of {len(r)} rounds: {statistics.median(r):.2f}; rounds: {r}')" "${BASELINE_RATIOS[@]}"
echo "($CONNECTIONS connections, $THREADS wrk threads, ${DURATION}s per target and round, 2 cores shared by wrk, nginx, manager and service)"
