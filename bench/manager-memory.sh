#!/usr/bin/env bash
# What the manager itself costs the machine (issue 18: <= 150 MB Pss with 20 versions): one manager after another on
# the same work, each with other JVM options (VARIANTS, separated by '|'; an empty one is plain `java -jar`): COUNT
# (20) hello versions deployed, REQUESTS (4000) requests spread over them through the gateway, then IDLE (30) seconds
# without traffic; the manager's Pss and Rss (/proc/<pid>/smaps_rollup) after the traffic and after the idle time,
# and its heap as the JVM reports it (jcmd GC.heap_info). Class data for services is off: it is not what is measured.
#
#   bash bench/manager-memory.sh
#   VARIANTS='|-Xms16m|-XX:G1PeriodicGCInterval=5000' bash bench/manager-memory.sh   # plain, then two others
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-20}; REQUESTS=${REQUESTS:-4000}; IDLE=${IDLE:-30}
VARIANTS=${VARIANTS:-"|-XX:NativeMemoryTracking=summary"}
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/smaps_rollup"; }
trap 'stop_manager' EXIT

echo "manager-memory: building the hello service"
build_hello
IFS='|' read -r -a variants <<< "$VARIANTS"
[ "${VARIANTS: -1}" = "|" ] && variants+=("")
for options in "${variants[@]}"; do
  label=${options:-java -jar (no options)}
  MANAGER_JAVA_OPTS="$options" DAEPLOY_SERVICE_CLASS_CACHE=off start_manager "" "$WORK/data-$RANDOM" "$WORK/manager-$RANDOM.log"
  for i in $(seq 1 "$COUNT"); do
    deploy hello "1.0.$i" > /dev/null
  done
  python3 - "$MANAGER_URL" "$COUNT" "$REQUESTS" <<'PY'
import sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
url, count, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def call(i):
    req = urllib.request.Request(f"{url}/services/hello_1.0.{i % count + 1}/hello", data=b'{"name":"Bob"}',
                                 headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=30).status
with ThreadPoolExecutor(8) as pool:
    failed = sum(1 for status in pool.map(call, range(requests)) if status != 200)
print(f"  {requests} requests, {failed} not 200")
PY
  busy_pss=$(kb "$MANAGER_PID" Pss); busy_rss=$(kb "$MANAGER_PID" Rss)
  sleep "$IDLE"
  idle_pss=$(kb "$MANAGER_PID" Pss); idle_rss=$(kb "$MANAGER_PID" Rss)
  heap=$("$JDK" jcmd "$MANAGER_PID" GC.heap_info 2>/dev/null | grep -m1 -i "total" | sed 's/^ *//')
  echo "[$label] $COUNT versions: after traffic Pss $((busy_pss / 1024)) MB, Rss $((busy_rss / 1024)) MB;" \
       "after ${IDLE}s idle Pss $((idle_pss / 1024)) MB, Rss $((idle_rss / 1024)) MB; heap: $heap"
  if [[ "$options" == *NativeMemoryTracking* ]]; then # where the memory is, by the JVM's own account
    "$JDK" jcmd "$MANAGER_PID" VM.native_memory summary 2>/dev/null | grep -E "^(Total|-) " | sed 's/^/    /'
  fi
  stop_manager
  MANAGER_URL=""; MANAGER_PID=""
done
