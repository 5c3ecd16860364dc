#!/usr/bin/env bash
# What Bean Validation (Hibernate Validator) costs a hello service: the same hello(name) entrypoint without a bound
# (Hibernate Validator never loaded) and with @NotBlank @Size(max = 100) (loaded at start), each started ROUNDS times
# in a JVM of its own with the manager's default service options, alternating. Prints per start the time from the
# JVM's launch to the first 200 of POST /hello, the CPU time the JVM had spent by then (user + system, all its threads,
# from /proc/<pid>/stat: less at the mercy of other load on the machine than the elapsed time), and the idle Pss and
# Rss (/proc/<pid>/smaps_rollup) SETTLE seconds after that call; then the medians and the differences bounded - plain.
#   ROUNDS (default 5), SETTLE (default 3), JAVA_OPTS (default: the manager's DAEPLOY_SERVICE_JAVA_OPTS default),
#   MAVEN_ARGS (extra Maven options for the build of the SDK's test classes, e.g. -Dmaven.repo.local=...)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK="$ROOT/bin/jdk21"
WORK=${WORK:-$(mktemp -d /tmp/daeploy-validator-bench.XXXXXX)}; mkdir -p "$WORK"
ROUNDS=${ROUNDS:-5}; SETTLE=${SETTLE:-3}
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xss512k -Xms8m -Xmx256m"}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/smaps_rollup"; }

PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; }
trap cleanup EXIT

echo "building the SDK's test classes and classpath (offline)"
(cd "$ROOT" && "$ROOT/mvnw" -B -o -q ${MAVEN_ARGS:-} -pl sdk test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
  || { cat "$WORK/build.log" >&2; echo "build failed (needs ./mvnw -B -pl sdk install once, online)" >&2; exit 1; }
CLASSPATH="$ROOT/sdk/target/test-classes:$ROOT/sdk/target/classes:$(cat "$WORK/classpath.txt")"

printf '%-8s %5s %10s %8s %8s %8s\n' kind round "start ms" "CPU ms" "Pss MB" "Rss MB"
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
: > "$WORK/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  for kind in plain bounded; do
    port=$(free_port)
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    "$JDK" java $JAVA_OPTS -cp "$CLASSPATH" io.daeploy.sdk.bench.BoundsCostServers "$kind" "$port" "$WORK/data-$kind" \
        > "$WORK/$kind-$round.log" 2>&1 &
    PID=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"name":"Bob"}' "http://127.0.0.1:$port/hello")" = 200 ]; do
      kill -0 "$PID" 2>/dev/null || { cat "$WORK/$kind-$round.log" >&2; exit 1; }
      sleep 0.01
    done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    cpu=$(awk -v t="$TICK_MS" '{print ($14 + $15) * t}' "/proc/$PID/stat")
    sleep "$SETTLE"
    pss=$(kb "$PID" Pss); rss=$(kb "$PID" Rss)
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    printf '%-8s %5s %10s %8s %8.1f %8.1f\n' "$kind" "$round" "$ms" "$cpu" "$(echo "$pss/1024" | bc -l)" "$(echo "$rss/1024" | bc -l)"
    echo "$kind $ms $cpu $pss $rss" >> "$WORK/results.txt"
  done
done
python3 - "$WORK/results.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = {k: [statistics.median(int(r[i]) for r in rows if r[0] == k) for i in (1, 2, 3, 4)] for k in ("plain", "bounded")}
for k, (ms, cpu, pss, rss) in med.items():
    print(f"median {k:<8} start {ms:6.0f} ms  CPU {cpu:6.0f} ms  Pss {pss/1024:6.1f} MB  Rss {rss/1024:6.1f} MB")
d = [b - p for b, p in zip(med["bounded"], med["plain"])]
print(f"bounded - plain: start {d[0]:+.0f} ms, CPU {d[1]:+.0f} ms, Pss {d[2]/1024:+.1f} MB, Rss {d[3]/1024:+.1f} MB")
PY
