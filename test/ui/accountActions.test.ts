// Issue 12's journeys: the account actions beside the reset, clicked in real VS Code against the Graph-compatible
// test directory running in this process, so each journey checks what the directory received: nothing before the
// confirmation, nothing on Cancel, one request per action, and what the tree and the profile page show after it.
// App-only sign-in (client secret); the app holds User Administrator and Authentication Administrator.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { startGraphServer, type GraphServer, type RecordedRequest } from '../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../src/demo/seed';
import { appOnlyDirectory, Session, until } from '../support/harness';

const DIRECTORY = 'Contoso Actions';
const CLIENT_ID = '5b1d7e2a-8c3f-4a6e-9d0b-1f2e3a4b5c6d';
const BULLET = '\u2022';

describe('a helpdesk person uses the account actions beside the reset', function () {
  let gs: GraphServer;
  let session: Session;

  const name = (id: string) => gs.users.get(id)!.displayName;
  /** Requests that change something (POST, PATCH, DELETE) apart from getting a token. */
  const writes = () => gs.requests.filter((r) => r.method !== 'GET' && !/\/oauth2\/v2\.0\/token$/.test(r.path));
  const describeRequests = (list: RecordedRequest[]) =>
    list.map((r) => `${r.method} ${r.path} ${r.status}`).join('; ') || 'none';

  before(async function () {
    this.timeout(120_000);
    gs = await startGraphServer({
      users: seedUsers(30),
      clientId: CLIENT_ID,
      appRoles: ['User Administrator', 'Authentication Administrator'],
    });
    session = await Session.start({
      name: 'account-actions',
      userSettings: {
        'directoryReset.directories': [appOnlyDirectory(DIRECTORY, gs)],
        // Pages of 12: "Load more..." tells resetUi() that the whole list is back.
        'directoryReset.pageSize': 12,
        'directoryReset.temporaryAccessPass.lifetimeInMinutes': 90,
      },
    });
  });

  beforeEach(async function () {
    this.timeout(60_000);
    await session.wb.resetUiSignedIn(gs.clientSecret);
    gs.clearRequests();
  });

  afterEach(async function () {
    await session?.keepIfFailed(this.currentTest);
  });

  after(async () => {
    await session?.stop();
    await gs?.close();
  });

  async function findRow(id: string): Promise<Locator> {
    await session.wb.searchFromTitle(name(id).split(' ')[0]);
    const row = session.wb.row(name(id));
    await row.waitFor();
    return row;
  }

  /** The menu items of a row's context menu (then closed with Escape). */
  async function menuItems(row: Locator): Promise<string[]> {
    const { page } = session.wb;
    await row.click({ button: 'right' });
    const menu = page.locator('.monaco-menu').first();
    await menu.waitFor();
    const items = await menu.locator('.action-label').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    return items.map((s) => s.trim()).filter(Boolean);
  }

  it('1. Issue Temporary Access Pass: Cancel sends nothing; confirmed, one request, the pass masked on the page, Reveal and Copy give what the directory issued', async () => {
    const { wb, page } = session;
    const id = FIXED_USERS.alainCharon;
    await wb.contextMenu(await findRow(id), 'Issue Temporary Access Pass...');
    await wb.dialog.waitFor();
    const question = await wb.dialog.locator('.dialog-message-text').innerText();
    const detail = await wb.dialog.locator('.dialog-message-detail').innerText();
    assert.match(question, new RegExp(name(id)));
    assert.match(detail, new RegExp(`Directory: ${DIRECTORY}`));
    assert.match(detail, /90 minutes/, 'the lifetime from the settings is named');
    assert.deepEqual(writes().length, 0, `nothing changed before the confirmation (${describeRequests(writes())})`);
    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    assert.equal(writes().length, 0, `nothing sent on Cancel (${describeRequests(writes())})`);

    // The same row again (searching again would redraw the tree under the pointer).
    await wb.contextMenu(wb.row(name(id)), 'Issue Temporary Access Pass...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Issue Pass', exact: true }).click();
    await wb.tab(`${name(id)} - Profile`).waitFor();
    const value = wb.webview.locator('#pass-value');
    await wb.webview.locator('#pass-section:not([hidden])').waitFor();
    await until('the pass on the page', async () => ((await value.textContent()) ?? '').length > 0);

    const posts = writes().filter((r) => r.method === 'POST' && /temporaryAccessPassMethods$/.test(r.path));
    assert.equal(posts.length, 1, `one pass was asked for (${describeRequests(writes())})`);
    assert.equal(gs.issuedPasses.length, 1);
    const issued = gs.issuedPasses[0];
    assert.equal(issued.userId, id);
    assert.equal(issued.lifetimeInMinutes, 90);
    assert.equal(issued.isUsableOnce, true);

    const masked = (await value.textContent()) ?? '';
    assert.ok(masked.length > 0 && [...masked].every((c) => c === BULLET), `masked: ${masked}`);
    await session.screenshot('temporary-access-pass', true);
    await wb.webview.locator('#pass-reveal').click();
    const shown = await until('the revealed pass', async () => {
      const text = (await value.textContent()) ?? '';
      return text && !text.startsWith(BULLET) ? text : undefined;
    });
    assert.equal(
      createHash('sha256').update(shown).digest('hex'),
      issued.passSha256,
      'the page shows exactly the pass the directory issued',
    );
    await wb.setClipboard('not the pass');
    await wb.webview.getByRole('button', { name: 'Copy the Temporary Access Pass' }).click();
    assert.equal(
      await until('the pass on the clipboard', async () => {
        const c = await wb.clipboard();
        return c !== 'not the pass' ? c : undefined;
      }),
      shown,
    );
    assert.ok(((await wb.webview.locator('#pass-ends').textContent()) ?? '').length > 0, 'when it stops working');
    await page.keyboard.press('Escape');
  });

  it('2. a user who already has a pass: the confirmation says it will be replaced', async () => {
    const { wb } = session;
    const id = FIXED_USERS.paulaPass;
    await wb.contextMenu(await findRow(id), 'Issue Temporary Access Pass...');
    await wb.dialog.waitFor();
    assert.match(await wb.dialog.locator('.dialog-message-detail').innerText(), /replace/i);
    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    assert.equal(writes().length, 0, `the pass that exists is untouched (${describeRequests(writes())})`);
  });

  it('3. Sign Out Everywhere: one revokeSignInSessions, and the message says it can take a few minutes', async () => {
    const { wb } = session;
    const id = FIXED_USERS.alainCharon;
    const before = gs.revocations.length;
    await wb.contextMenu(await findRow(id), 'Sign Out Everywhere...');
    await wb.dialog.waitFor();
    assert.match(await wb.dialog.locator('.dialog-message-text').innerText(), new RegExp(name(id)));
    await wb.dialog.getByRole('button', { name: 'Sign Out Everywhere', exact: true }).click();
    await wb.toasts.filter({ hasText: /few minutes/ }).waitFor();
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.status}`),
      [`POST /v1.0/users/${id}/revokeSignInSessions 200`],
    );
    assert.equal(gs.revocations.length, before + 1);
    assert.equal(gs.revocations[gs.revocations.length - 1].userId, id);
  });

  it('4. Disable, then Enable: one PATCH each, the row and its menu change only after the directory confirmed', async () => {
    const { wb } = session;
    const id = FIXED_USERS.seanOBrien;
    const row = await findRow(id);
    const before = await menuItems(row);
    assert.ok(before.includes('Disable Account...'), before.join(' | '));
    assert.ok(!before.includes('Enable Account...'), 'no Enable on an enabled account');
    assert.ok(!before.includes('Unlock Account...'), 'Entra ID has no administrator unlock: not offered');

    await wb.contextMenu(row, 'Disable Account...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Disable Account', exact: true }).click();
    await until('the directory to hold the account disabled', () => gs.users.get(id)!.accountEnabled === false);
    await until('the row to say disabled', async () =>
      /disabled/.test((await wb.row(name(id)).getAttribute('aria-label')) ?? ''),
    );
    const patches = writes().filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1, describeRequests(writes()));
    const after = await menuItems(wb.row(name(id)));
    assert.ok(after.includes('Enable Account...') && !after.includes('Disable Account...'), after.join(' | '));

    gs.clearRequests();
    await wb.contextMenu(wb.row(name(id)), 'Enable Account...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Enable Account', exact: true }).click();
    await until('the directory to hold the account enabled', () => gs.users.get(id)!.accountEnabled === true);
    await until(
      'the row to lose "disabled"',
      async () => !/disabled/.test((await wb.row(name(id)).getAttribute('aria-label')) ?? ''),
    );
    assert.equal(writes().filter((r) => r.method === 'PATCH').length, 1, describeRequests(writes()));
  });

  it('5. Unlock from the palette: Entra ID says it has no administrator unlock, and nothing is sent', async () => {
    const { wb } = session;
    await wb.palette('Directory: Unlock Account...');
    await wb.dialog.waitFor();
    const text = `${await wb.dialog.locator('.dialog-message-text').innerText()} ${await wb.dialog
      .locator('.dialog-message-detail')
      .innerText()}`;
    assert.match(text, /reset/i, `the note says what to do instead: ${text}`);
    await wb.dialog.getByRole('button', { name: 'OK', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
    assert.equal(writes().length, 0, describeRequests(writes()));
  });
  it('6. Reset Password... > Options...: require MFA, also enable, also sign out > the confirmation lists them > one request each, in order > the page shows the password and each outcome', async () => {
    const { wb, page } = session;
    const id = FIXED_USERS.danaDisabled;
    assert.equal(gs.users.get(id)!.accountEnabled, false);
    await wb.contextMenu(await findRow(id), 'Reset Password...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Options...', exact: true }).click();
    await wb.quickInput.locator('.quick-input-title', { hasText: 'Reset Password: options for' }).waitFor();
    const offered = await wb.quickInput
      .locator('.monaco-list-row .label-name')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.deepEqual(offered, [
      'Require MFA before the new password',
      'Also enable the account',
      'Also sign out everywhere',
    ]);
    for (const label of offered) await wb.quickInput.locator('.monaco-list-row', { hasText: label }).click();
    await page.keyboard.press('Enter');
    await wb.dialog.waitFor();
    const detail = await wb.dialog.locator('.dialog-message-detail').innerText();
    assert.match(detail, /multi-factor authentication before choosing the new password/);
    assert.match(detail, /Then the account is enabled/);
    assert.match(detail, /signed out of every app and device/);
    assert.equal(writes().length, 0, `nothing sent before the confirmation (${describeRequests(writes())})`);
    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();

    await wb.tab(`${name(id)} - Profile`).waitFor();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    await wb.webview.locator('#outcome-revokeSessions:not([hidden])').waitFor();
    assert.match(await wb.webview.locator('#must-change').innerText(), /multi-factor authentication/);
    assert.match(await wb.webview.locator('#outcome-enableAccount').innerText(), /Done/);
    assert.match(await wb.webview.locator('#outcome-revokeSessions').innerText(), /Done/);
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.status}`),
      [`PATCH /v1.0/users/${id} 204`, `PATCH /v1.0/users/${id} 204`, `POST /v1.0/users/${id}/revokeSignInSessions 200`],
    );
    const reset = gs.resets[gs.resets.length - 1];
    assert.equal(reset.userId, id);
    assert.equal(reset.forceChangePasswordNextSignInWithMfa, true);
    assert.equal(gs.users.get(id)!.accountEnabled, true);
  });
});
