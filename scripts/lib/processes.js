// @ts-check
// Process helpers of the runners: process groups and temp folders that die with this Node process, and a clean
// environment for nested npm installs. Used by codeServer.js and browser.js, and by the runners directly.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

/**
 * The environment without what an enclosing `npm run` hands down (npm_config_*, npm_package_*, ...): a nested
 * npm install must behave as if typed in a fresh shell (npm_config_user_agent would name the outer Node).
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
function cleanNpmEnv(env) {
  const clean = { ...env };
  const network = /^npm_config_(registry|proxy|https_proxy|noproxy|no_proxy|cafile|ca|strict_ssl)$/i; // how to reach the registry
  for (const k of Object.keys(clean)) if (/^(npm_|NODE$|INIT_CWD$)/i.test(k) && !network.test(k)) delete clean[k];
  return clean;
}

// ---- process-group bookkeeping: whatever we start dies with us ----
/** @type {Set<number>} */
const liveGroups = new Set();
/** @type {Set<string>} */
const liveTmpDirs = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    for (const dir of liveTmpDirs) rmrf(dir);
  });
  // Node's default for these signals skips 'exit' handlers; exit properly unless the script handles them itself.
  /** @type {[NodeJS.Signals, number][]} */
  const signals = [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ];
  for (const [sig, n] of signals) {
    process.on(sig, function fallback() {
      if (process.listenerCount(sig) <= 1) process.exit(128 + n);
    });
  }
}

/**
 * Remembers the process group led by `pid`: it is killed (SIGKILL) when this process exits, if still there.
 * @param {number} pid
 */
function trackGroup(pid) {
  liveGroups.add(pid);
  installExitHook();
}

/**
 * Forgets a process group once it has been stopped.
 * @param {number} pid
 */
function untrackGroup(pid) {
  liveGroups.delete(pid);
}

/**
 * @param {number} pid the group leader's pid
 * @param {NodeJS.Signals | number} signal
 * @returns {boolean} whether the signal was delivered
 */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {number} pid the group leader's pid
 * @returns {boolean}
 */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** @param {string} dir */
function rmrf(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* best effort */
  }
}

/**
 * A new folder under the system's temp folder, removed when this process exits (or by removeTmpDir).
 * @param {string} prefix
 * @returns {string}
 */
function makeTmpDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  liveTmpDirs.add(dir);
  installExitHook();
  return dir;
}

/**
 * Removes a folder made by makeTmpDir now, and forgets it.
 * @param {string} dir
 */
function removeTmpDir(dir) {
  rmrf(dir);
  liveTmpDirs.delete(dir);
}

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

module.exports = {
  cleanNpmEnv,
  trackGroup,
  untrackGroup,
  killGroup,
  groupAlive,
  rmrf,
  makeTmpDir,
  removeTmpDir,
  sleep,
};
