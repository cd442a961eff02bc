#!/usr/bin/env node
// Runs the in-extension-host mocha suite (out/test/host/index.js) inside a real VS Code: code-server started with
// `--vscode-option enable-smoke-test-driver`, its workbench opened in headless Chromium with a payload URL that
// loads this repo as extensionDevelopmentPath and the test module as extensionTestsPath. Extension-host console
// output arrives through window.codeAutomationLog, the run's exit code through window.codeAutomationExit.
//
// Usage: node scripts/run-host-tests.js [--grep PATTERN] [--verbose] [--timeout SECONDS]
//                                       [--extension DIR] [--tests FILE]
// Prints `SUITE_RESULT {"passed":N,"failed":M,"failures":[...]}` (read by scripts/test.js); exits 0 only if all passed.
// Full logs go to test-results/host/. Needs `npm run build` and `npm run compile-tests` first (scripts/test.js does).
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const cs = require('./lib');

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}
const verbose = args.includes('--verbose') || !!process.env.HOST_TESTS_VERBOSE;
const grep = option('--grep', process.env.HOST_TEST_GREP || '');
const timeoutMs = Number(option('--timeout', 0)) * 1000 || Number(process.env.HOST_TESTS_TIMEOUT_MS) || 5 * 60 * 1000;
const extensionPath = path.resolve(option('--extension', cs.REPO_ROOT));
const testsPath = path.resolve(option('--tests', path.join(cs.REPO_ROOT, 'out', 'test', 'host', 'index.js')));
const resultsDir = path.join(cs.REPO_ROOT, 'test-results', 'host');
// test/host/index.ts prefixes every console line of the run with this, to tell it from the workbench's log.
const LOG_PREFIX = '\u2063host| ';
// The workbench's own log lines that may show up while the tests run (everything is in test-results/host/).
const WORKBENCH_NOISE =
  /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creating a socket|Resolv(ing|ed) connection token|Creation of workbench contribution|No search provider registered|\[(AgentHost|AccountPolicyGate|Service Worker|reconnection-grace-time)[^\]]*\])/;

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`host: ${msg}`);

function suiteResult(passed, failed, failures) {
  console.log(`SUITE_RESULT ${JSON.stringify({ passed, failed, failures })}`);
}

async function main() {
  for (const f of [testsPath, path.join(extensionPath, 'package.json')]) {
    if (!fs.existsSync(f)) {
      say(`missing ${path.relative(process.cwd(), f)} (run \`npm run build\` and \`npm run compile-tests\` first)`);
      suiteResult(0, 1, [{ title: 'host suite setup', message: `missing ${f}` }]);
      return 1;
    }
  }
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });

  const workspace = cs.makeTmpDir('dr-host-workspace-');
  const workbenchLog = []; // every codeAutomationLog entry, for test-results/host/workbench.log
  let server;
  let browser;
  let running = false; // between HOST_BEGIN and HOST_RESULT
  let hostResult = null;
  let exitCode = null;
  let doneMs = null;
  let abortReason = null;
  let wake;
  const finished = new Promise((r) => (wake = r));
  const stopWaiting = (reason) => {
    if (!abortReason && exitCode === null) abortReason = reason;
    wake();
  };
  const onSignal = (sig) => stopWaiting(`interrupted by ${sig}`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = setTimeout(() => stopWaiting(`timed out after ${secs(timeoutMs)}`), timeoutMs);

  try {
    server = await cs.startCodeServer({
      smokeTestDriver: true,
      // The host tests act in the demo directory as a User and Authentication Administrator, who may do every
      // action to non-admins; test/host/preflight.test.ts switches to the demo's default, Helpdesk Administrator.
      userSettings: { 'directoryReset.demo.signedInRoles': ['User Administrator', 'Authentication Administrator'] },
      env: {
        HOST_TEST_LOG_PREFIX: LOG_PREFIX,
        ...(grep ? { HOST_TEST_GREP: grep } : {}),
        ...(process.env.HOST_TEST_TIMEOUT ? { HOST_TEST_TIMEOUT: process.env.HOST_TEST_TIMEOUT } : {}),
      },
    });
    say(`code-server listening on ${server.url} (${secs(server.startMs)})`);
    const watchServer = setInterval(() => {
      const ex = server.exited();
      if (ex) stopWaiting(`code-server exited (${ex.signal || ex.code})`);
    }, 250);
    finished.then(() => clearInterval(watchServer));

    browser = await cs.launchBrowser({ origin: server.url });
    const { page } = browser;
    page.on('crash', () => stopWaiting('the browser page crashed'));

    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      workbenchLog.push(`[${type}] ${text}`);
      const lines = text.split(/\r?\n/);
      if (verbose && !text.startsWith(LOG_PREFIX)) {
        for (const l of lines) console.log(`  [workbench ${type}] ${l}`);
        return;
      }
      if (text.startsWith(LOG_PREFIX)) {
        // Printed by test/host/index.ts or mocha's reporter.
        for (const raw of lines) {
          const line = raw.startsWith(LOG_PREFIX) ? raw.slice(LOG_PREFIX.length) : raw;
          if (line.startsWith('HOST_BEGIN')) {
            running = true;
          } else if (line.startsWith('HOST_RESULT ')) {
            running = false;
            try {
              hostResult = JSON.parse(line.slice('HOST_RESULT '.length));
            } catch {
              /* reported below as a missing result */
            }
          } else {
            console.log(line ? `  ${line}` : '');
          }
        }
      } else if (WORKBENCH_NOISE.test(text)) {
        // the workbench's routine chatter
      } else if (/\/static\/out\/vs\//.test(text)) {
        // An error inside the workbench itself (its stack is in workbench.js): one line is enough here.
        if (type === 'error' || type === 'warn') console.log(`  [workbench ${type}] ${lines[0]}`);
      } else if (running) {
        // Most likely console output of a test or of the extension during the run.
        for (const l of lines) console.log(`  ${type === 'info' ? '|' : type} ${l}`);
      } else if (type === 'error' && !hostResult) {
        for (const l of lines) console.log(`  [workbench error] ${l}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', async (code, logs) => {
      exitCode = typeof code === 'number' ? code : 1;
      doneMs = Date.now() - t0;
      if (Array.isArray(logs)) {
        for (const l of logs) {
          if (!l || typeof l.relativePath !== 'string' || typeof l.contents !== 'string') continue;
          const target = path.join(resultsDir, 'window-logs', l.relativePath.replace(/\.\.+/g, '_'));
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, l.contents);
        }
      }
      wake();
    });

    const url = cs.payloadUrl(server.url, workspace, extensionPath, testsPath);
    const tGoto = Date.now();
    await page.goto(url, { timeout: 60000 });
    await cs.waitForWorkbench(page, 60000);
    say(
      `workbench shown in ${secs(Date.now() - tGoto)}; running ${path.relative(process.cwd(), testsPath)} in the extension host`,
    );
    await finished;
  } catch (err) {
    if (!abortReason) abortReason = `crashed: ${err && err.stack ? err.stack : err}`;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close();
    if (server) {
      copyServerLogs(server);
      fs.writeFileSync(path.join(resultsDir, 'code-server.log'), server.logs());
      await server.stop();
    }
    fs.writeFileSync(path.join(resultsDir, 'workbench.log'), workbenchLog.join('\n') + '\n');
    cs.removeTmpDir(workspace);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const passed = hostResult ? Number(hostResult.passed) || 0 : 0;
  let failed = hostResult ? Number(hostResult.failed) || 0 : 0;
  const failures = hostResult && Array.isArray(hostResult.failures) ? hostResult.failures : [];
  if (abortReason) {
    say(abortReason);
    failed = Math.max(failed, 1);
    failures.push({ title: 'host suite', message: abortReason });
  } else if (!hostResult) {
    failed = Math.max(failed, 1);
    failures.push({
      title: 'host suite',
      message: `the test module exited with code ${exitCode} without a HOST_RESULT line`,
    });
  } else if (exitCode !== 0 && failed === 0) {
    failed = 1;
    failures.push({ title: 'host suite', message: `the test module exited with code ${exitCode}` });
  }
  if (failed > 0) {
    if (!verbose && workbenchLog.length && !hostResult) {
      console.log('host: last workbench log lines:');
      for (const l of workbenchLog.filter((e) => !WORKBENCH_NOISE.test(e.replace(/^\[\w+\] /, ''))).slice(-30)) {
        console.log(`  ${l}`);
      }
    }
    say(`logs in ${path.relative(process.cwd(), resultsDir)}/`);
  }
  const doneAt = doneMs === null ? '' : `, the run ended at ${secs(doneMs)}`;
  say(`${passed} passed, ${failed} failed in ${secs(Date.now() - t0)} (start to cleaned up${doneAt})`);
  suiteResult(passed, failed, failures);
  return failed > 0 ? 1 : 0;
}

/** Keeps the server-side logs (remote extension host log, server log) as artifacts. */
function copyServerLogs(server) {
  const logsDir = path.join(server.userDataDir, 'logs');
  try {
    fs.cpSync(logsDir, path.join(resultsDir, 'server-logs'), { recursive: true });
  } catch {
    /* no logs */
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    suiteResult(0, 1, [{ title: 'host suite', message: String(err && err.message) }]);
    process.exit(1);
  },
);
