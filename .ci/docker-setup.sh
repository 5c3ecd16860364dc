#!/usr/bin/env bash
# Makes Docker usable for the tests of the docker runtime, on a machine without internet:
#   - Debian's docker.io and docker-registry, installed when missing;
#   - dockerd and a plain-HTTP registry on 127.0.0.1:5000, started when not answering;
#   - a Java base image daeploy/test-java-base:latest (also pushed to the registry), made from the
#     build JDK with jlink, because eclipse-temurin images cannot be pulled here.
# Safe to run again: every step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=daeploy/test-java-base:latest
REGISTRY=127.0.0.1:5000
WORK=/var/lib/daeploy-ci
mkdir -p "$WORK"

log() { echo "docker-setup: $*"; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    return
  fi
  log "starting dockerd (log: $WORK/dockerd.log)"
  nohup dockerd >"$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "docker-setup: dockerd did not answer within 60 s; its log:" >&2
  tail -30 "$WORK/dockerd.log" >&2 || true
  exit 1
}

registry_answers() { curl -fsS -o /dev/null "http://$REGISTRY/v2/" 2>/dev/null; }

start_registry() {
  if registry_answers; then
    return
  fi
  # The package's own config asks for htpasswd and listens on every address: the tests want neither.
  cat >"$WORK/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $WORK/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
EOF
  log "starting a registry on $REGISTRY (log: $WORK/registry.log)"
  nohup /usr/bin/docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
  for _ in $(seq 1 60); do
    registry_answers && return
    sleep 0.5
  done
  echo "docker-setup: the registry did not answer on $REGISTRY; its log:" >&2
  tail -30 "$WORK/registry.log" >&2 || true
  exit 1
}

build_jdk_home() {
  bin/jdk21 bash -c 'echo "$JAVA_HOME"'
}

# A root file system with a jlinked Java runtime and just the shared libraries it loads.
build_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    return
  fi
  local jdk rootfs
  jdk=$(build_jdk_home)
  rootfs=$(mktemp -d "$WORK/rootfs.XXXXXX")
  log "building $BASE_IMAGE from $jdk"
  "$jdk/bin/jlink" --output "$rootfs/opt/java" --strip-debug --no-man-pages --no-header-files \
    --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.crypto.ec,jdk.localedata,jdk.charsets
  {
    find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
      | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'
    echo /lib64/ld-linux-x86-64.so.2
    ls /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libresolv.so.2
  } | sort -u | while read -r lib; do
    case "$lib" in "$rootfs"*) continue ;; esac
    cp -L --parents "$lib" "$rootfs"
  done
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
  chmod 1777 "$rootfs/tmp"
  printf 'root:x:0:0:root:/root:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  docker run --rm "$BASE_IMAGE" java -version 2>&1 | sed -n '1s/^/docker-setup: base image runs: /p'
}

push_base_image() {
  if curl -fsS -o /dev/null "http://$REGISTRY/v2/$BASE_IMAGE_REPO/manifests/latest" \
       -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' 2>/dev/null; then
    return
  fi
  log "pushing $BASE_IMAGE to $REGISTRY"
  docker tag "$BASE_IMAGE" "$REGISTRY/$BASE_IMAGE"
  docker push -q "$REGISTRY/$BASE_IMAGE" >/dev/null
}

BASE_IMAGE_REPO=${BASE_IMAGE%:*}
install_packages
start_dockerd
start_registry
build_base_image
push_base_image
log "ready: $(docker version --format 'Docker Engine {{.Server.Version}}'), registry $REGISTRY, base image $BASE_IMAGE"
