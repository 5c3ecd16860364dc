#!/usr/bin/env bash
# Incremental deploys (issue 17): after a one-class change of the yatzee example, what `mvn daeploy:deploy` uploads and
# the time from its start to the first 200 of the new version, incremental against the whole-archive upload
# (-Ddaeploy.incremental=false), ROUNDS (default 3) rounds alternating which goes first, one manager. Each round changes
# one class (the die yatzee plays with: a fixed face, so /play answers without die_roller), packages once (not timed),
# then deploys it both ways as two new versions. Also prints the upload part alone: from the plugin's first line about
# the upload to the manager's first step (Maven's own start-up is most of the total on loopback).
# Maven runs through the repository's wrapper; MAVEN_ARGS passes it options (e.g. "-o -Dmaven.repo.local=...").
source "$(dirname "$0")/lib.sh"
trap stop_manager EXIT
ROUNDS=${ROUNDS:-3}

cp -r "$ROOT/examples/cross-service-communication/yatzee" "$WORK/yatzee"
rm -rf "$WORK/yatzee/target"
DIE="$WORK/yatzee/src/main/java/io/daeploy/examples/yatzee/DieRollerDie.java"

# mvn ARGS...: the wrapper in the yatzee copy, with times on every line (for the upload part)
mvn_yatzee() {
  (cd "$WORK/yatzee" && "$ROOT/mvnw" -B -ntp -Dorg.slf4j.simpleLogger.showDateTime=true \
      -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS "$@")
}

# loaded_die FACE: the one-class change
loaded_die() {
  cat > "$DIE" <<EOF
package io.daeploy.examples.yatzee;

import java.util.function.IntSupplier;

final class DieRollerDie implements IntSupplier {
    static final String SERVICE = "die_roller";
    static final String ENTRYPOINT = "roll";

    @Override
    public int getAsInt() {
        return $1;
    }
}
EOF
}

# upload_ms LOG: milliseconds from the plugin's line about the upload to "Accepted by the manager"
upload_ms() {
  python3 - "$1" <<'EOF'
import re, sys
from datetime import datetime
start = end = None
for line in open(sys.argv[1]):
    m = re.match(r'(\d\d:\d\d:\d\d\.\d{3}) \[INFO\] (.*)', line)
    if not m:
        continue
    t = datetime.strptime(m.group(1), '%H:%M:%S.%f')
    if start is None and (m.group(2).startswith('Sending ') or m.group(2).startswith('Packaging ')):
        start = t
    if end is None and m.group(2).strip() == 'Accepted by the manager':
        end = t
print(int((end - start).total_seconds() * 1000) if start and end else -1)
EOF
}

# deploy_timed MODE VERSION: deploys the packaged yatzee, waits for the first 200 of its /play; sets LAST_MS, LAST_UP
deploy_timed() {
  local mode=$1 version=$2 log="$WORK/deploy-$2.log" start sent
  local flag=(); [ "$mode" = whole ] && flag=(-Ddaeploy.incremental=false)
  start=$(now_ms)
  mvn_yatzee daeploy:deploy -Ddaeploy.host="$MANAGER_URL" -Ddaeploy.version="$version" "${flag[@]}" > "$log" 2>&1 \
    || { echo "deploy of $version failed; see $log" >&2; exit 1; }
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$MANAGER_URL/services/yatzee_$version/play")" = 200 ]; do
    sleep 0.01
  done
  LAST_MS=$(( $(now_ms) - start ))
  LAST_UP=$(upload_ms "$log")
  if [ "$mode" = whole ]; then
    sent="$(stat -c %s "$WORK/yatzee/target/daeploy/yatzee-$version.zip") bytes ($(grep -o 'Uploading [0-9.]* [KM]B' "$log" | cut -d' ' -f2-))"
  else
    sent=$(grep -o 'Uploaded .* changed' "$log")
  fi
  printf '%-13s %-6s %6d ms to the first 200, upload part %5d ms; %s\n' "$mode" "$version" "$LAST_MS" "$LAST_UP" "$sent"
}

start_manager
echo "manager $MANAGER_URL, work $WORK"
loaded_die 1
mvn_yatzee -q package -DskipTests > "$WORK/package-0.log" 2>&1 || { echo "package failed; see $WORK/package-0.log" >&2; exit 1; }
deploy_timed incremental 1.0.0 # the first deploy sends everything, and warms up the manager
inc=(); whole=(); inc_up=(); whole_up=()
for round in $(seq 1 "$ROUNDS"); do
  loaded_die $(( round % 6 + 1 ))
  mvn_yatzee -q package -DskipTests > "$WORK/package-$round.log" 2>&1 \
    || { echo "package failed; see $WORK/package-$round.log" >&2; exit 1; }
  order=(incremental whole); [ $(( round % 2 )) = 0 ] && order=(whole incremental)
  for mode in "${order[@]}"; do
    if [ "$mode" = incremental ]; then
      deploy_timed incremental "2.$round.0"; inc+=("$LAST_MS"); inc_up+=("$LAST_UP")
    else
      deploy_timed whole "3.$round.0"; whole+=("$LAST_MS"); whole_up+=("$LAST_UP")
    fi
  done
  curl -fs -X DELETE "$MANAGER_URL/services/?name=yatzee&version=2.$round.0" > /dev/null
  curl -fs -X DELETE "$MANAGER_URL/services/?name=yatzee&version=3.$round.0" > /dev/null
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mi=$(median "${inc[@]}"); mw=$(median "${whole[@]}"); ui=$(median "${inc_up[@]}"); uw=$(median "${whole_up[@]}")
echo "median to the first 200: incremental ${mi} ms (${inc[*]}), whole archive ${mw} ms (${whole[*]}); ratio $(python3 -c "print(f'{$mi/$mw:.2f}')")"
echo "median upload part: incremental ${ui} ms (${inc_up[*]}), whole archive ${uw} ms (${whole_up[*]})"
