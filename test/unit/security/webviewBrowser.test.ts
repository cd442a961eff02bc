// The profile page in a real browser (Debian's Chromium through playwright-core, as the host suite uses it): the
// exact HTML and CSP the webview gets, its real media/profile.js and profile.css, served from 127.0.0.1. Scripts,
// inline handlers and remote loads are injected into the page, and hostile directory data is posted to it the way
// the extension does; the test checks that none of the injected code ran and nothing was fetched from elsewhere.
// Skipped (with a note) where Chromium is not installed; .ci/run installs it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderProfileHtml } from '../../../src/webviews/profile/htmlTemplate';
import { HOSTILE_PROFILE } from '../../support/directoryFixture';

const REPO = path.join(__dirname, '../../../..');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY=';

interface Page {
  addInitScript(script: string): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<R>(f: string): Promise<R>;
  waitForFunction(f: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
}

interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('Security: the profile webview in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  const servers: http.Server[] = [];
  const remoteHits: string[] = [];
  let origin = '';
  let tmp = '';

  before(async function () {
    // The Chromium and flags the host suite uses (scripts/lib/browser.js), in a throwaway profile.
    // A plain JS module of the scripts, loaded at run time from the repository (not part of the compiled tests).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
    const { CHROMIUM, CHROMIUM_ARGS } = require(path.join(REPO, 'scripts/lib/browser.js')) as {
      CHROMIUM: string;
      CHROMIUM_ARGS: string[];
    };
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dr-csp-browser-'));
    try {
      // Loaded only when this suite runs, so that the rest of the unit suite never needs a browser.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
      const { chromium } = require('playwright-core') as { chromium: { launch(o: object): Promise<Browser> } };
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_CACHE_HOME: path.join(tmp, 'cache') },
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: 30_000,
      });
    } catch (e) {
      console.log(`      (skipped: no Chromium to load the page in: ${String((e as Error).message).split('\n')[0]})`);
      this.skip();
    }
    // Another origin: anything loaded from it is a remote load the CSP must block.
    const remote = await listen((req, res) => {
      remoteHits.push(req.url ?? '');
      res.end('window.__pwned = "remote script";');
    });
    servers.push(remote.server);
    const local = await listen((req, res) => {
      const url = req.url ?? '/';
      if (url === '/') {
        const html = renderProfileHtml({
          cspSource: `http://127.0.0.1:${(local.server.address() as AddressInfo).port}`,
          scriptUri: '/media/profile.js',
          styleUri: '/media/profile.css',
          nonce: NONCE,
        });
        // What an attacker would like to get into the page, injected here to prove the policy stops it.
        const injected = [
          '<script>window.__pwned = "inline script"</script>',
          `<script nonce="wrong">window.__pwned = "script with a guessed nonce"</script>`,
          '<img src="/missing.png" onerror="window.__pwned = \'inline handler\'">',
          `<img src="${remote.origin}/remote.png">`,
          `<script src="${remote.origin}/remote.js"></script>`,
          `<link rel="stylesheet" href="${remote.origin}/remote.css">`,
          `<iframe src="${remote.origin}/frame"></iframe>`,
          `<object data="${remote.origin}/object"></object>`,
          '<a id="js-link" href="javascript:window.__pwned=\'javascript: link\'">x</a>',
        ].join('\n');
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(html.replace('<main', `${injected}\n<main`));
        return;
      }
      const file = /^\/media\/(profile\.(js|css))$/.exec(url);
      if (file) {
        res.setHeader('content-type', file[2] === 'js' ? 'text/javascript' : 'text/css');
        res.end(readFileSync(path.join(REPO, 'media', file[1])));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    servers.push(local.server);
    origin = local.origin;
  });

  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it('runs none of the injected scripts, loads nothing remote, and shows hostile names as text', async () => {
    const page = await browser!.newPage();
    await page.addInitScript(`
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });
    `);
    await page.goto(`${origin}/`);
    await page.waitForFunction('window.__posted.some((m) => m.type === "ready")', undefined, { timeout: 10_000 });

    const profile = {
      type: 'profile',
      directoryName: '<img src=x onerror="window.__pwned=\'directory\'">',
      user: { id: 'u1', source: 'cloud', accountEnabled: true, ...HOSTILE_PROFILE },
      adminPortalUrl: 'https://entra.microsoft.com/',
    };
    const password = {
      type: 'password',
      password: '<script>window.__pwned="pw"</script>',
      method: 'systemGenerated',
      mustChangeAtNextSignIn: true,
      completedAt: '2025-01-02T03:04:05Z',
    };
    await page.evaluate(
      `window.postMessage(${JSON.stringify(profile)}, '*'); window.postMessage(${JSON.stringify(password)}, '*');`,
    );
    await page.evaluate('document.getElementById("reveal").click(); document.getElementById("js-link").click();');
    await new Promise((r) => setTimeout(r, 500)); // time for any image error, handler or remote load to happen

    const state = await page.evaluate<{
      pwned: unknown;
      violations: string[];
      name: string;
      password: string;
      elementsInSlots: number;
      images: number;
      scripts: number;
    }>(`({
      pwned: window.__pwned,
      violations: window.__violations,
      name: document.getElementById('display-name').textContent,
      password: document.getElementById('password-value').textContent,
      elementsInSlots: document.querySelectorAll('main h1 *, main dd *, #password-value *, #refusal-text *').length,
      images: document.images.length,
      scripts: document.scripts.length,
    })`);
    assert.equal(state.pwned, undefined, `injected code ran: ${String(state.pwned)}`);
    assert.deepEqual(remoteHits, [], 'nothing was loaded from another origin');
    assert.equal(state.name, HOSTILE_PROFILE.displayName, 'the name is shown as the text it is');
    assert.equal(state.password, password.password);
    assert.equal(state.elementsInSlots, 0, 'no element was created from directory data');
    assert.equal(state.images, 2, 'only the two injected <img> tags exist; none came from the data');
    assert.ok(state.violations.length >= 5, `the policy blocked the injected code: ${state.violations.join(', ')}`);
    for (const d of ['script-src-elem', 'script-src-attr', 'img-src']) {
      assert.ok(state.violations.includes(d), `${d} was enforced (${state.violations.join(', ')})`);
    }
  });
});
