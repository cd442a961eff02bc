// The profile page in a real browser for the unit suites: Debian's Chromium through playwright-core (the one the host
// suite uses), and a 127.0.0.1 server that serves the exact HTML and CSP the webview gets with the real
// media/profile.js and profile.css. `launch` answers undefined (with the reason) where no Chromium is installed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderProfileHtml } from '../../src/webviews/profile/htmlTemplate';

const REPO = path.join(__dirname, '../../..');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY=';

export interface Page {
  addInitScript(script: string): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<R>(f: string): Promise<R>;
  waitForFunction(f: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
}

export interface ProfileBrowser {
  newPage(): Promise<Page>;
  /** The page's address. */
  readonly url: string;
  close(): Promise<void>;
}

export async function launchProfileBrowser(): Promise<ProfileBrowser | string> {
  // Plain JS modules, loaded at run time (not part of the compiled tests), only when a browser suite runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
  const { CHROMIUM, CHROMIUM_ARGS } = require(path.join(REPO, 'scripts/lib/browser.js')) as {
    CHROMIUM: string;
    CHROMIUM_ARGS: string[];
  };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dr-page-browser-'));
  let browser: { newPage(): Promise<Page>; close(): Promise<void> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const { chromium } = require('playwright-core') as { chromium: { launch(o: object): Promise<typeof browser> } };
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
    rmSync(tmp, { recursive: true, force: true });
    return String((e as Error).message).split('\n')[0];
  }
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        renderProfileHtml({
          cspSource: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          scriptUri: '/media/profile.js',
          styleUri: '/media/profile.css',
          nonce: NONCE,
        }),
      );
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
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    newPage: () => browser.newPage(),
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
