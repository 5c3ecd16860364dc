# Shared helpers of the benchmark scripts: a manager on a free port and a hello service to deploy.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/daeploy-bench.XXXXXX)}
JDK="$ROOT/bin/jdk21"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

now_ms() { date +%s%3N; }

# Starts a manager in the background; sets MANAGER_URL and MANAGER_PID.
#   MANAGER_JAR: another manager jar than this build's (an earlier commit's, to compare)
start_manager() {
  local jar=${1:-${MANAGER_JAR:-$ROOT/manager/target/daeploy-manager.jar}} data=${2:-$WORK/manager-data}
  local log=${3:-$WORK/manager.log}
  local port; port=$(free_port)
  [ -f "$jar" ] || { echo "build first: ./mvnw -B -ntp install -DskipTests" >&2; exit 1; }
  # MANAGER_JAVA_OPTS: JVM options for the manager only (services get DAEPLOY_SERVICE_JAVA_OPTS)
  # MANAGER_SESSION=shared keeps the manager in this script's session. By default it gets one of its own, as a
  # daemon under systemd or in a container would: with Linux autogroups a session is a CPU group, and in this one
  # the manager would share its CPU with the load generator (nginx and HAProxy daemonize into sessions of their own).
  local session=(setsid); [ "${MANAGER_SESSION:-own}" = shared ] && session=()
  DAEPLOY_PORT=$port DAEPLOY_DATA_DIR="$data" "${session[@]}" "$JDK" java ${MANAGER_JAVA_OPTS:-} -jar "$jar" \
    > "$log" 2>&1 &
  MANAGER_PID=$!
  MANAGER_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    curl -fs "$MANAGER_URL/observe/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "manager did not start; see $log" >&2; exit 1
}

stop_manager() {
  [ -n "${MANAGER_URL:-}" ] && for name in $(curl -fs "$MANAGER_URL/services/" | python3 -c 'import json,sys; print(" ".join(sorted({s["name"] for s in json.load(sys.stdin)})))'); do
    curl -fs -X DELETE "$MANAGER_URL/services/?name=$name" >/dev/null || true
  done
  [ -n "${MANAGER_PID:-}" ] && kill "$MANAGER_PID" 2>/dev/null && wait "$MANAGER_PID" 2>/dev/null || true
}

# Generates the archetype's hello project and packages it as the plugin would upload it: $WORK/hello.zip
build_hello() {
  local version; version=$(cd "$ROOT" && "$ROOT/mvnw" -q -N help:evaluate -B -Dexpression=project.version -DforceStdout 2>/dev/null | tr -d "\033" | sed "s/\[[0-9;]*m//g")
  (cd "$WORK" && "$ROOT/mvnw" -B -q -ntp archetype:generate -DarchetypeGroupId=io.daeploy \
      -DarchetypeArtifactId=daeploy-service-archetype -DarchetypeVersion="$version" \
      -DgroupId=com.example -DartifactId=hello -Dversion=1.0.0 >/dev/null)
  (cd "$WORK/hello" && "$ROOT/mvnw" -B -q -ntp package -DskipTests >/dev/null)
  (cd "$WORK/hello/target" && "$JDK" jar --create --no-manifest --file "$WORK/hello.zip" hello.jar libs)
}

# deploy NAME VERSION: uploads hello.zip and prints the manager's answer.
deploy() {
  curl -fsS -F "name=$1" -F "version=$2" -F "file=@$WORK/hello.zip" "$MANAGER_URL/services/~deploy"
}

# Runs a main class of the integration tests (a Java benchmark) with their classpath, against this build's manager jar
# and fixture service: run_test_main io.daeploy.it.SomeBench args...
run_test_main() {
  echo "building the integration tests' classes and classpath (offline)"
  (cd "$ROOT" && ./mvnw -B -o -q -pl integration-tests test-compile dependency:build-classpath \
      -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test > "$WORK/build.log" 2>&1) \
    || { cat "$WORK/build.log" >&2; echo "build failed (needs ./mvnw -B install once, online)" >&2; exit 1; }
  local it="$ROOT/integration-tests"
  "$JDK" java -cp "$it/target/test-classes:$(cat "$WORK/classpath.txt")" \
      -Ddaeploy.rootDir="$ROOT" -Ddaeploy.managerJar="$ROOT/manager/target/daeploy-manager.jar" \
      -Ddaeploy.fixtureDir="$it/fixture-service/target" -Ddaeploy.workDir="$WORK/it-work" \
      -Djava.util.logging.config.file=/dev/null "$@"
}
