#!/usr/bin/env bash
# Builds Gantry's base image `gantry-base:local` without a registry (the Dockerfile's BASE_IMAGE): a minimal
# Debian made with debootstrap from the host's own Debian mirror, with git and CA certificates, plus the
# project's Node 24 (node_modules/node, from `npm install`) and the host's npm, loaded with `docker import`.
#
#   scripts/build-base-image.sh            # build unless the image exists
#   scripts/build-base-image.sh --force    # rebuild anyway
#
# Environment: GANTRY_BASE_IMAGE (tag, default gantry-base:local), DEBIAN_MIRROR (default: the host's apt
# source), DEBIAN_SUITE (default bookworm). Needs root (debootstrap), installs debootstrap when missing.
set -euo pipefail

IMAGE="${GANTRY_BASE_IMAGE:-gantry-base:local}"
SUITE="${DEBIAN_SUITE:-bookworm}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

die() { echo "build-base-image: $*" >&2; exit 1; }

host_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | head -1 | awk '{ print $2 }')"
  [[ -n "$uri" ]] || uri="$(grep -hs '^deb ' /etc/apt/sources.list | head -1 | awk '{ print $2 }')"
  echo "$uri"
}

main() {
  docker info >/dev/null 2>&1 || die "no Docker engine answers"
  if [[ $FORCE == 0 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "build-base-image: $IMAGE exists"
    return
  fi
  [[ "$(id -u)" == 0 ]] || die "debootstrap needs root"
  command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  local mirror node npm_dir
  mirror="${DEBIAN_MIRROR:-$(host_mirror)}"
  [[ -n "$mirror" ]] || die "no Debian mirror found in /etc/apt (set DEBIAN_MIRROR)"
  node="$(readlink -f "$HERE/node_modules/node/bin/node")"
  [[ -x "$node" ]] || die "no Node 24 in node_modules (run npm install first)"
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  [[ -f "$npm_dir/package.json" ]] || die "npm not found"

  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  echo "build-base-image: debootstrap $SUITE (minbase, git, ca-certificates)" >&2
  debootstrap --variant=minbase --include=git,ca-certificates "$SUITE" "$WORK/root" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  rm -rf "$WORK/root/var/cache/apt/archives/"*.deb "$WORK/root/var/lib/apt/lists/"*
  # The host's trust store: where the registry is reached through a TLS-inspecting proxy, its CA is in there.
  cp -L /etc/ssl/certs/ca-certificates.crt "$WORK/root/etc/ssl/certs/ca-certificates.crt"
  install -m 0755 "$node" "$WORK/root/usr/local/bin/node"
  mkdir -p "$WORK/root/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$WORK/root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$WORK/root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$WORK/root/usr/local/bin/npx"
  tar -C "$WORK/root" --numeric-owner -cf "$WORK/root.tar" .
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' \
    "$WORK/root.tar" "$IMAGE" >/dev/null
  docker image inspect -f '{{.Size}}' "$IMAGE" | awk -v image="$IMAGE" '{ printf "%s %.1f MB\n", image, $1 / 1000000 }'
}

main "$@"
