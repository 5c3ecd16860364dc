#!/usr/bin/env bash
# The docker runtime: deploy → first 200 through the gateway for the archetype's hello service, cold (empty
# Jib cache, first image) then warm (5 redeploys whose application jar changed, nothing else). Prints each
# run, the image-build part of it (from the manager's log) and the warm median.
# Goal (issue 5): a redeploy with only the app layer changed ≤ 5 s median on this machine.
# Needs Docker and the base image: bash .ci/docker-setup.sh
source "$(dirname "$0")/lib.sh"
export DAEPLOY_RUNTIME=docker
export DAEPLOY_BASE_IMAGE=${DAEPLOY_BASE_IMAGE:-docker://daeploy/test-java-base:latest}
trap stop_manager EXIT
docker image inspect "${DAEPLOY_BASE_IMAGE#docker://}" >/dev/null 2>&1 || [[ $DAEPLOY_BASE_IMAGE != docker://* ]] \
  || { echo "no base image ${DAEPLOY_BASE_IMAGE#docker://}: run bash .ci/docker-setup.sh" >&2; exit 1; }
build_hello
start_manager
echo "manager $MANAGER_URL (docker runtime, base $DAEPLOY_BASE_IMAGE), work $WORK"

# hello.zip with an application jar that differs from every other run's: one more entry in the jar.
changed_app() {
  rm -rf "$WORK/app-$1" && mkdir -p "$WORK/app-$1" && cp -r "$WORK/hello/target/hello.jar" "$WORK/hello/target/libs" "$WORK/app-$1/"
  echo "run $1" > "$WORK/app-$1/bench-run-$1.txt"
  (cd "$WORK/app-$1" && "$JDK" jar --update --file hello.jar bench-run-$1.txt && rm bench-run-$1.txt)
  (cd "$WORK/app-$1" && "$JDK" jar --create --no-manifest --file "$WORK/hello.zip" hello.jar libs)
}

# run N VERSION: deploy and wait for the first 200; prints the total and the image build's share.
run() {
  local start elapsed build
  start=$(now_ms)
  deploy hello "$2" >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$MANAGER_URL/services/hello_$2/hello" \
        -H 'Content-Type: application/json' -d '{"name":"Bob"}')" = 200 ]; do sleep 0.01; done
  elapsed=$(( $(now_ms) - start ))
  build=$(grep "Built the image daeploy/hello:$2 " "$WORK/manager.log" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
  echo "$1: ${elapsed} ms to the first 200 (image build ${build} s)"
  LAST=$elapsed
}

changed_app 0
run "cold (empty cache)" 1.0.0
times=()
for i in 1 2 3 4 5; do
  changed_app "$i"
  run "warm $i (app layer only)" "1.0.$i"
  times+=("$LAST")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "median warm redeploy → first 200: ${median} ms (goal ≤ 5000 ms)"
