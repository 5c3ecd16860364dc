#!/usr/bin/env bash
# The tutorial's yatzee: POST /services/yatzee/play (five callService hops to die_roller) p50/p99 over
# COUNT calls, and the cost of one hop through the gateway, measured with the SDK's own client in one JVM
# (io.daeploy.sdk.HopLatencyBench): Daeploy.callService to die_roller's roll through the manager, and the SDK's
# transport to the same roll through the gateway and straight to die_roller's port, alternating, same run.
# Goal (issue 3): the gateway adds ≤ 1 ms p50 per hop.
#   COUNT (default 2000), WARMUP calls (default 3000)
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-2000}; WARMUP=${WARMUP:-3000}
EX="$ROOT/examples/cross-service-communication"
for app in die-roller yatzee; do
  [ -f "$EX/$app/target/$app.jar" ] || { echo "build first: ./mvnw -B -ntp install -DskipTests" >&2; exit 1; }
  (cd "$EX/$app/target" && "$JDK" jar --create --no-manifest --file "$WORK/$app.zip" "$app.jar" libs)
done
echo "building the SDK's test classes and classpath (offline)"
(cd "$ROOT" && "$ROOT/mvnw" -B -o -q -pl sdk test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed (needs ./mvnw -B -pl sdk install once, online)" >&2; exit 1; }
CLASSPATH="$ROOT/sdk/target/test-classes:$ROOT/sdk/target/classes:$(cat "$WORK/classpath.txt")"

trap stop_manager EXIT
start_manager
curl -fsS -F name=die_roller -F version=1.0.0 -F "file=@$WORK/die-roller.zip" "$MANAGER_URL/services/~deploy" >/dev/null
curl -fsS -F name=yatzee -F version=1.0.0 -F "file=@$WORK/yatzee.zip" "$MANAGER_URL/services/~deploy" >/dev/null
DIE_PORT=$(curl -fs "$MANAGER_URL/services/~inspection?name=die_roller&version=1.0.0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])')
LAT="python3 $ROOT/bench/latency.py"
echo "warming up yatzee/play ($WARMUP calls)"
$LAT "$MANAGER_URL/services/yatzee/play" "$WARMUP" >/dev/null
read -r play50 play99 <<<"$($LAT "$MANAGER_URL/services/yatzee/play" "$COUNT")"
echo "one hop with the SDK's client ($WARMUP warm-up calls each, then $COUNT each, alternating)"
"$JDK" java -cp "$CLASSPATH" io.daeploy.sdk.HopLatencyBench "$MANAGER_URL" "$DIE_PORT" "$COUNT" "$WARMUP" \
  > "$WORK/hops.tsv" 2> "$WORK/hops.log" || { cat "$WORK/hops.log" >&2; exit 1; }
declare -A P50 P99
while IFS=$'\t' read -r kind p50 p99; do P50[$kind]=$p50; P99[$kind]=$p99; done < "$WORK/hops.tsv"
printf '%-44s %9s %9s\n' "$COUNT sequential calls" "p50 ms" "p99 ms"
printf '%-44s %9s %9s\n' "yatzee/play (5 callService hops)" "$play50" "$play99"
printf '%-44s %9s %9s\n' "die_roller/roll, callService via gateway" "${P50[callService]}" "${P99[callService]}"
printf '%-44s %9s %9s\n' "die_roller/roll, SDK client via gateway" "${P50[sdk client, gateway]}" "${P99[sdk client, gateway]}"
printf '%-44s %9s %9s\n' "die_roller/roll, SDK client direct" "${P50[sdk client, direct]}" "${P99[sdk client, direct]}"
python3 -c "import sys; c,g,d=map(float,sys.argv[1:]); print(f'gateway cost per hop, p50: {g-d:.3f} ms (goal <= 1 ms); callService against the direct call: {c-d:.3f} ms')" \
  "${P50[callService]}" "${P50[sdk client, gateway]}" "${P50[sdk client, direct]}"
