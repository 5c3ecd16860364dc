#!/usr/bin/env bash
# The tutorial's yatzee: POST /services/yatzee/play (five callService hops to die_roller) p50/p99 over
# COUNT calls, and the cost of one hop through the gateway: die_roller's roll through the manager
# against the same call straight to its port, same run. Goal (issue 3): the gateway adds ≤ 1 ms p50 per hop.
#   COUNT (default 2000), WARMUP calls (default 3000)
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-2000}; WARMUP=${WARMUP:-3000}
EX="$ROOT/examples/cross-service-communication"
for app in die-roller yatzee; do
  [ -f "$EX/$app/target/$app.jar" ] || { echo "build first: bin/jdk21 mvn -B -q install -DskipTests" >&2; exit 1; }
  (cd "$EX/$app/target" && "$JDK" jar --create --no-manifest --file "$WORK/$app.zip" "$app.jar" libs)
done
trap stop_manager EXIT
start_manager
curl -fsS -F name=die_roller -F version=1.0.0 -F "file=@$WORK/die-roller.zip" "$MANAGER_URL/services/~deploy" >/dev/null
curl -fsS -F name=yatzee -F version=1.0.0 -F "file=@$WORK/yatzee.zip" "$MANAGER_URL/services/~deploy" >/dev/null
DIE_PORT=$(curl -fs "$MANAGER_URL/services/~inspection?name=die_roller&version=1.0.0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])')
LAT="python3 $ROOT/bench/latency.py"
echo "warming up ($WARMUP calls each)"
$LAT "$MANAGER_URL/services/yatzee/play" "$WARMUP" >/dev/null
$LAT "http://127.0.0.1:$DIE_PORT/roll" "$WARMUP" >/dev/null
$LAT "$MANAGER_URL/services/die_roller/roll" "$WARMUP" >/dev/null
read -r play50 play99 <<<"$($LAT "$MANAGER_URL/services/yatzee/play" "$COUNT")"
read -r direct50 direct99 <<<"$($LAT "http://127.0.0.1:$DIE_PORT/roll" "$COUNT")"
read -r gw50 gw99 <<<"$($LAT "$MANAGER_URL/services/die_roller/roll" "$COUNT")"
printf '%-34s %9s %9s\n' "$COUNT sequential calls" "p50 ms" "p99 ms"
printf '%-34s %9s %9s\n' "yatzee/play (5 callService hops)" "$play50" "$play99"
printf '%-34s %9s %9s\n' "die_roller/roll direct" "$direct50" "$direct99"
printf '%-34s %9s %9s\n' "die_roller/roll through gateway" "$gw50" "$gw99"
python3 -c "import sys; d,g=map(float,sys.argv[1:]); print(f'gateway cost per hop, p50: {g-d:.3f} ms (goal <= 1 ms)')" "$direct50" "$gw50"
