#!/usr/bin/env bash
# mvn daeploy:dev (issue 21): time from a save to the new answer through the gateway, for the archetype's hello project
# on the process runtime, over SAVES (default 10) saves of a one-line change, median and max; beside it, in the same
# run, `mvn package daeploy:deploy` of the same change (DEPLOYS rounds, default 3, each a new version: a deploy cannot
# replace one). A constant load (RATE requests/s, default 50, one keep-alive connection) runs on /services/hello/hello
# while dev reloads, and its non-2xx count is printed. The time is measured here, by polling the route every 20 ms
# after the file is written, not taken from the plugin's own line (which is printed too).
# Maven runs through the repository's wrapper; MAVEN_ARGS passes it options (e.g. "-o -Dmaven.repo.local=...").
source "$(dirname "$0")/lib.sh"
SAVES=${SAVES:-10}
DEPLOYS=${DEPLOYS:-3}
RATE=${RATE:-50}
DEV_PID=""
cleanup() { [ -n "$DEV_PID" ] && kill "$DEV_PID" 2>/dev/null; rm -f "$WORK/load.stop"; stop_manager; }
trap cleanup EXIT

start_manager
build_hello
HELLO=$(find "$WORK/hello/src/main/java" -name HelloService.java)
ORIGINAL=$(cat "$HELLO")
route="$MANAGER_URL/services/hello/hello"

# greet WORD: the one-line change (the answer's first word)
greet() { printf '%s\n' "$ORIGINAL" | sed "s|return greeting.get() + \" \" + name;|return \"$1 \" + name;|" > "$HELLO"; }

# answers URL WORD: waits until URL answers "WORD Bob", prints the milliseconds since $SAVED
answers() {
  python3 - "$1" "$2" "$SAVED" <<'PY'
import sys, time, urllib.request
url, word, saved = sys.argv[1], sys.argv[2], int(sys.argv[3])
deadline = time.time() + 180
while time.time() < deadline:
    try:
        req = urllib.request.Request(url, data=b'{"name":"Bob"}', headers={"Content-Type": "application/json"})
        if urllib.request.urlopen(req, timeout=10).read().decode() == '"%s Bob"' % word:
            print(int(time.time() * 1000) - saved); sys.exit(0)
    except Exception:
        pass
    time.sleep(0.02)
print(-1)
PY
}

# load: RATE requests/s on the route until $WORK/load.stop exists; prints the counts
load() {
  python3 - "$MANAGER_URL" "$RATE" "$WORK/load.stop" <<'PY'
import http.client, os, sys, time, urllib.parse
url, rate, stop = urllib.parse.urlparse(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ok = bad = failed = 0; statuses = {}
conn = None; period = 1.0 / rate; next_at = time.time()
while not os.path.exists(stop):
    try:
        conn = conn or http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("POST", "/services/hello/hello", body='{"name":"Bob"}', headers={"Content-Type": "application/json"})
        r = conn.getresponse(); r.read()
        if 200 <= r.status < 300: ok += 1
        else: bad += 1; statuses[r.status] = statuses.get(r.status, 0) + 1
    except Exception as e:
        failed += 1; conn = None
    next_at += period
    time.sleep(max(0, next_at - time.time()))
print("load: %d requests at %d/s, %d 2xx, %d non-2xx %s, %d failed connections" % (ok + bad + failed, rate, ok, bad, statuses or "", failed))
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

set -m # job control: a background job keeps SIGINT (Ctrl-C) rather than ignoring it, as in a terminal
echo "== mvn daeploy:dev: $SAVES saves, load $RATE/s on $route"
(cd "$WORK/hello" && exec "$ROOT/mvnw" -B -ntp daeploy:dev -DskipTests -Ddaeploy.host="$MANAGER_URL" > "$WORK/dev.log" 2>&1) &
DEV_PID=$!
for _ in $(seq 1 1800); do grep -q "Watching src/main/java" "$WORK/dev.log" && break; sleep 0.1; done
grep -q "Watching src/main/java" "$WORK/dev.log" || { echo "dev did not start; see $WORK/dev.log" >&2; tail -30 "$WORK/dev.log" >&2; exit 1; }
sleep 2
load > "$WORK/load.out" &
LOAD_PID=$!
sleep 2
: > "$WORK/dev-times"
for i in $(seq 1 "$SAVES"); do
  SAVED=$(now_ms); greet "Hello$i"
  ms=$(answers "$route" "Hello$i")
  echo "$ms" >> "$WORK/dev-times"
  echo "save $i: ${ms} ms"
  sleep 1
done
touch "$WORK/load.stop"; wait "$LOAD_PID"; cat "$WORK/load.out"; rm -f "$WORK/load.stop"
grep -o "Reloaded hello 1.0.0 in [0-9.]* s" "$WORK/dev.log" | sed 's/^/  plugin: /'
kill -INT "$DEV_PID"; wait "$DEV_PID"; echo "dev ended with exit status $?"; DEV_PID=""
echo "dev:    median $(median < "$WORK/dev-times") ms, max $(sort -n "$WORK/dev-times" | tail -1) ms over $SAVES saves"

echo "== mvn package daeploy:deploy of the same change, $DEPLOYS rounds (new versions 1.0.1...; answer at /services/hello_<version>/hello)"
: > "$WORK/deploy-times"
for i in $(seq 1 "$DEPLOYS"); do
  SAVED=$(now_ms); greet "Deployed$i"
  (cd "$WORK/hello" && "$ROOT/mvnw" -B -ntp -q package daeploy:deploy -DskipTests -Ddaeploy.version="1.0.$i" \
      -Ddaeploy.host="$MANAGER_URL" > "$WORK/deploy-$i.log" 2>&1)
  ms=$(answers "$MANAGER_URL/services/hello_1.0.$i/hello" "Deployed$i")
  echo "$ms" >> "$WORK/deploy-times"
  echo "deploy $i: ${ms} ms"
done
echo "deploy: median $(median < "$WORK/deploy-times") ms, max $(sort -n "$WORK/deploy-times" | tail -1) ms over $DEPLOYS rounds"
printf '%s\n' "$ORIGINAL" > "$HELLO"
