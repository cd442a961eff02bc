// @ts-check
// Debian's headless Chromium (never a downloaded one) driven through playwright-core, with a throwaway profile;
// and waiting for VS Code's workbench in a page.
'use strict';

const path = require('path');
const { makeTmpDir, removeTmpDir, sleep } = require('./processes');

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

/**
 * @typedef {object} Browser
 * @property {import('playwright-core').BrowserContext} context
 * @property {import('playwright-core').Page} page
 * @property {string} userDataDir
 * @property {() => Promise<void>} close closes the browser and removes its profile
 */

/**
 * Launches Debian's Chromium (never a downloaded one) with a fresh profile.
 * @param {object} [opts]
 * @param {boolean} [opts.headless=true]
 * @param {string} [opts.origin] grant clipboard permissions for this origin only (default: every origin)
 * @param {{width:number,height:number}} [opts.viewport]
 * @returns {Promise<Browser>}
 */
async function launchBrowser(opts = {}) {
  const { chromium } = require('playwright-core');
  const tmpDir = makeTmpDir('dr-chromium-');
  const userDataDir = path.join(tmpDir, 'profile');
  // Chromium's crashpad keeps its database under $XDG_CONFIG_HOME/chromium whatever --user-data-dir says.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmpDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(tmpDir, 'xdg-cache'),
  };
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

/**
 * Waits until the workbench is shown (the activity bar exists). Returns the milliseconds it took.
 * @param {import('playwright-core').Page} page
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
async function waitForWorkbench(page, timeoutMs = 60000) {
  const t0 = Date.now();
  await page.waitForSelector('.monaco-workbench .activitybar', { timeout: timeoutMs });
  return Date.now() - t0;
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, launchBrowser, waitForWorkbench };
