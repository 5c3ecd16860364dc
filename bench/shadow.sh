#!/usr/bin/env bash
# Main-path latency with 0 shadows against 2 shadows (one of them sleeping 2 s per call), same run.
# Goal (issue 4): p50 and p99 with shadows ≤ 1.1 × without.
# Two names run the same service: "plain" has no shadows, "fix" has a main and 2 shadows. Rounds alternate
# between them, so a machine that slows down or speeds up during the run weighs on both sides alike.
# Load: wrk with CONNECTIONS connections, each pausing between calls (a steady, not saturating, rate), at
# each of PAUSES (milliseconds, default "10 2": about 370 and 1450 requests/s here).
# Besides latency it prints the CPU time per request of the manager, the main and the fast shadow
# (from /proc), which is what the copies cost.
# Shadows run at nice DAEPLOY_SHADOW_NICE (default 19); DAEPLOY_SHADOW_NICE=0 shows what they cost at the main's priority.
#   WARMUP (default 60 s), DURATION (default 15 s), ROUNDS (default 5), CONNECTIONS (default 4), PAUSES (default "10 2")
source "$(dirname "$0")/lib.sh"
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-15}; ROUNDS=${ROUNDS:-5}; CONNECTIONS=${CONNECTIONS:-4}; PAUSES=${PAUSES:-10 2}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
[ -r /proc/self/stat ] || { echo "needs Linux /proc for the CPU figures" >&2; exit 1; }
FIXTURE="$ROOT/integration-tests/fixture-service/target"
[ -f "$FIXTURE/fixture-service.jar" ] || { echo "build first: ./mvnw -B -ntp install -DskipTests" >&2; exit 1; }
trap stop_manager EXIT
(cd "$FIXTURE" && "$JDK" jar --create --no-manifest --file "$WORK/hello.zip" fixture-service.jar libs)
start_manager
deploy plain 1.0.0 >/dev/null
deploy fix 1.0.0 >/dev/null
deploy fix 2.0.0 >/dev/null
curl -fsS -F name=fix -F version=3.0.0 -F 'env={"FIXTURE_HELLO_DELAY_MS":"2000"}' -F "file=@$WORK/hello.zip" "$MANAGER_URL/services/~deploy" >/dev/null
for pause in $PAUSES; do
  cat > "$WORK/paced-$pause.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
function delay() return $pause end
LUA
done
pid_of() { pgrep -f -- "-Ddaeploy.service=$1( |$)" | head -1; }
PLAIN=$(pid_of plain_1.0.0); MAIN=$(pid_of fix_1.0.0); FAST_SHADOW=$(pid_of fix_2.0.0)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# measure NAME PAUSE: prints "p50 p99 requests/s manager-µs main-µs shadow-µs" (CPU per request)
measure() {
  local name=$1 pause=$2 main_pid out n m0 s0 x0
  main_pid=$([ "$name" = plain ] && echo "$PLAIN" || echo "$MAIN")
  m0=$(cpu_ticks "$MANAGER_PID"); s0=$(cpu_ticks "$main_pid"); x0=$(cpu_ticks "$FAST_SHADOW")
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/paced-$pause.lua" "$MANAGER_URL/services/$name/hello")
  if echo "$out" | grep -q 'Non-2xx\|Socket errors'; then echo "errors in the run: $out" >&2; exit 1; fi
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') $(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
       "$(( ($(cpu_ticks "$MANAGER_PID") - m0) * TICK_US / n ))" "$(( ($(cpu_ticks "$main_pid") - s0) * TICK_US / n ))" \
       "$(( ($(cpu_ticks "$FAST_SHADOW") - x0) * TICK_US / n ))"
}
warm_up() { wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/paced-${PAUSES##* }.lua" "$MANAGER_URL/services/$1/hello" >/dev/null; }

echo "shadows at nice $(curl -fsS "$MANAGER_URL/services/~inspection?name=fix&version=2.0.0" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin).get("cpuNice", "0 (Linux autogroups do not weigh services here)"))')"
echo "warming up ${WARMUP}s each: plain (no shadows), fix (2 shadows, one sleeping 2 s)"
warm_up plain
warm_up fix
for pause in $PAUSES; do
  echo
  printf '%-6s %-18s %10s %10s %11s   %s\n' round "main path" p50 p99 requests/s "CPU per request: manager, main, fast shadow"
  rows=()
  for round in $(seq 1 "$ROUNDS"); do
    for name in plain fix; do
      read -r p50 p99 rps mgr svc shadow <<<"$(measure "$name" "$pause")"
      label=$([ "$name" = plain ] && echo "0 shadows" || echo "2 shadows")
      printf '%-6s %-18s %10s %10s %11s   %s µs, %s µs, %s µs\n' "$round" "$label" "$p50" "$p99" "$rps" "$mgr" "$svc" \
             "$([ "$name" = plain ] && echo - || echo "$shadow")"
      rows+=("$name $p50 $p99")
    done
  done
  printf '%s\n' "${rows[@]}" | python3 -c '
import re, statistics, sys
def us(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v); return float(m[1]) * {"us": 1, "ms": 1000, "s": 1e6}[m[2]]
rows = [line.split() for line in sys.stdin]
plain = [r for r in rows if r[0] == "plain"]; fix = [r for r in rows if r[0] == "fix"]
p50 = [us(b[1]) / us(a[1]) for a, b in zip(plain, fix)]; p99 = [us(b[2]) / us(a[2]) for a, b in zip(plain, fix)]
print("ratio with/without shadows per round: p50 %s, p99 %s" % (" ".join("%.2f" % r for r in p50), " ".join("%.2f" % r for r in p99)))
print("median ratio (pause %s ms): p50 %.2f, p99 %.2f (goal <= 1.10)" % (sys.argv[1], statistics.median(p50), statistics.median(p99)))
' "$pause"
done
echo
curl -fs "$MANAGER_URL/services/~shadow?name=fix" | python3 -c '
import json,sys
r=json.load(sys.stdin)
for s in r["shadows"]:
    print("shadow %s: mirrored %d, matched %d, differed %d, errors %d, dropped %d, shadow p50 %s ms" % (
        s["version"], s["mirrored"], s["matched"], s["differed"], s["errors"], s["dropped"], s["shadowLatencyMs"]["p50"]))'
echo "resident memory: main $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$MAIN/status"), manager $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$MANAGER_PID/status")"
