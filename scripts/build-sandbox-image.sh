#!/usr/bin/env bash
# Builds the sandbox image `gantry-node:local` without a registry (docs/architecture.md, the sandbox):
# the project's Node 24 (node_modules/node, from `npm install`; else the host's `node`), the libraries `ldd` names, the dynamic loader, a static busybox with its applet
# links, and `/usr/bin/env`, packed as a tar and loaded with `docker import`.
#
#   scripts/build-sandbox-image.sh            # build unless an image from the same host files exists
#   scripts/build-sandbox-image.sh --force    # rebuild anyway
#
# Environment: GANTRY_SANDBOX_IMAGE (tag, default gantry-node:local), NODE_BIN (default: node_modules/node/bin/node,
# else `command -v node`),
# BUSYBOX_BIN (default /bin/busybox; installed from Debian's busybox-static when missing and run as root).
set -euo pipefail

IMAGE="${GANTRY_SANDBOX_IMAGE:-gantry-node:local}"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

die() { echo "build-sandbox-image: $*" >&2; exit 1; }

require_docker() {
  command -v docker >/dev/null 2>&1 || die "the docker CLI is not installed (apt-get install -y docker.io)"
  docker info >/dev/null 2>&1 \
    || die "no Docker engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock} (start one: dockerd --iptables=false --bridge=none)"
}

is_static() { ! ldd "$1" >/dev/null 2>&1; }

find_busybox() {
  local bin="${BUSYBOX_BIN:-/bin/busybox}"
  if [[ ! -x "$bin" ]] || ! is_static "$bin"; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "build-sandbox-image: installing busybox-static" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null \
        || die "apt-get install busybox-static failed"
      bin=/bin/busybox
    fi
  fi
  [[ -x "$bin" ]] || die "no busybox at $bin (apt-get install -y busybox-static, or set BUSYBOX_BIN)"
  is_static "$bin" || die "$bin is dynamically linked; a static busybox is needed (Debian: busybox-static)"
  echo "$bin"
}

# The shared objects (and the loader) a dynamic binary needs, one absolute path a line.
libraries_of() {
  ldd "$1" | awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]+ \(0x/ { print $1 }'
}

# Copies a file into the root at the same path, following symlinks (the image has none of the host's).
copy_in() {
  local source="$1" root="$2"
  mkdir -p "$root$(dirname "$source")"
  cp -L "$source" "$root$source"
}

fingerprint() {
  local node="$1" busybox="$2"
  { "$node" --version; stat -L -c '%n %s %Y' "$node" "$busybox" /usr/bin/env $(libraries_of "$node"); } \
    | sha256sum | cut -c1-16
}

existing_fingerprint() {
  docker image inspect -f '{{ index .Config.Labels "gantry.fingerprint" }}' "$IMAGE" 2>/dev/null || true
}

make_root() {
  local root="$1" node="$2" busybox="$3" lib applet
  mkdir -p "$root"/{bin,usr/bin,etc,tmp,workspace,dev,proc,sys}
  copy_in "$node" "$root"
  [[ "$node" == /usr/bin/node ]] || cp -L "$node" "$root/usr/bin/node"
  for lib in $(libraries_of "$node") $(libraries_of /usr/bin/env); do copy_in "$lib" "$root"; done
  cp -L /usr/bin/env "$root/usr/bin/env"
  cp -L "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ "$applet" == busybox || -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nsandbox:x:1000:1000:sandbox:/workspace:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nsandbox:x:1000:\n' >"$root/etc/group"
  : >"$root/etc/hosts"
  chmod 1777 "$root/tmp"
  chmod 0755 "$root/workspace"
}

# Everything is owned by root except /workspace (uid/gid 1000); works without being root.
pack_root() {
  local root="$1" tarball="$2"
  tar -C "$root" --numeric-owner --owner=0 --group=0 --exclude=./workspace -cf "$tarball" .
  tar -C "$root" --numeric-owner --owner=1000 --group=1000 --no-recursion -rf "$tarball" ./workspace
}

import_root() {
  local tarball="$1" print="$2"
  docker import \
    --change 'USER 1000:1000' \
    --change 'WORKDIR /workspace' \
    --change 'ENV PATH=/usr/bin:/bin' \
    --change "LABEL gantry.fingerprint=$print" \
    --change 'CMD ["node"]' \
    "$tarball" "$IMAGE" >/dev/null
}

# Two builds at once (parallel test files) would race on the tag: the second waits, then finds it up to date.
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"${TMPDIR:-/tmp}/gantry-sandbox-image.lock"
  flock -w 120 9 || die "another build of $IMAGE holds ${TMPDIR:-/tmp}/gantry-sandbox-image.lock"
}

# The Node the project runs on: the one `npm install` brought (package "node"), else the host's.
project_node() {
  local bundled
  bundled="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/node/bin/node"
  if [[ -x "$bundled" ]]; then echo "$bundled"; else command -v node || true; fi
}

main() {
  require_docker
  take_lock
  local node busybox print previous
  node="$(readlink -f "${NODE_BIN:-$(project_node)}")"
  [[ -x "$node" ]] || die "no node binary on the PATH (set NODE_BIN)"
  busybox="$(find_busybox)"
  print="$(fingerprint "$node" "$busybox")"
  previous="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  if [[ $FORCE == 0 && -n "$previous" && "$(existing_fingerprint)" == "$print" ]]; then
    echo "build-sandbox-image: $IMAGE is up to date"
  else
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    make_root "$WORK/root" "$node" "$busybox"
    pack_root "$WORK/root" "$WORK/root.tar"
    import_root "$WORK/root.tar" "$print"
    local now
    now="$(docker image inspect -f '{{.Id}}' "$IMAGE")"
    if [[ -n "$previous" && "$previous" != "$now" ]]; then docker image rm "$previous" >/dev/null 2>&1 || true; fi
  fi
  docker image inspect -f '{{.Id}} {{.Size}}' "$IMAGE" \
    | awk -v image="$IMAGE" '{ printf "%s %s %.1f MB\n", image, $1, $2 / 1000000 }'
}

main "$@"
