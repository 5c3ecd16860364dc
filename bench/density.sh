#!/usr/bin/env bash
# Density and cold start (issue 18): COUNT versions of the archetype's hello service on one manager WITHOUT the class
# data caches (DAEPLOY_SERVICE_CLASS_CACHE=off), then on a fresh manager WITH them (the default), one phase after the
# other so that no phase's JVMs share pages with the other's. Per phase:
#   - deploy → first 200 through the gateway, each of COUNT versions (median);
#   - median Pss and Rss of the idle services (/proc/<pid>/smaps_rollup), the manager's Pss and Rss;
#   - restart of a known version → first 200: RESTARTS versions killed (kill -9) one at a time; the supervisor starts
#     each again after its 1 s back-off; timed from the new JVM's start (its start time in /proc) to its own health
#     answer and to the first 200 through the gateway (medians), and the Pss of the restarted JVMs;
#   - wake from zero: see wake_from_zero below.
# The WITH phase first deploys one priming version and waits for the shared archive it makes (a first deploy ever has
# none), then removes it: the figures are those of deploys after the archive exists. Versions' own caches are made in
# the background while the later versions deploy, as they would be; the script waits for all of them before measuring
# memory and restarts. Prints figures and ratios; asserts nothing.
# Goals: deploy → first 200 <= 0.6 s median, restart <= 0.4 s, <= 64 MB Pss per idle hello service, manager <= 150 MB.
#   COUNT (default 20), RESTARTS (default 5), CACHE_WAIT (seconds to wait for the caches, default 600)
source "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-20}; RESTARTS=${RESTARTS:-5}; CACHE_WAIT=${CACHE_WAIT:-600}
trap stop_manager EXIT

kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/smaps_rollup"; }
service_pid() { # the JVM of hello VERSION under the data directory DIR (its class path or jar lies there)
  ps -eo pid=,comm=,args= | awk -v marker="-Ddaeploy.service=hello_$2 " -v dir="$1/" \
    '$2 == "java" && index($0, marker) && index($0, dir) {print $1; exit}'
}
median() { python3 -c 'import statistics,sys; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.0f}" if v else "-")' "$@"; }
first_200() { # polls hello of VERSION through the gateway until it answers 200
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$MANAGER_URL/services/hello_$1/hello" \
        -H 'Content-Type: application/json' -d '{"name":"Bob"}')" = 200 ]; do sleep 0.01; done
}
started_ms() { # when a process started, in ms since the epoch (from /proc/<pid>/stat, in clock ticks since boot)
  python3 - "$1" <<'PY'
import os, sys
ticks = int(open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")", 1)[1].split()[19])
btime = next(int(l.split()[1]) for l in open("/proc/stat") if l.startswith("btime"))
print(int((btime + ticks / os.sysconf("SC_CLK_TCK")) * 1000))
PY
}

# ---- wake from zero -------------------------------------------------------------------------------------------------
# Wake from zero (issue 18): one version deployed with an idle time-out of 2 s; WAKES (3) times: wait until it is
# listed as idle (its JVM stopped), then time one request from the moment it is sent to its 200 (the gateway holds it
# while the version starts). bench/scale-to-zero.sh does the same with 50 requests at once.
wake_from_zero() {
  curl -fsS -F name=sleepy -F version=1.0.0 -F idleTimeout=2s -F "file=@$WORK/hello.zip" "$MANAGER_URL/services/~deploy" >/dev/null
  local times=() elapsed
  for _ in $(seq 1 "${WAKES:-3}"); do
    elapsed=$(python3 - "$MANAGER_URL" <<'PY'
import json, sys, time, urllib.request
url = sys.argv[1]
deadline = time.time() + 60
while time.time() < deadline:
    if any(s["name"] == "sleepy" and s["status"] == "idle" for s in json.load(urllib.request.urlopen(url + "/services/"))):
        break
    time.sleep(0.05)
start = time.time()
req = urllib.request.Request(url + "/services/sleepy/hello", data=b'{"name":"Bob"}', headers={"Content-Type": "application/json"})
print(int((time.time() - start) * 1000) if urllib.request.urlopen(req, timeout=60).status == 200 else -1)
PY
)
    times+=("$elapsed")
  done
  echo "$1: wake from zero → first 200 (ms): ${times[*]}, median $(median "${times[@]}")"
  curl -fs -X DELETE "$MANAGER_URL/services/?name=sleepy" >/dev/null
}
# ---------------------------------------------------------------------------------------------------------------------

declare -A RESULT
phase() { # phase NAME CACHE-SETTING
  local name=$1 setting=$2 data="$WORK/$1-data"
  DAEPLOY_SERVICE_CLASS_CACHE=$setting start_manager "" "$data" "$WORK/$name.log"
  if [ "$setting" = on ]; then
    deploy hello 0.0.1 >/dev/null
    for _ in $(seq 1 "$CACHE_WAIT"); do ls "$data"/class-data/archives/*.jsa >/dev/null 2>&1 && break; sleep 1; done
    for _ in $(seq 1 "$CACHE_WAIT"); do ls "$data"/services/hello/0.0.1/app/class-data/ 2>/dev/null | grep -q '\.\(aot\|jsa\)$' && break; sleep 1; done
    curl -fs -X DELETE "$MANAGER_URL/services/?name=hello&version=0.0.1" >/dev/null
  fi
  local deploys=() start
  for i in $(seq 1 "$COUNT"); do
    start=$(now_ms); deploy hello "1.0.$i" >/dev/null; first_200 "1.0.$i"; deploys+=($(( $(now_ms) - start )))
  done
  echo "$name: deploy → first 200 (ms): ${deploys[*]}"
  if [ "$setting" = on ]; then # the versions' own caches, made in the background
    for _ in $(seq 1 "$CACHE_WAIT"); do
      [ "$(ls "$data"/services/hello/1.0.*/app/class-data/ 2>/dev/null | grep -c '\.\(aot\|jsa\)$')" -ge "$COUNT" ] && break; sleep 1
    done
    echo "$name: version caches made: $(ls "$data"/services/hello/1.0.*/app/class-data/ 2>/dev/null | grep -c '\.\(aot\|jsa\)$') of $COUNT"
  fi
  sleep 5
  local pss=() rss=() pid
  for i in $(seq 1 "$COUNT"); do
    pid=$(service_pid "$data" "1.0.$i"); pss+=("$(kb "$pid" Pss)"); rss+=("$(kb "$pid" Rss)")
  done
  local restarts=() direct=() restarted_pss=() old new
  for i in $(seq 1 "$RESTARTS"); do
    old=$(service_pid "$data" "1.0.$i"); kill -9 "$old"
    new=""; until [ -n "$new" ] && [ "$new" != "$old" ]; do sleep 0.01; new=$(service_pid "$data" "1.0.$i" || true); done
    local born port; born=$(started_ms "$new")
    until port=$(tr '\0' '\n' < "/proc/$new/environ" 2>/dev/null | sed -n 's/^PORT=//p') && [ -n "$port" ]; do sleep 0.01; done
    until curl -sf -o /dev/null "http://127.0.0.1:$port/observe/health"; do sleep 0.01; done
    direct+=($(( $(now_ms) - born )))
    first_200 "1.0.$i"; restarts+=($(( $(now_ms) - born )))
  done
  sleep 3
  for i in $(seq 1 "$RESTARTS"); do restarted_pss+=("$(kb "$(service_pid "$data" "1.0.$i")" Pss)"); done
  echo "$name: restart, new JVM → its own health answers (ms): ${direct[*]}"
  echo "$name: restart, new JVM → first 200 through the gateway (ms): ${restarts[*]}"
  echo "$name: idle services Pss (kB): ${pss[*]}"
  echo "$name: idle services Rss (kB): ${rss[*]}"
  echo "$name: restarted services Pss (kB): ${restarted_pss[*]}"
  echo "$name: manager Pss $(kb "$MANAGER_PID" Pss) kB, Rss $(kb "$MANAGER_PID" Rss) kB"
  RESULT[$name]="$(median "${deploys[@]}") $(median "${restarts[@]}") $(median "${pss[@]}") $(median "${rss[@]}") $(kb "$MANAGER_PID" Pss) $(kb "$MANAGER_PID" Rss) $(median "${restarted_pss[@]}") $(median "${direct[@]}")"
  wake_from_zero "$name"
  stop_manager; MANAGER_URL=""; MANAGER_PID=""
}

build_hello
phase without off
phase with on
echo
python3 - "$COUNT" "${RESULT[without]}" "${RESULT[with]}" <<'PY'
import sys
count = sys.argv[1]
rows = {"without": list(map(float, sys.argv[2].split())), "with": list(map(float, sys.argv[3].split()))}
labels = [("deploy → first 200, median ms", 1, "≤ 600"), ("restart: JVM start → gateway 200, median ms", 1, "≤ 400"),
          ("idle service Pss, median MB", 1024, "≤ 64"), ("idle service Rss, median MB", 1024, ""),
          ("manager Pss MB", 1024, "≤ 150"), ("manager Rss MB", 1024, ""), ("restarted service Pss, median MB", 1024, ""),
          ("restart: JVM start → own health, median ms", 1, "")]
print(f"{'':44} {'without':>9} {'with':>9} {'with/without':>13}  goal")
for i, (label, scale, goal) in enumerate(labels):
    a, b = rows["without"][i] / scale, rows["with"][i] / scale
    print(f"{label:44} {a:9.1f} {b:9.1f} {b / a if a else float('nan'):13.2f}  {goal}")
print(f"({count} hello versions per phase; caches: DAEPLOY_SERVICE_CLASS_CACHE=off, then on)")
PY
