#!/usr/bin/env node
// `npm run demo`: builds the extension and opens VS Code with it and the built-in demo directory
// (DIRECTORY_RESET_OPEN_DEMO=1 makes the extension open the demo directory when it activates).
//
//  - With a desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> --new-window`.
//  - Otherwise (or with --code-server): code-server on 127.0.0.1 with the extension installed in a throwaway
//    extensions folder; open the printed URL in a browser; Ctrl+C stops it and removes the temp folders.
//  - --check: code-server only; loads the workbench in headless Chromium, waits for the "Directory" icon in the
//    activity bar, opens the view, saves a screenshot (--screenshot FILE), stops; exit 0 once the view lists users.
//    With CI=true (as CI sets it), `npm run demo` is the check: there is nobody to open the browser or press Ctrl+C.
//
// Usage: node scripts/demo.js [--code-server] [--port N] [--check [--screenshot FILE]]
'use strict';

const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const cs = require('./lib');

const ROOT = cs.REPO_ROOT;
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : undefined;
};
const inCi = /^(1|true)$/i.test(process.env.CI || '');
const check = args.includes('--check') || inCi;
const forceCodeServer = check || args.includes('--code-server');
const screenshot = option('--screenshot');
const port = Number(option('--port')) || 0;
const ICON = '.activitybar .action-item a[aria-label^="Directory"]';
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function build() {
  console.log('demo: building the extension (node esbuild.js)');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    console.error('demo: build failed');
    process.exit(1);
  }
}

function desktopCode() {
  if (forceCodeServer) return null;
  const r = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const bin = r.status === 0 ? r.stdout.trim() : '';
  // Inside a VS Code/code-server terminal `code` is the remote CLI of that window, not a desktop VS Code.
  if (!bin || process.env.VSCODE_IPC_HOOK_CLI) return null;
  return bin;
}

async function runDesktop(code) {
  console.log(`demo: ${code} --extensionDevelopmentPath=${ROOT} --new-window`);
  const child = spawn(code, [`--extensionDevelopmentPath=${ROOT}`, '--new-window'], {
    stdio: 'inherit',
    env: { ...process.env, DIRECTORY_RESET_OPEN_DEMO: '1' },
  });
  const status = await new Promise((r) => child.on('close', r));
  process.exit(status || 0);
}

async function startServer() {
  const server = await cs.startCodeServer({
    installExtensionFrom: ROOT,
    env: { DIRECTORY_RESET_OPEN_DEMO: '1' },
    port,
  });
  console.log(
    `demo: code-server listening in ${secs(server.startMs)}; installed ${server.installed.id} ${server.installed.version}`,
  );
  return server;
}

async function runServer() {
  const server = await startServer();
  console.log('');
  console.log(`  Open ${server.url} in your browser`);
  console.log('  (then click the "Directory" icon in the activity bar). Press Ctrl+C to stop.');
  console.log('');
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\ndemo: stopping code-server');
    await server.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGHUP', () => stop(0));
  const watch = setInterval(() => {
    const ex = server.exited();
    if (ex) {
      clearInterval(watch);
      console.error(`demo: code-server exited (${ex.signal || ex.code}); its last output:`);
      console.error(server.logs().split('\n').slice(-30).join('\n'));
      stop(1);
    }
  }, 500);
}

async function runCheck() {
  cs.ensureTools(); // first run: installs code-server and Chromium (minutes), outside the check's time limit
  const t0 = Date.now();
  let server;
  let browser;
  let ok = false;
  const overall = setTimeout(
    () => {
      console.error('demo --check: timed out after 3 minutes');
      Promise.all([browser && browser.close(), server && server.stop()]).finally(() => process.exit(1));
    },
    3 * 60 * 1000,
  );
  try {
    server = await startServer();
    browser = await cs.launchBrowser({ origin: server.url });
    const { page } = browser;
    const tGoto = Date.now();
    await page.goto(server.url, { timeout: 60000 });
    await cs.waitForWorkbench(page, 60000);
    console.log(`demo --check: workbench shown in ${secs(Date.now() - tGoto)}`);
    await page.waitForSelector(ICON, { timeout: 60000 });
    console.log(`demo --check: "Directory" icon in the activity bar after ${secs(Date.now() - tGoto)}`);
    // Open the view: the demo is working once it lists the demo directory's users (activation opens the demo
    // directory, see DIRECTORY_RESET_OPEN_DEMO).
    await page.click(ICON);
    try {
      await page.getByRole('treeitem').first().waitFor({ timeout: 30000 });
      console.log(`demo --check: the Users view lists the demo directory after ${secs(Date.now() - tGoto)}`);
      ok = true;
      await page.waitForTimeout(500);
    } catch {
      console.error('demo --check: the Users view showed no users within 30 s');
    }
    if (screenshot) {
      fs.mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
      await page.screenshot({ path: screenshot });
      console.log(`demo --check: screenshot ${screenshot}`);
    }
  } catch (err) {
    console.error(`demo --check: ${err && err.message ? err.message.split('\n')[0] : err}`);
    if (browser && screenshot) await browser.page.screenshot({ path: screenshot }).catch(() => {});
    if (server) console.error(server.logs().split('\n').slice(-20).join('\n'));
  } finally {
    clearTimeout(overall);
    if (browser) await browser.close();
    if (server) await server.stop();
  }
  console.log(`demo --check: ${ok ? 'OK' : 'FAILED'} (${secs(Date.now() - t0)})`);
  process.exit(ok ? 0 : 1);
}

async function main() {
  if (inCi && !args.includes('--check'))
    console.log('demo: CI=true, so the demo opens, is checked and stops (--check)');
  build();
  const code = desktopCode();
  if (code) return runDesktop(code);
  if (check) return runCheck();
  return runServer();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
