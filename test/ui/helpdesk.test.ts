// Journeys 2-11: a helpdesk person with a directory configured in their user settings. The directory is the
// Graph-compatible test directory (src/demo/graphServer.ts) running in this process, so every journey can check
// what the directory received: searches, resets (and the exact password), and the requests that must not happen.
// App-only sign-in (client secret): resets go through PATCH passwordProfile; the app holds User Administrator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { startGraphServer, type GraphServer, type RecordedRequest } from '../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../src/demo/seed';
import { displayText } from '../../src/directory/displayText';
import {
  appOnlyDirectory,
  ROOT,
  Session,
  composite,
  contrastRatio,
  parseColor,
  sameColor,
  until,
  type Rgba,
} from '../support/harness';

const DIRECTORY = 'Contoso Test';
const CLIENT_ID = '3f2b8c1e-6d4a-4e9b-9c2d-7a1e5f3b8d60';
/** 30 users in pages of 12: three pages, and all of them fit the sidebar. */
const USER_COUNT = 30;
const PAGE_SIZE = 12;
const BULLET = '\u2022';
const SIGN_IN_JOURNEY = 'signs in';

describe('a helpdesk person with a configured directory', function () {
  let gs: GraphServer;
  let session: Session;

  const name = (id: string) => gs.users.get(id)!.displayName;
  const upn = (id: string) => gs.users.get(id)!.userPrincipalName;
  /** Requests that change something (resets, PATCH, POST) apart from getting a token. */
  const writes = () => gs.requests.filter((r) => r.method !== 'GET' && !/\/oauth2\/v2\.0\/token$/.test(r.path));
  const searches = () =>
    gs.requests.filter((r) => r.method === 'GET' && r.path === '/v1.0/users' && r.query.$search !== undefined);
  const describeRequests = (list: RecordedRequest[]) =>
    list.map((r) => `${r.method} ${r.path} ${r.status}`).join('; ') || 'none';

  before(async function () {
    this.timeout(120_000);
    gs = await startGraphServer({ users: seedUsers(USER_COUNT), clientId: CLIENT_ID });
    session = await Session.start({
      name: 'helpdesk',
      userSettings: {
        'directoryReset.directories': [appOnlyDirectory(DIRECTORY, gs)],
        'directoryReset.pageSize': PAGE_SIZE,
      },
    });
  });

  beforeEach(async function () {
    this.timeout(60_000);
    await session.wb.resetUi();
    // The sign-in journey comes first; when --grep skips it, sign in here so any journey can run on its own.
    if (!this.currentTest?.title.startsWith(SIGN_IN_JOURNEY)) {
      await until(
        'the users or the sign-in welcome',
        async () => (await session.wb.rows.count()) > 0 || (await session.wb.welcome.isVisible()),
      );
      if (await session.wb.welcome.getByRole('button', { name: 'Sign In' }).isVisible()) await signIn();
    }
    gs.clearRequests();
  });

  afterEach(async function () {
    await session?.keepIfFailed(this.currentTest);
  });

  after(async () => {
    await session?.stop();
    await gs?.close();
  });

  /** Waits until the extension's log has a line matching `re` (the log file is written with a short delay). */
  async function logged(re: RegExp): Promise<void> {
    await until(`the extension to log ${re}`, () =>
      session.extensionLogs().some((f) => re.test(fs.readFileSync(f, 'utf8'))),
    );
  }

  /** Finds a user like a person: the view title's search, by their first name; returns their row. */
  async function findRow(id: string): Promise<Locator> {
    await session.wb.searchFromTitle(name(id).split(' ')[0]);
    const row = session.wb.row(name(id));
    await row.waitFor();
    return row;
  }

  /** The rows' accessible names once they all satisfy `ok` (and there is at least one). */
  async function rowsWhen(what: string, ok: (labels: string[]) => boolean): Promise<string[]> {
    return until(what, async () => {
      const labels = await session.wb.rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      return labels.length > 0 && ok(labels) ? labels : undefined;
    });
  }

  /** The view's welcome > Sign In > the client secret into the password box > Enter. */
  async function signIn(): Promise<void> {
    const { wb } = session;
    await wb.welcome.getByText('You are signed out of the directory.').waitFor();
    await wb.welcome.getByRole('button', { name: 'Sign In' }).click();
    await wb.quickInputBox.waitFor();
    assert.equal(await wb.quickInputBox.getAttribute('type'), 'password', 'the secret is typed into a password box');
    assert.match(await wb.quickInput.innerText(), new RegExp(`Sign in to ${DIRECTORY}`));
    await wb.quickInputBox.fill(gs.clientSecret);
    await wb.page.keyboard.press('Enter');
    await wb.row('Load more...').waitFor();
  }

  it(`${SIGN_IN_JOURNEY} to the directory with the app's client secret from the view's welcome`, async () => {
    await signIn();
    const token = gs.requests.find((r) => r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token'));
    assert.ok(token && token.status === 200, `a token was issued (${describeRequests(gs.requests)})`);
  });

  it('2. paging: "Load more..." appends the next page until the tree holds the whole directory; Refresh keeps it usable', async () => {
    const { wb, page } = session;
    // First page.
    await wb.row('Load more...').waitFor();
    assert.equal(await wb.rows.first().getAttribute('aria-setsize'), String(PAGE_SIZE + 1));
    assert.match((await wb.row('Load more...').textContent()) ?? '', new RegExp(`${PAGE_SIZE} shown`));
    await session.screenshot('tree', true);

    // Second page, appended below the first.
    const firstPage = (await wb.allRows()).slice(0, PAGE_SIZE);
    await wb.row('Load more...').click();
    await until('"Load more..." to say 24 shown', async () =>
      /24 shown/.test((await wb.row('Load more...').textContent()) ?? ''),
    );
    const twoPages = await wb.allRows();
    assert.equal(twoPages.length, 2 * PAGE_SIZE + 1);
    assert.deepEqual(twoPages.slice(0, PAGE_SIZE), firstPage, 'the first page stays where it was');

    // Last page: no "Load more..." any more.
    await wb.row('Load more...').click();
    await until(
      'the last page (no "Load more...")',
      async () =>
        (await wb.moreRow.count()) === 0 && (await wb.rows.first().getAttribute('aria-setsize')) === String(USER_COUNT),
    );
    const all = await wb.allRows();
    assert.equal(all.length, USER_COUNT, 'one row per user of the directory');
    assert.equal(await wb.rows.first().getAttribute('aria-setsize'), String(USER_COUNT));

    // The same users, in the same order, as the directory lists them.
    const res = await fetch(`${gs.url}/v1.0/users?$select=displayName,userPrincipalName&$top=999`, {
      headers: { authorization: `Bearer ${gs.delegatedToken}` },
    });
    const directory = ((await res.json()) as { value: { displayName: string; userPrincipalName: string }[] }).value;
    assert.equal(directory.length, gs.users.size);
    assert.deepEqual(
      all.map((label) => label.slice(label.lastIndexOf(', ') + 2)),
      directory.map((u) => u.userPrincipalName),
      "the tree lists exactly the directory's users, in its order",
    );
    // Paged by the directory's nextLink, with the page-size setting as $top.
    const lists = gs.requests.filter(
      (r) => r.method === 'GET' && r.path === '/v1.0/users' && r.query.$top === String(PAGE_SIZE),
    );
    assert.ok(
      lists.filter((r) => r.query.$skiptoken).length >= 2,
      `the next pages followed @odata.nextLink (${lists.length} list requests)`,
    );

    // Refresh: back to the first page, and the tree still works (load more, open a user).
    await wb.titleButton('Refresh').click();
    await until(
      'the first page again after Refresh',
      async () =>
        (await wb.rows.first().getAttribute('aria-setsize')) === String(PAGE_SIZE + 1) &&
        /12 shown/.test((await wb.row('Load more...').textContent()) ?? ''),
    );
    await wb.row('Load more...').click();
    await until('"Load more..." to work after Refresh', async () =>
      /24 shown/.test((await wb.row('Load more...').textContent()) ?? ''),
    );
    await wb.openProfile(wb.row(name(FIXED_USERS.alainCharon)), `${name(FIXED_USERS.alainCharon)} - Profile`);
    await session.wb.profileShown(name(FIXED_USERS.alainCharon));
    assert.equal(await wb.webview.locator('#f-upn').textContent(), upn(FIXED_USERS.alainCharon));
    await page.keyboard.press('Escape');
  });

  it("3. search from the view title: server-side matches, O'Brien, nobody found shows the welcome, Clear Search restores", async () => {
    const { wb } = session;
    // A name: only the matches, found by the directory ($search with ConsistencyLevel: eventual).
    await session.wb.searchFromTitle('Alain');
    const alain = await rowsWhen('only rows matching "Alain"', (labels) => labels.every((l) => /alain/i.test(l)));
    assert.ok(
      alain.some((l) => l.startsWith('Alain Charon, ')),
      alain.join(' | '),
    );
    const s1 = searches().find((r) => r.query.$search.includes('Alain'));
    assert.ok(s1, `the directory was asked to search (${describeRequests(gs.requests)})`);
    assert.equal(s1.headers.consistencylevel, 'eventual');
    assert.ok(await wb.titleButton('Clear Search').isVisible(), 'Clear Search is on the view title while searching');
    assert.ok(await wb.sidebar.getByText('Users matching "Alain"').isVisible(), 'the view says which search is active');

    // An apostrophe.
    await session.wb.searchFromTitle("O'Brien");
    const obrien = await rowsWhen("only rows matching O'Brien", (labels) => labels.every((l) => /o'brien/i.test(l)));
    assert.ok(
      obrien.some((l) => l.startsWith("Seán O'Brien, ")),
      obrien.join(' | '),
    );
    assert.ok(
      searches().some((r) => r.query.$search.includes("O'Brien") && r.status === 200),
      describeRequests(searches()),
    );

    // Nobody: the welcome says so.
    await session.wb.searchFromTitle('Zzyzx');
    await wb.welcome.getByText('Nobody in the directory matches your search.').waitFor();
    assert.equal(await wb.rows.count(), 0);
    assert.ok(searches().some((r) => r.query.$search.includes('Zzyzx') && r.status === 200));

    // Clear Search: everyone again.
    await wb.titleButton('Clear Search').click();
    await wb.row('Load more...').waitFor();
    assert.equal(await wb.rows.first().getAttribute('aria-setsize'), String(PAGE_SIZE + 1));
    assert.equal(await wb.welcome.isVisible(), false);
    assert.equal(await wb.titleButton('Clear Search').isVisible(), false);
    assert.equal(await wb.sidebar.getByText(/Users matching/).count(), 0);
  });

  it('4. right-click a member > Reset Password... > the modal names the user and the directory > Cancel sends nothing', async () => {
    const { wb } = session;
    const id = FIXED_USERS.alainCharon;
    await wb.contextMenu(wb.row(name(id)), 'Reset Password...');
    await wb.dialog.waitFor();
    const message = await wb.dialog.locator('.dialog-message-text').innerText();
    const detail = await wb.dialog.locator('.dialog-message-detail').innerText();
    assert.match(message, new RegExp(`${name(id)} \\(${upn(id).replace('.', '\\.')}\\)`), message);
    assert.match(detail, new RegExp(`Directory: ${DIRECTORY}`), detail);
    assert.match(detail, /must change it at next sign-in/);
    await session.screenshot('confirm', true);

    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    await logged(new RegExp(`Reset of ${id} cancelled at the confirmation`));
    assert.equal(writes().length, 0, `no request changed anything (${describeRequests(writes())})`);
    assert.equal(gs.resets.filter((r) => r.userId === id).length, 0);
  });

  it('5. Confirm: progress shows, the profile page opens with the password masked, Reveal, Copy, and the directory has it', async () => {
    const { wb, page } = session;
    const id = FIXED_USERS.alainCharon;
    const resetsBefore = gs.resets.length;
    // The directory throttles the first attempt (429, Retry-After: 1 s): long enough to see the progress.
    gs.injectFault({
      method: 'PATCH',
      path: new RegExp(`^/v1\\.0/users/${id}$`),
      response: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
      },
    });
    await wb.contextMenu(wb.row(name(id)), 'Reset Password...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();

    // Progress: a notification, and the row spins.
    await wb.toasts.filter({ hasText: `Resetting the password of ${name(id)}` }).waitFor();
    await wb.row(name(id)).locator('.codicon-loading').waitFor();

    // The profile page, password masked.
    await wb.tab(`${name(id)} - Profile`).waitFor();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    await session.wb.profileShown(name(id));
    assert.equal(gs.resets.length, resetsBefore + 1, 'one reset reached the directory');
    const reset = gs.resets[gs.resets.length - 1];
    assert.equal(reset.userId, id);
    assert.equal(reset.method, 'passwordProfile');
    assert.equal(reset.forceChangePasswordNextSignIn, true, 'the user must change it at next sign-in');
    const patches = gs.requests.filter((r) => r.method === 'PATCH');
    assert.deepEqual(
      patches.map((r) => r.status),
      [429, 204],
      'throttled once, then set',
    );

    const value = wb.webview.locator('#password-value');
    assert.equal(
      await value.textContent(),
      BULLET.repeat([...reset.password].length),
      'masked: one bullet per character',
    );
    assert.match(
      (await wb.webview.locator('#must-change').textContent()) ?? '',
      /must change this password at next sign-in/,
    );
    await until('the progress notification to close', async () => (await wb.toasts.count()) === 0);
    await wb.row(name(id)).locator('.codicon-loading').waitFor({ state: 'detached' });
    await session.screenshot('profile', true);

    // Reveal shows exactly the password the directory received; Hide masks it again.
    await wb.webview.getByRole('button', { name: 'Reveal' }).click();
    await until('the revealed password', async () => (await value.textContent()) === reset.password);
    assert.equal(await wb.webview.locator('#reveal').getAttribute('aria-pressed'), 'true');

    // Copy puts exactly that password on the clipboard.
    await wb.setClipboard('not the password');
    await wb.webview.getByRole('button', { name: 'Copy the temporary password' }).click();
    await wb.webview.getByText('Copied to the clipboard').waitFor();
    assert.equal(await wb.clipboard(), reset.password);

    await wb.webview.getByRole('button', { name: 'Hide' }).click();
    await until('the password masked again', async () => (await value.textContent())?.startsWith(BULLET));
    await page.keyboard.press('Escape');
  });

  it('6. command palette > "Directory: Reset Password..." > the quick pick searches as you type > pick > confirm > password', async () => {
    const { wb, page } = session;
    const id = FIXED_USERS.seanOBrien;
    await wb.palette('Directory: Reset Password...');
    await wb.quickInput.locator('.quick-input-title', { hasText: 'Reset Password: pick a user' }).waitFor();
    await until('the first users in the picker', async () => (await wb.quickPickRows.count()) > 0);

    // Typing narrows the list through the directory (server-side $search), not only in the picker.
    await page.keyboard.type("O'Bri", { delay: 60 });
    await until("only Seán O'Brien in the picker", async () => {
      const labels = await wb.quickPickRows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      return labels.length === 1 && labels[0].startsWith(`${name(id)}, ${upn(id)}`);
    });
    const typed = searches().filter((r) => /O'Bri/.test(r.query.$search));
    assert.ok(typed.length >= 1, `the picker searched the directory (${describeRequests(gs.requests)})`);
    assert.ok(typed.every((r) => r.headers.consistencylevel === 'eventual'));

    await page.keyboard.press('Enter');
    await wb.dialog.waitFor();
    assert.match(
      await wb.dialog.locator('.dialog-message-text').innerText(),
      new RegExp(`Reset the password of ${name(id)}`),
    );
    assert.match(await wb.dialog.locator('.dialog-message-detail').innerText(), new RegExp(`Directory: ${DIRECTORY}`));
    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();

    await wb.tab(`${name(id)} - Profile`).waitFor();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    await session.wb.profileShown(name(id));
    const reset = gs.resets[gs.resets.length - 1];
    assert.equal(reset.userId, id);
    assert.equal(reset.forceChangePasswordNextSignIn, true);
    await wb.webview.getByRole('button', { name: 'Reveal' }).click();
    await until(
      'the revealed password',
      async () => (await wb.webview.locator('#password-value').textContent()) === reset.password,
    );
  });

  it('7. a guest and a synced user: the reset is refused in plain words and nothing is sent', async () => {
    const { wb } = session;
    const cases: Array<[string, RegExp]> = [
      [FIXED_USERS.graceGuest, /guest from another organisation.*their own organisation/s],
      [FIXED_USERS.samSynced, /synced from on-premises.*password writeback/is],
    ];
    for (const [id, reason] of cases) {
      await wb.contextMenu(await findRow(id), 'Reset Password...');
      await wb.dialog.waitFor();
      assert.match(
        await wb.dialog.locator('.dialog-message-text').innerText(),
        new RegExp(`The password of ${name(id)} cannot be reset here`),
      );
      assert.match(await wb.dialog.locator('.dialog-message-detail').innerText(), reason);
      assert.equal(
        await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).count(),
        0,
        'nothing to confirm',
      );
      await wb.dialog.getByRole('button', { name: 'OK', exact: true }).click();
      await wb.dialog.waitFor({ state: 'detached' });
      // The command reads the user from the directory before deciding (issue 10): that one GET, and nothing else.
      const about = gs.requests.filter((r) => r.path.includes(id));
      assert.deepEqual(
        about.map((r) => `${r.method} ${r.path}`),
        [`GET /v1.0/users/${id}`],
        `only the read of ${name(id)}`,
      );
    }
    assert.equal(writes().length, 0, `nothing was changed (${describeRequests(writes())})`);
  });

  it('8. a 403 for an admin target: the message names the roles that may reset that user', async () => {
    const { wb } = session;
    const id = FIXED_USERS.gloriaGlobal;
    await wb.contextMenu(await findRow(id), 'Reset Password...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();
    const toast = wb.toasts.filter({ hasText: `You may not reset the password of ${name(id)}` });
    await toast.waitFor();
    const text = await toast.innerText();
    assert.match(text, /Privileged Authentication Administrator/);
    assert.match(text, /Global Administrator/);
    assert.ok(await toast.getByRole('button', { name: 'Show Log' }).isVisible(), 'the error offers Show Log');
    const patch = gs.requests.find((r) => r.method === 'PATCH');
    assert.equal(patch?.status, 403, describeRequests(gs.requests));
    assert.equal(gs.resets.filter((r) => r.userId === id).length, 0, 'the password was not changed');
    // No profile page with a password for a reset that did not happen.
    assert.equal(await wb.tab(/ - Profile$/).count(), 0);
  });

  it('9. keyboard only: focus the tree, arrow to a user, Shift+F10, reset, reveal', async () => {
    const { wb, page } = session;
    const id = FIXED_USERS.alainCharon;
    const resetsBefore = gs.resets.length;
    await wb.palette('Directory: Focus on Users View');
    await until('the keyboard focus in the Users tree', () =>
      page.evaluate(
        () => !!document.activeElement?.closest('#workbench\\.view\\.extension\\.directoryReset .monaco-list'),
      ),
    );
    const focusedRow = () =>
      wb.sidebar.locator('.monaco-list-row.focused').evaluateAll((els) => els[0]?.getAttribute('aria-label') ?? '');
    await until('Home to move the focus to the first row', async () => {
      await page.keyboard.press('Home');
      return (await focusedRow()).startsWith(name(FIXED_USERS.htmlInjection));
    });
    for (let i = 0; i < USER_COUNT && !(await focusedRow()).startsWith(`${name(id)},`); i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.ok((await focusedRow()).startsWith(`${name(id)},`), 'arrow keys reached the user');

    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: 'Reset Password...', exact: true }).waitFor();
    const focusedItem = () =>
      page
        .locator('.monaco-menu .action-item.focused')
        .evaluateAll((els) => (els[0] as HTMLElement | undefined)?.innerText ?? '');
    for (let i = 0; i < 5 && (await focusedItem()) !== 'Reset Password...'; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await focusedItem(), 'Reset Password...');
    await page.keyboard.press('Enter');

    await wb.dialog.waitFor();
    assert.match(await wb.dialog.locator('.dialog-message-text').innerText(), new RegExp(name(id)));
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Reset Password',
      'the confirm button has the focus',
    );
    await page.keyboard.press('Enter');

    await wb.tab(`${name(id)} - Profile`).waitFor();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    await session.wb.profileShown(name(id));
    assert.equal(gs.resets.length, resetsBefore + 1);
    const reset = gs.resets[gs.resets.length - 1];
    assert.equal(reset.userId, id);

    // Into the page with Tab, Reveal with Enter.
    const revealFocused = () => wb.webview.locator('#reveal').evaluate((el) => el === document.activeElement);
    await until('the keyboard focus in the profile page', () =>
      page.evaluate(() => document.activeElement?.tagName === 'IFRAME'),
    );
    for (let i = 0; i < 8 && !(await revealFocused()); i++) await page.keyboard.press('Tab');
    assert.ok(await revealFocused(), 'Tab reaches Reveal');
    await page.keyboard.press('Enter');
    await until(
      'the revealed password',
      async () => (await wb.webview.locator('#password-value').textContent()) === reset.password,
    );
  });

  it("10. the profile page in the dark, light and high-contrast themes: readable, with the theme's colours", async () => {
    const { wb } = session;
    const id = FIXED_USERS.harperHelpdesk;
    // Open the profile (click), reset from the page's own button so the password shows too.
    await wb.openProfile(await findRow(id), `${name(id)} - Profile`);
    await session.wb.profileShown(name(id));
    await wb.webview.getByRole('button', { name: 'Reset Password...' }).click();
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    await until('the progress notification to close', async () => (await wb.toasts.count()) === 0);

    // The picker's labels; the settings call them "Default Light Modern", "Default High Contrast", "Default Dark Modern".
    const themes: Array<[string, string]> = [
      ['Light Modern', 'vs'],
      ['Dark High Contrast', 'hc-black'],
      ['Dark Modern', 'vs-dark'],
    ];
    const backgrounds: Rgba[] = [];
    const foregrounds: Rgba[] = [];
    const problems: string[] = [];
    for (const [label, kind] of themes) {
      if ((await wb.themeKind()) !== kind) await wb.selectColorTheme(label, kind);
      const editorBg = await until('the workbench editor background', async () =>
        parseColor(
          await wb.page
            .locator('.monaco-workbench')
            .first()
            .evaluate((el) => getComputedStyle(el).getPropertyValue('--vscode-editor-background')),
        ),
      );
      // The page follows the theme: its background is the editor's.
      await until(`the profile page to take the ${label} colours`, async () =>
        sameColor(
          parseColor(await wb.webview.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor)),
          editorBg,
        ),
      );
      await session.screenshot(`profile-${kind}`);
      const samples = await wb.webview.locator('body').evaluate(() => {
        const pick = [
          '#display-name',
          '.description',
          'dt',
          'dd',
          '#password-value',
          '#must-change',
          '#reveal',
          '#copy',
          '#reset-password',
          '#open-portal',
        ];
        const out: Array<{ what: string; fg: string; bgs: string[]; opacity: number }> = [];
        for (const sel of pick) {
          const el = document.querySelector<HTMLElement>(sel);
          if (!el || el.closest('[hidden]') || !el.getClientRects().length) continue;
          const bgs: string[] = [];
          let opacity = 1;
          for (let n: HTMLElement | null = el; n; n = n.parentElement) {
            const st = getComputedStyle(n);
            bgs.push(st.backgroundColor);
            opacity *= Number(st.opacity);
          }
          out.push({ what: sel, fg: getComputedStyle(el).color, bgs, opacity });
        }
        return out;
      });
      assert.ok(samples.length >= 8, `the page's parts are visible (${samples.map((s) => s.what).join(', ')})`);
      let lowest: { what: string; ratio: number } | undefined;
      for (const s of samples) {
        // The background that shows through: composite from the page down to the element.
        let bg: Rgba = editorBg;
        for (const c of [...s.bgs].reverse()) {
          const rgba = parseColor(c);
          if (rgba && rgba[3] > 0) bg = composite(rgba, bg);
        }
        const fgRaw = parseColor(s.fg);
        assert.ok(fgRaw, `${s.what} has a colour (${s.fg})`);
        const fg = composite([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * s.opacity], bg);
        const ratio = contrastRatio(fg, bg);
        if (!lowest || ratio < lowest.ratio) lowest = { what: s.what, ratio };
        if (ratio < 4.5)
          problems.push(
            `${label}: ${s.what} ${s.fg} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}) = ${ratio.toFixed(2)}`,
          );
        if (s.what === '#display-name') foregrounds.push(fg);
      }
      console.log(`      (${label}: lowest text contrast ${lowest?.ratio.toFixed(2)}:1, ${lowest?.what})`);
      backgrounds.push(
        parseColor(await wb.webview.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor))!,
      );
    }
    assert.deepEqual(problems, [], 'every text has a contrast ratio of at least 4.5:1');
    const distinct = (list: Rgba[]) => new Set(list.map((c) => c.slice(0, 3).map(Math.round).join(','))).size;
    assert.equal(distinct(backgrounds), 3, 'the page background changes with the theme');
    assert.ok(distinct(foregrounds) >= 2, 'the text colour changes with the theme');

    // And the stylesheet itself names no colour: only the theme's --vscode-* variables.
    const css = fs.readFileSync(path.join(ROOT, 'media', 'profile.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const literal = css
      .replace(/var\(--vscode-[\w-]+(,\s*(transparent|var\(--vscode-[\w-]+\)))?\)/g, '')
      .match(/#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(|:\s*(white|black|red|blue|green|gray|grey)\b/gi);
    assert.equal(literal, null, `media/profile.css uses theme variables only (found ${literal?.join(', ')})`);
  });

  it('11. hostile display names (HTML, 300 characters, right-to-left) are text in the tree, the dialog and the profile page', async () => {
    const { wb, page } = session;
    const hostile = name(FIXED_USERS.htmlInjection);
    assert.equal(hostile, '<img src=x onerror=alert(1)>');
    const imgsInWorkbench = () => page.locator('.monaco-workbench img').count();
    const imgsBefore = await imgsInWorkbench();

    // Tree: the text as it is.
    const hostileRow = wb.row(hostile);
    await hostileRow.waitFor();
    assert.equal(await hostileRow.locator('.label-name').textContent(), hostile);
    assert.equal(await wb.sidebar.locator('.monaco-list-rows img').count(), 0, 'no <img> in the tree');

    // Dialog: the text as it is.
    await wb.contextMenu(hostileRow, 'Reset Password...');
    await wb.dialog.waitFor();
    assert.match(
      (await wb.dialog.locator('.dialog-message-text').textContent()) ?? '',
      /Reset the password of <img src=x onerror=alert\(1\)> \(/,
    );
    assert.equal(await wb.dialog.locator('img').count(), 0, 'no <img> in the dialog');
    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });

    // Profile page: the name and the HTML in job title and department stay text.
    await wb.openProfile(hostileRow, `${hostile} - Profile`);
    await session.wb.profileShown(hostile);
    const page1 = await wb.webview.locator('body').evaluate(() => ({
      injected: document.querySelectorAll('img, svg, iframe, object, embed, b, i').length,
      scripts: Array.from(document.scripts).filter((e) => /alert/.test(e.src + e.textContent)).length,
      job: document.getElementById('f-job')?.textContent,
      department: document.getElementById('f-department')?.textContent,
    }));
    assert.deepEqual(page1, {
      injected: 0,
      scripts: 0,
      job: "<script>alert('job')</script>",
      department: '"><svg onload=alert(2)>',
    });
    assert.equal(await imgsInWorkbench(), imgsBefore, 'no <img> appeared anywhere in the workbench');

    // A 300-character name (longer than Graph's 256 limit): cut at 256 with a marked ellipsis in the tree and the
    // dialog, whole on the page, which wraps it instead of scrolling sideways.
    const long = name(FIXED_USERS.longName);
    assert.equal(long.length, 300);
    const shown = displayText(long, 256);
    assert.ok(shown.endsWith('\u2026') && long.startsWith(shown.slice(0, -1)), 'cut, and marked as cut');
    await wb.resetUi();
    await session.wb.searchFromTitle('Maximiliana');
    const longRow = wb.row(long.slice(0, 40));
    await longRow.waitFor();
    assert.equal(await longRow.locator('.label-name').textContent(), shown);
    await wb.contextMenu(longRow, 'Reset Password...');
    await wb.dialog.waitFor();
    assert.ok(((await wb.dialog.locator('.dialog-message-text').textContent()) ?? '').includes(shown));
    const box = await wb.dialog.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= page.viewportSize()!.width, 'the dialog fits the window');
    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    await wb.openProfile(longRow, / - Profile$/);
    await session.wb.profileShown(long);
    const tabTitle = (await wb.tab(/ - Profile$/).getAttribute('aria-label')) ?? '';
    assert.match(tabTitle, /^Maximiliana .{10,70}\u2026 - Profile/, `the tab title is cut: ${tabTitle}`);
    const overflow = await wb.webview
      .locator('body')
      .evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page does not scroll sideways (${overflow}px)`);

    // Right-to-left: Arabic and Hebrew names read right to left in the tree and the page.
    const arabic = name(FIXED_USERS.arabicName);
    const hebrew = name(FIXED_USERS.hebrewName);
    await wb.resetUi();
    await session.wb.searchFromTitle('noa.cohen');
    await wb.row(hebrew).waitFor();
    assert.equal(await wb.row(hebrew).locator('.label-name').textContent(), hebrew);
    await session.wb.searchFromTitle('layla');
    const arabicRow = wb.row(arabic);
    await arabicRow.waitFor();
    assert.equal(await arabicRow.locator('.label-name').textContent(), arabic);
    await wb.contextMenu(arabicRow, 'Reset Password...');
    await wb.dialog.waitFor();
    assert.ok(((await wb.dialog.locator('.dialog-message-text').textContent()) ?? '').includes(arabic));
    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    await wb.openProfile(arabicRow, `${arabic} - Profile`);
    await session.wb.profileShown(arabic);
    assert.equal(await wb.webview.locator('#display-name').evaluate((el) => getComputedStyle(el).direction), 'rtl');

    assert.deepEqual(session.jsDialogs, [], 'no alert() or other JavaScript dialog ever opened');
    assert.equal(writes().length, 0, `nothing was reset (${describeRequests(writes())})`);
  });
});
