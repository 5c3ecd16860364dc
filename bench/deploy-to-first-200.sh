#!/usr/bin/env bash
# Deploy → first 200 through the gateway, for the archetype's hello service, 5 times; prints each and the median.
# Goal (issue 2): median ≤ 3 s on this machine.
source "$(dirname "$0")/lib.sh"
trap stop_manager EXIT
build_hello
start_manager
echo "manager $MANAGER_URL, work $WORK"
times=()
for i in 1 2 3 4 5; do
  start=$(now_ms)
  deploy hello "1.0.$i" >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$MANAGER_URL/services/hello_1.0.$i/hello" \
        -H 'Content-Type: application/json' -d '{"name":"Bob"}')" = 200 ]; do sleep 0.01; done
  elapsed=$(( $(now_ms) - start ))
  times+=("$elapsed")
  echo "deploy $i: ${elapsed} ms to the first 200"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "median deploy → first 200: ${median} ms (goal ≤ 3000 ms)"
