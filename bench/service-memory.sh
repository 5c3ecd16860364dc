#!/usr/bin/env bash
# What an idle service costs the machine, and what the service JVM's options cost its throughput: two managers, one
# giving its services OLD_OPTS (the defaults before issue 18), one NEW_OPTS (this build's defaults), each with COUNT
# versions of the archetype's hello service deployed one after the other and each called once. Prints each service's
# proportional set size (Pss, from /proc/<pid>/smaps_rollup: shared pages split among those that map them) and Rss,
# their median, and each manager's Pss; then the throughput of one service of each under the same load (wrk, POST
# {"name":"Bob"} straight to the service, alternating rounds) and the ratio new/old.
# Goals (issue 18): <= 64 MB Pss per idle hello service, the manager <= 150 MB with 20 versions, throughput within 5 %.
#   COUNT (default 20), OLD_OPTS, NEW_OPTS (default: the manager's default DAEPLOY_SERVICE_JAVA_OPTS),
#   WARMUP=seconds of load per service before measuring (default 30), DURATION (default 10), ROUNDS (default 3)
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-20}; WARMUP=${WARMUP:-30}; DURATION=${DURATION:-10}; ROUNDS=${ROUNDS:-3}
OLD_OPTS=${OLD_OPTS:-"-XX:+UseSerialGC -Xss512k -Xmx256m"}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
declare -A URLS PIDS
cleanup() {
  for kind in old new; do
    if [ -n "${URLS[$kind]:-}" ]; then MANAGER_URL=${URLS[$kind]} MANAGER_PID=${PIDS[$kind]} stop_manager; fi
  done
}
trap cleanup EXIT

kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/smaps_rollup"; }
service_pid() { # the JVM of a version of hello under a manager's data directory (its jar lies there)
  ps -eo pid=,comm=,args= | awk -v marker="-Ddaeploy.service=hello_$2 " -v dir="$1/" \
    '$2 == "java" && index($0, marker) && index($0, dir) {print $1; exit}'
}

build_hello
for kind in old new; do
  if [ "$kind" = old ]; then
    DAEPLOY_SERVICE_JAVA_OPTS="$OLD_OPTS" start_manager "" "$WORK/$kind-data" "$WORK/$kind.log"
  elif [ -n "${NEW_OPTS:-}" ]; then
    DAEPLOY_SERVICE_JAVA_OPTS="$NEW_OPTS" start_manager "" "$WORK/$kind-data" "$WORK/$kind.log"
  else
    start_manager "" "$WORK/$kind-data" "$WORK/$kind.log"
  fi
  URLS[$kind]=$MANAGER_URL; PIDS[$kind]=$MANAGER_PID
  for i in $(seq 1 "$COUNT"); do deploy hello "1.0.$i" >/dev/null; done
  for i in $(seq 1 "$COUNT"); do
    curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"Bob"}' "$MANAGER_URL/services/hello_1.0.$i/hello" >/dev/null
  done
done
sleep 5
printf '%-4s %8s %8s %8s %8s %12s\n' opts "Pss MB" "Rss MB" "min Pss" "max Pss" "manager Pss"
declare -A SERVICE_PORT
for kind in old new; do
  pss=(); rss=()
  for i in $(seq 1 "$COUNT"); do
    pid=$(service_pid "$WORK/$kind-data" "1.0.$i")
    pss+=("$(kb "$pid" Pss)"); rss+=("$(kb "$pid" Rss)")
  done
  python3 - "$kind" "$(kb "${PIDS[$kind]}" Pss)" "${pss[*]}" "${rss[*]}" <<'PY'
import statistics, sys
kind, manager, pss, rss = sys.argv[1], int(sys.argv[2]), list(map(int, sys.argv[3].split())), list(map(int, sys.argv[4].split()))
mb = lambda k: k / 1024
print(f"{kind:<4} {mb(statistics.median(pss)):8.1f} {mb(statistics.median(rss)):8.1f} {mb(min(pss)):8.1f} {mb(max(pss)):8.1f} {mb(manager):12.1f}")
PY
done
echo "(medians over $COUNT idle hello services each; OLD_OPTS='$OLD_OPTS'; NEW_OPTS='${NEW_OPTS:-the default}')"

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
LUA
declare -A TARGET
for kind in old new; do TARGET[$kind]="${URLS[$kind]}/services/hello_1.0.1/hello"; done
echo "warming up for ${WARMUP}s each"
for kind in old new; do wrk -t2 -c16 -d"${WARMUP}s" -s "$WORK/post.lua" "${TARGET[$kind]}" >/dev/null; done
RATIOS=()
for round in $(seq 1 "$ROUNDS"); do
  declare -A RPS=()
  for kind in old new; do
    RPS[$kind]=$(wrk -t2 -c16 -d"${DURATION}s" -s "$WORK/post.lua" "${TARGET[$kind]}" | awk '/Requests\/sec/ {print $2}')
  done
  RATIOS+=("$(python3 -c "import sys; print(f'{float(sys.argv[2])/float(sys.argv[1]):.3f}')" "${RPS[old]}" "${RPS[new]}")")
  echo "round $round: old ${RPS[old]} req/s, new ${RPS[new]} req/s, new/old ${RATIOS[-1]}"
done
python3 -c "import statistics,sys; r=sorted(map(float,sys.argv[1:])); print(f'throughput new/old, median of {len(r)} rounds: {statistics.median(r):.3f} (goal >= 0.95); spread {r[0]:.3f} to {r[-1]:.3f}')" "${RATIOS[@]}"
echo "(through each manager's gateway: the same manager code on both sides, the services' options differ)"
