#!/usr/bin/env bash
# Main-path latency with 0 shadows against 2 shadows (one of them sleeping 2 s per call), same run.
# Goal (issue 4): p50 and p99 with shadows ≤ 1.1 × without.
# Load: wrk with CONNECTIONS connections, each pausing between calls (a steady, not saturating, rate), at two
# rates: PAUSES (milliseconds, default "10 2": about 370 and 1450 requests/s here). At the higher one the fast
# shadow's copies take about a sixth of the 2 cores, and the main path feels that CPU sharing.
#   WARMUP (default 60 s), DURATION (default 20 s), CONNECTIONS (default 4), PAUSES (default "10 2")
source "$(dirname "$0")/lib.sh"
WARMUP=${WARMUP:-60}; DURATION=${DURATION:-20}; CONNECTIONS=${CONNECTIONS:-4}; PAUSES=${PAUSES:-10 2}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
FIXTURE="$ROOT/integration-tests/fixture-service/target"
[ -f "$FIXTURE/fixture-service.jar" ] || { echo "build first: bin/jdk21 mvn -B -q install -DskipTests" >&2; exit 1; }
trap stop_manager EXIT
(cd "$FIXTURE" && "$JDK" jar --create --no-manifest --file "$WORK/hello.zip" fixture-service.jar libs)
start_manager
deploy fix 1.0.0 >/dev/null
for pause in $PAUSES; do
  cat > "$WORK/paced-$pause.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"name":"Bob"}'
wrk.headers["Content-Type"] = "application/json"
function delay() return $pause end
LUA
done
URL="$MANAGER_URL/services/fix/hello"
measure() { # pause-ms
  local out; out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/paced-$1.lua" "$URL")
  echo "$(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') $(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | grep -c 'Non-2xx')"
}
to_us() { python3 -c "import sys,re; v=sys.argv[1]; m=re.match(r'([\d.]+)(us|ms|s)',v); print(float(m[1])*{'us':1,'ms':1000,'s':1e6}[m[2]])" "$1"; }
warm_up() { wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$WORK/paced-${PAUSES##* }.lua" "$URL" >/dev/null; }

declare -A WITHOUT WITH
echo "warming up ${WARMUP}s"
warm_up
for pause in $PAUSES; do WITHOUT[$pause]=$(measure "$pause"); done
curl -fsS -F name=fix -F version=2.0.0 -F "file=@$WORK/hello.zip" "$MANAGER_URL/services/~deploy" >/dev/null
curl -fsS -F name=fix -F version=3.0.0 -F 'env={"FIXTURE_HELLO_DELAY_MS":"2000"}' -F "file=@$WORK/hello.zip" "$MANAGER_URL/services/~deploy" >/dev/null
# the shadows' JVMs get the same warm-up as the main's: a JIT still compiling would be measured, not mirroring
echo "warming up ${WARMUP}s with the shadows"
warm_up
for pause in $PAUSES; do WITH[$pause]=$(measure "$pause"); done
for pause in $PAUSES; do
  read -r p50a p99a rpsa errs_a <<<"${WITHOUT[$pause]}"
  read -r p50b p99b rpsb errs_b <<<"${WITH[$pause]}"
  echo
  printf '%-22s %10s %10s %12s   (pause %s ms per connection)\n' "main path" p50 p99 "requests/s" "$pause"
  printf '%-22s %10s %10s %12s\n' "0 shadows" "$p50a" "$p99a" "$rpsa"
  printf '%-22s %10s %10s %12s\n' "2 shadows (one slow)" "$p50b" "$p99b" "$rpsb"
  python3 -c "import sys; a50,a99,b50,b99=map(float,sys.argv[1:]); print(f'ratio with/without shadows: p50 {b50/a50:.2f}, p99 {b99/a99:.2f} (goal <= 1.10)')" \
    "$(to_us "$p50a")" "$(to_us "$p99a")" "$(to_us "$p50b")" "$(to_us "$p99b")"
done
echo
curl -fs "$MANAGER_URL/services/~shadow?name=fix" | python3 -c '
import json,sys
r=json.load(sys.stdin)
for s in r["shadows"]:
    print("shadow %s: mirrored %d, matched %d, differed %d, errors %d, dropped %d, shadow p50 %s ms" % (
        s["version"], s["mirrored"], s["matched"], s["differed"], s["errors"], s["dropped"], s["shadowLatencyMs"]["p50"]))'
