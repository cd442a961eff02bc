// The UI suite's harness: a real VS Code workbench (code-server on 127.0.0.1, the extension installed the way a
// .vsix installs it) in Debian's headless Chromium, driven with playwright-core like a person would: clicks,
// right-clicks, keys, the command palette. scripts/run-ui-tests.js runs the journeys (test/ui/*.test.ts) with mocha
// and calls shutdown() at the end.
//
// One browser for the whole run; one code-server per group of journeys (a Session). Everything waits on
// conditions, never on fixed sleeps. When a journey fails, saveFailure() keeps a screenshot and the extension's
// own log ("Directory Reset" output channel) in test-results/ui/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'ui');
export const README_SCREENSHOTS_DIR = path.join(ROOT, 'media', 'screenshots');
// scripts/lib/: startCodeServer, launchBrowser (plain JS, shared with the host suite and the demo).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cs = require(path.join(ROOT, 'scripts', 'lib', 'index.js'));

export const VIEWPORT = { width: 1280, height: 800 };
/** How long a single UI condition may take before the journey fails (the machine has 2 cores). */
export const UI_TIMEOUT_MS = 20_000;

/** Settings every session gets: a quiet workbench with nothing but the editor and the sidebar. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.reduceMotion': 'on',
  'workbench.editor.enablePreview': false,
  'window.commandCenter': false,
  'window.title': '${rootName}',
  // With two views in the Directory container (Users and History), VS Code shows a view's title buttons only while
  // the pointer is over its header; the journeys click them as someone who keeps them visible does.
  'workbench.view.alwaysShowHeaderActions': true,
};

// ---------------------------------------------------------------------------------------------------------------
// Waiting on conditions

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes (throws with `what`). */
export async function until<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = UI_TIMEOUT_MS,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message.split('\n')[0] : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
    }
    await sleep(100);
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// The shared browser

let browserPromise: Promise<{ context: BrowserContext; close(): Promise<void> }> | undefined;

function browser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  // Clipboard permissions for every origin: each session's code-server has its own port.
  browserPromise ??= cs.launchBrowser({ viewport: VIEWPORT, headless: process.env.UI_HEADED !== '1' });
  return browserPromise!;
}

const sessions = new Set<Session>();

/** Stops every session and the browser. Safe to call more than once. */
export async function shutdown(): Promise<void> {
  await Promise.all([...sessions].map((s) => s.stop()));
  if (browserPromise) {
    const b = await browserPromise.catch(() => undefined);
    browserPromise = undefined;
    await b?.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A session: one code-server with the extension installed, one page showing its workbench

export interface SessionOptions {
  /** Short name used in artifact file names. */
  name: string;
  /** User settings (merged over the quiet defaults). */
  userSettings?: Record<string, unknown>;
  /** More options for scripts/lib/codeServer.js startCodeServer (env, privateMounts, alsoInstall). */
  codeServer?: { env?: Record<string, string>; privateMounts?: Record<string, string>; alsoInstall?: string[] };
  /**
   * VS Code's display language, e.g. 'de': the stand-in language pack test/fixtures/language-pack-<locale> is
   * installed and code-server starts with --locale (see displayLanguage in scripts/lib/codeServer.js).
   */
  locale?: string;
  /** The Directory container's title in that language (the activity bar icon's name). Default "Directory". */
  activityTitle?: string;
}

export class Session {
  /** JavaScript dialogs (alert/confirm/prompt) any frame of the page opened: must stay empty. */
  readonly jsDialogs: string[] = [];
  /** Uncaught errors in the page's frames (for the failure report). */
  readonly pageErrors: string[] = [];
  readonly wb: Workbench;
  private stopped = false;

  private constructor(
    readonly name: string,
    readonly server: CodeServer,
    readonly page: Page,
    private readonly workspace: string,
    activityTitle?: string,
  ) {
    this.wb = new Workbench(page, activityTitle);
    page.on('dialog', (d) => {
      this.jsDialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  static async start(options: SessionOptions): Promise<Session> {
    const t0 = Date.now();
    const server: CodeServer = await cs.startCodeServer({
      ...(options.codeServer ?? {}),
      installExtensionFrom: ROOT,
      userSettings: { ...QUIET_SETTINGS, ...(options.userSettings ?? {}) },
      ...(options.locale
        ? {
            displayLanguage: {
              locale: options.locale,
              languagePack: path.join(ROOT, 'test', 'fixtures', `language-pack-${options.locale}`),
            },
          }
        : {}),
    });
    const workspace: string = cs.makeTmpDir('dr-ui-workspace-');
    // The window title shows the folder's name: a stable one keeps the screenshots the same from run to run.
    const folder = path.join(workspace, options.name);
    fs.mkdirSync(folder);
    let page: Page | undefined;
    try {
      const { context } = await browser();
      page = await context.newPage();
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      const session = new Session(options.name, server, page, workspace, options.activityTitle);
      sessions.add(session);
      await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });
      await cs.waitForWorkbench(page, 60_000);
      // The workbench is usable once the activity bar shows the extension's container.
      await page.locator(session.wb.activityIcon).waitFor({ timeout: 60_000 });
      console.log(
        `      (session "${options.name}": code-server + workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      );
      return session;
    } catch (e) {
      await page?.close().catch(() => undefined);
      await server.stop();
      cs.removeTmpDir(workspace);
      throw e;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    sessions.delete(this);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    try {
      fs.writeFileSync(path.join(RESULTS_DIR, `code-server-${this.name}.log`), this.server.logs());
    } catch {
      /* best effort */
    }
    await this.page.close().catch(() => undefined);
    await this.server.stop();
    cs.removeTmpDir(this.workspace);
  }

  /** The extension's log files ("Directory Reset" output channel), newest extension host last. */
  extensionLogs(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name === 'Directory Reset.log') found.push(full);
      }
    };
    walk(path.join(this.server.userDataDir, 'logs'));
    return found.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
  }

  /** Keeps a screenshot and the extension's log of a failed journey in test-results/ui/. */
  /** For mocha's afterEach: a failed journey's screenshot and logs are kept (and their paths printed). */
  async keepIfFailed(test: { state?: string; fullTitle(): string } | undefined): Promise<void> {
    if (test?.state !== 'failed') return;
    const saved = await this.saveFailure(test.fullTitle());
    console.log(`      (saved ${saved.map((f) => f.replace(/^.*test-results/, 'test-results')).join(', ')})`);
  }

  async saveFailure(title: string): Promise<string[]> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const base = path.join(RESULTS_DIR, slug(title));
    const saved: string[] = [];
    try {
      await this.page.screenshot({ path: `${base}.png`, timeout: 10_000 });
      saved.push(`${base}.png`);
    } catch (e) {
      console.log(`      (no screenshot: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    const logs = this.extensionLogs()
      .map((f) => `===== ${path.relative(this.server.userDataDir, f)}\n${fs.readFileSync(f, 'utf8')}`)
      .join('\n');
    const extra = [
      this.jsDialogs.length ? `===== JavaScript dialogs\n${this.jsDialogs.join('\n')}` : '',
      this.pageErrors.length ? `===== page errors\n${this.pageErrors.slice(-20).join('\n')}` : '',
    ].filter(Boolean);
    fs.writeFileSync(
      `${base}.extension.log`,
      [logs || '(the extension wrote no log file)', ...extra].join('\n') + '\n',
    );
    saved.push(`${base}.extension.log`);
    return saved;
  }

  /**
   * A screenshot kept in test-results/ui/screenshots/; with `readme`, also the README's media/screenshots/<name>.png
   * when the run was asked to update them (npm run test:ui -- --update-screenshots).
   */
  async screenshot(name: string, readme = false): Promise<string> {
    const dir = path.join(RESULTS_DIR, 'screenshots');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    // No hover highlight in the pictures: the pointer rests on an empty part of the editor area.
    if (readme) await this.page.mouse.move(VIEWPORT.width - 200, VIEWPORT.height - 60);
    await this.page.screenshot({ path: file });
    if (readme && process.env.UI_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(README_SCREENSHOTS_DIR, { recursive: true });
      fs.copyFileSync(file, path.join(README_SCREENSHOTS_DIR, `${name}.png`));
    }
    return file;
  }
}

interface CodeServer {
  url: string;
  userDataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);
}

// ---------------------------------------------------------------------------------------------------------------
// The workbench, as a person sees it

export class Workbench {
  static readonly ACTIVITY_ICON = '.activitybar .action-item a[aria-label^="Directory"]';

  constructor(
    readonly page: Page,
    /** The Directory container's title in the workbench's display language. */
    private readonly activityTitle = 'Directory',
  ) {}

  /** The Directory icon on the activity bar. */
  get activityIcon(): string {
    return `.activitybar .action-item a[aria-label^="${this.activityTitle}"]`;
  }

  get sidebar(): Locator {
    return this.page.locator('#workbench\\.parts\\.sidebar');
  }

  /** The Users view's rows (virtualised: only the rows in the viewport are in the DOM). */
  get rows(): Locator {
    return this.sidebar.getByRole('treeitem');
  }

  /** The row whose accessible name starts with `name` (the display name). */
  row(name: string): Locator {
    return this.sidebar.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(name)}`) });
  }

  /** The "Load more..." row, also while it loads ("Loading..."). */
  get moreRow(): Locator {
    return this.sidebar.getByRole('treeitem', { name: /^(Load more\.\.\.|Loading\.\.\.)/ });
  }

  get welcome(): Locator {
    return this.sidebar.locator('.welcome-view-content');
  }

  /** A button on the view's title bar (Search Users..., Clear Search, Refresh). */
  titleButton(name: string): Locator {
    return this.sidebar.locator('.title-actions, .pane-header .actions').getByRole('button', { name, exact: true });
  }

  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  get quickPickRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  get toasts(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** The profile page: the active webview's content frame. */
  get webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  tab(name: string | RegExp): Locator {
    return this.page.locator('.tabs-container').getByRole('tab', { name });
  }

  /** Opens the Directory view from the activity bar (a click; does nothing if it is open already). */
  async openDirectoryView(): Promise<void> {
    const icon = this.page.locator(this.activityIcon);
    const open = await this.page.locator('#workbench\\.view\\.extension\\.directoryReset').isVisible();
    if (!open) await icon.click();
    await this.page.locator('#workbench\\.view\\.extension\\.directoryReset').waitFor();
  }

  /** Runs a command from the command palette (F1): types its title, moves to the entry with exactly that label, Enter. */
  async palette(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor();
    await until(`the command palette to open with ">"`, async () =>
      (await this.quickInputBox.inputValue()).startsWith('>'),
    );
    await this.quickInputBox.fill(`>${title}`);
    await this.pickExactly(title);
  }

  /** In an open quick pick: arrows to the entry whose label is exactly `label` and presses Enter. */
  async pickExactly(label: string): Promise<void> {
    const exact = new RegExp(`^${escapeRegExp(label)}$`);
    const row = this.quickPickRows.filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor();
    const focusedLabel = () =>
      this.page
        .locator('.quick-input-widget .quick-input-list .monaco-list-row.focused .label-name')
        .evaluateAll((els) => els[0]?.textContent ?? '');
    await until(`an entry to have the focus in the picker`, async () => (await focusedLabel()) !== '');
    for (let i = 0; i < 15 && !exact.test(await focusedLabel()); i++) await this.page.keyboard.press('ArrowDown');
    if (!exact.test(await focusedLabel()))
      throw new Error(`could not move to "${label}" in the picker (at "${await focusedLabel()}")`);
    await this.page.keyboard.press('Enter');
  }

  /** Right-clicks `row` and clicks the context-menu item `item` with the mouse. */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const menuItem = this.page.getByRole('menuitem', { name: item, exact: true });
    await menuItem.waitFor();
    // VS Code's menus act on a click only over an item that has taken the hover (it turns "focused"); a click
    // that lands while the menu is still settling is ignored, so try again while the menu stays open.
    for (let attempt = 1; ; attempt++) {
      await menuItem.hover();
      await this.page.locator('.monaco-menu .action-item.focused').filter({ has: menuItem }).waitFor();
      await menuItem.click();
      const closed = await menuItem.waitFor({ state: 'detached', timeout: 2000 }).then(
        () => true,
        () => false,
      );
      if (closed) return;
      if (attempt === 3) throw new Error(`the context menu ignored three clicks on "${item}"`);
    }
  }

  /**
   * Clicks a user's row, which opens their profile page (a tab "<name> - Profile"). The tree redraws a row when a
   * command on it ends (its spinner goes); a click that lands in that redraw is lost, so a person clicks again.
   */
  async openProfile(row: Locator, tabTitle: string | RegExp): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // A row's tooltip left open by the pointer resting on another row would take the click: a person moves away.
      await this.page.mouse.move(1, 1);
      await this.page
        .locator('.context-view .rendered-markdown')
        .waitFor({ state: 'detached', timeout: 5000 })
        .catch(() => undefined);
      await row.click();
      const opened = await this.tab(tabTitle)
        .waitFor({ timeout: attempt < 3 ? 5000 : UI_TIMEOUT_MS })
        .then(
          () => true,
          () => false,
        );
      if (opened) return;
      if (attempt === 3) throw new Error(`clicking the row did not open the profile page ${tabTitle}`);
      console.log(`      (the click on a row was lost; clicking again)`);
    }
  }

  /** The accessible names of the rows drawn now (the whole list when it fits the sidebar). */
  async rowLabels(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /**
   * Signs in like a person from the signed-out welcome: Sign In, the secret (client secret, bearer token, bind
   * password) typed into the password box, Enter. Returns the picker's text (title and prompt) as it was shown.
   * Waiting for the tree is left to the caller.
   */
  async signInFromWelcome(secret: string): Promise<string> {
    await this.welcome.getByText('You are signed out of the directory.').waitFor();
    await this.welcome.getByRole('button', { name: 'Sign In' }).click();
    await this.quickInputBox.waitFor();
    if ((await this.quickInputBox.getAttribute('type')) !== 'password')
      throw new Error('the secret was not asked for in a password box');
    const shown = await this.quickInput.innerText();
    await this.quickInputBox.fill(secret);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    return shown;
  }

  /** Searches with the view title's magnifier (click, type, Enter); done when the view shows the results or "nobody". */
  async searchFromTitle(text: string): Promise<void> {
    await this.titleButton('Search Users...').click();
    await this.quickInputBox.waitFor();
    await this.quickInputBox.fill(text);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
    await until(
      `the results for "${text}"`,
      async () =>
        (await this.sidebar.getByText(`Users matching "${text}"`).isVisible()) ||
        (await this.welcome.getByText('Nobody in the directory matches your search.').isVisible()),
    );
  }

  /** Waits until the profile page shows `displayName` and has finished reading the full profile. */
  async profileShown(displayName: string): Promise<void> {
    await until(`the profile page of ${displayName.slice(0, 40)}`, async () => {
      const h1 = await this.webview.locator('#display-name').textContent({ timeout: 1000 });
      const busy = await this.webview.locator('body').getAttribute('aria-busy', { timeout: 1000 });
      return h1 === displayName && busy === 'false';
    });
  }

  /** Every row of the Users view (scrolls through the virtualised tree): posinset -> accessible name. */
  async allRows(): Promise<string[]> {
    const first = this.rows.first();
    await first.waitFor();
    const size = Number(await first.getAttribute('aria-setsize'));
    const seen = new Map<number, string>();
    const list = this.sidebar.locator('.monaco-list').first();
    await list.hover();
    for (let i = 0; i < 200 && seen.size < size; i++) {
      const visible = await this.rows.evaluateAll((els) =>
        els.map(
          (e) => [Number(e.getAttribute('aria-posinset')), e.getAttribute('aria-label') ?? ''] as [number, string],
        ),
      );
      for (const [pos, label] of visible) seen.set(pos, label);
      if (seen.size >= size) break;
      await this.page.mouse.wheel(0, 200);
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    }
    // Back to the top, as a person would leave it.
    for (let i = 0; i < 50; i++) {
      if ((await this.rows.first().getAttribute('aria-posinset')) === '1') break;
      await this.page.mouse.wheel(0, -2000);
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    }
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, label]) => label);
  }

  /** What the page's clipboard holds (the browser granted clipboard-read). */
  async clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async setClipboard(text: string): Promise<void> {
    await this.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  }

  /** The workbench's theme kind from its root element's classes: 'vs' (light), 'vs-dark' or 'hc-black'. */
  async themeKind(): Promise<string> {
    const cls = (await this.page.locator('.monaco-workbench').first().getAttribute('class')) ?? '';
    return /\bhc-light\b/.test(cls)
      ? 'hc-light'
      : /\bhc-black\b/.test(cls)
        ? 'hc-black'
        : /\bvs-dark\b/.test(cls)
          ? 'vs-dark'
          : 'vs';
  }

  /** Picks a colour theme like a person: "Preferences: Color Theme", type its name, Enter. */
  async selectColorTheme(label: string, kind: string): Promise<void> {
    await this.palette('Preferences: Color Theme');
    await until(
      'the color theme picker',
      async () => (await this.quickInputBox.inputValue()) === '' && (await this.quickPickRows.count()) > 0,
    );
    await this.quickInputBox.fill(label);
    await this.pickExactly(label);
    await this.quickInput.waitFor({ state: 'hidden' });
    await until(`the workbench to use a ${kind} theme`, async () => (await this.themeKind()) === kind);
  }

  /**
   * Back to a neutral state between journeys: no menu, dialog or picker open, no editors, no notifications, the
   * Directory view open and not searching. Uses the palette and plain keys only.
   */
  async resetUi(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const busy =
        (await this.dialog.isVisible()) ||
        (await this.quickInput.isVisible()) ||
        (await this.page.locator('.context-view .monaco-menu').isVisible());
      if (!busy) break;
      await this.page.keyboard.press('Escape');
      await sleep(50); // let the workbench close what Escape closed before looking again
    }
    if ((await this.page.locator('.tabs-container [role=tab]').count()) > 0) {
      await this.palette('View: Close All Editors');
      await until(
        'every editor to close',
        async () => (await this.page.locator('.tabs-container [role=tab]').count()) === 0,
      );
    }
    if ((await this.toasts.count()) > 0) {
      await this.palette('Notifications: Clear All Notifications');
      await until('the notifications to go', async () => (await this.toasts.count()) === 0);
    }
    await this.openDirectoryView();
    if (await this.titleButton('Clear Search').isVisible()) {
      await this.titleButton('Clear Search').click();
      await this.titleButton('Clear Search').waitFor({ state: 'hidden' });
      await until(
        'the whole list again',
        async () => (await this.moreRow.count()) > 0 || (await this.welcome.isVisible()),
      );
    }
  }

  /** resetUi(), then the users shown: signed in from the welcome with the app's client secret if it asks. */
  async resetUiSignedIn(clientSecret: string): Promise<void> {
    await this.resetUi();
    await until(
      'the users or the sign-in welcome',
      async () => (await this.rows.count()) > 0 || (await this.welcome.isVisible()),
    );
    if (await this.welcome.getByRole('button', { name: 'Sign In' }).isVisible()) {
      await this.signInFromWelcome(clientSecret);
    }
  }
}

/** A `directoryReset.directories` entry for a Graph-compatible test directory, signed in with its client secret. */
export function appOnlyDirectory(
  name: string,
  server: { readonly tenantId: string; readonly clientId: string; readonly url: string },
): Record<string, string> {
  return {
    name,
    provider: 'microsoftGraph',
    tenantId: server.tenantId,
    clientId: server.clientId,
    authentication: 'clientSecret',
    graphEndpoint: server.url,
    authorityHost: server.url,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Colours (WCAG 2 contrast)

export type Rgba = [number, number, number, number];

/** Parses the computed-style forms `rgb(r, g, b)` / `rgba(r, g, b, a)`, and `#rrggbb[aa]` / `#rgb`. */
export function parseColor(value: string): Rgba | undefined {
  const v = value.trim().toLowerCase();
  let m = /^rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)$/.exec(v);
  if (m) {
    const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), a];
  }
  m = /^#([0-9a-f]{3,8})$/.exec(v);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  return undefined;
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** `top` drawn over the opaque `bottom`. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

export function sameColor(a: Rgba | undefined, b: Rgba | undefined): boolean {
  return !!a && !!b && a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= 1);
}
