#!/usr/bin/env bash
# Scale to zero (issue 18): the archetype's hello service deployed with an idle time-out of 2 s; ROUNDS times (default
# 5): wait until it is idle (its JVM stopped), then send CONCURRENT requests at once (default 50) and time the first
# and the last answer. Prints each round, the medians, and how many requests did not get a 200 (expected: none).
# DAEPLOY_SERVICE_JAVA_OPTS, exported, gives the services other JVM options (to compare with and without a cache).
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
CONCURRENT=${CONCURRENT:-50}
trap stop_manager EXIT
build_hello
start_manager
echo "manager $MANAGER_URL, work $WORK"
curl -fsS -F name=sleepy -F version=1.0.0 -F idleTimeout=2s -F "file=@$WORK/hello.zip" "$MANAGER_URL/services/~deploy" >/dev/null

# wake_round: waits until sleepy is idle, then CONCURRENT requests at once; prints "first_ms last_ms failures"
wake_round() {
  python3 - "$MANAGER_URL" "$CONCURRENT" <<'PY'
import json, sys, threading, time, urllib.request
url, n = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 60
while time.time() < deadline:
    services = json.load(urllib.request.urlopen(url + "/services/"))
    if any(s["name"] == "sleepy" and s["status"] == "idle" for s in services):
        break
    time.sleep(0.05)
else:
    print("-1 -1", n); sys.exit(0)
times, failures, lock = [], [0], threading.Lock()
go = threading.Event()
def call(i):
    go.wait()
    try:
        req = urllib.request.Request(url + "/services/sleepy/hello", data=json.dumps({"name": "n%d" % i}).encode(),
                                     headers={"Content-Type": "application/json"})
        ok = urllib.request.urlopen(req, timeout=60).status == 200
    except Exception:
        ok = False
    with lock:
        times.append(time.time())
        if not ok:
            failures[0] += 1
threads = [threading.Thread(target=call, args=(i,)) for i in range(n)]
for t in threads: t.start()
start = time.time(); go.set()
for t in threads: t.join()
print(int((min(times) - start) * 1000), int((max(times) - start) * 1000), failures[0])
PY
}

firsts=(); lasts=(); failed=0
for round in $(seq 1 "$ROUNDS"); do
  read -r first last failures < <(wake_round)
  echo "round $round: first answer after ${first} ms, all $CONCURRENT after ${last} ms, not 200: $failures"
  firsts+=("$first"); lasts+=("$last"); failed=$((failed + failures))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "wake from zero, median of $ROUNDS: first answer $(median "${firsts[@]}") ms, all $CONCURRENT $(median "${lasts[@]}") ms;" \
     "requests not answered 200: $failed"
