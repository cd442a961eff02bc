// The reset's options inside a real VS Code, against the demo directory the extension starts: "Options..." in the
// confirmation picks what goes with the reset, the confirmation lists it, nothing is sent before the last "Reset
// Password", each extra is one request after the reset, the choice is remembered, and a failing extra never hides
// the password.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { REMEMBERED_EXTRAS_KEY } from '../../src/commands/resetExtras';
import type { GraphServer } from '../../src/demo/graphServer';
import { FIXED_USERS } from '../../src/demo/seed';
import type { ExtensionApi } from '../../src/extension';
import { EXTENSION_ID } from '../support/bundles';
import { stubWarnings } from '../support/vscodeStubs';

/** Replaces showQuickPick until restore(): answers with the items whose `extra` is in `pick` (undefined: Escape). */
function stubOptionsPicker(pick: string[] | undefined) {
  const original = vscode.window.showQuickPick;
  const offered: Array<Array<{ extra: string; picked?: boolean }>> = [];
  (vscode.window as { showQuickPick: unknown }).showQuickPick = async (items: Array<{ extra: string }>) => {
    offered.push(items);
    return pick && items.filter((i) => pick.includes(i.extra));
  };
  return { offered, restore: () => ((vscode.window as { showQuickPick: unknown }).showQuickPick = original) };
}

describe('Reset options in a real VS Code (demo directory)', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  let server: GraphServer;

  const changes = () => server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  const target = (id: string) => ({
    directoryName: api.commands.manager.current!.name,
    user: { id, displayName: server.users.get(id)!.displayName },
  });

  /** Runs Reset Password answering each modal in turn with the button titled `answers[i]`. */
  async function reset(id: string, answers: string[], pick?: string[]) {
    const sentAtModal: number[] = [];
    const warnings = stubWarnings(async (_m, o, ...items) => {
      if (!o?.modal) return undefined;
      sentAtModal.push(changes().length);
      const title = answers.shift();
      return items.find((i) => (i as { title?: string }).title === title);
    });
    const picker = stubOptionsPicker(pick);
    try {
      await vscode.commands.executeCommand('directoryReset.resetPassword', target(id));
    } finally {
      warnings.restore();
      picker.restore();
    }
    return { calls: warnings.calls, offered: picker.offered, sentAtModal };
  }

  /** The next POST to `path` gets Graph's 403 (as for a caller without the role). */
  const refuseNext = (path: RegExp) =>
    server.injectFault({
      method: 'POST',
      path,
      response: {
        status: 403,
        body: {
          error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
        },
      },
    });

  before(async () => {
    api = await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate();
    await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
    server = api.commands.manager.demoServer!;
  });
  beforeEach(() => server.clearRequests());
  afterEach(() => api.commands.state.update(REMEMBERED_EXTRAS_KEY, undefined));

  it('Options... > enable and sign out > the confirmation lists both > one request each, after the reset, remembered', async () => {
    const id = FIXED_USERS.danaDisabled;
    assert.equal(server.users.get(id)!.accountEnabled, false);
    const run = await reset(id, ['Options...', 'Reset Password'], ['enableAccount', 'revokeSessions']);

    assert.deepEqual(
      run.offered[0].map((i) => i.extra),
      ['enableAccount', 'revokeSessions'],
      'a disabled cloud user in a delegated Graph directory: enable and sign-out (no unlock, no MFA here)',
    );
    assert.deepEqual(run.sentAtModal, [0, 0], 'nothing was sent while either confirmation was open');
    const modals = run.calls.filter((c) => /Reset the password/.test(c.message));
    assert.equal(modals.length, 2);
    assert.doesNotMatch(modals[0].detail ?? '', /signed out of every app/, 'nothing remembered yet');
    assert.match(modals[1].detail ?? '', /Then the account is enabled/);
    assert.match(modals[1].detail ?? '', /signed out of every app and device/);
    assert.deepEqual(changes(), [
      `POST /v1.0/users/${id}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword`,
      `PATCH /v1.0/users/${id}`,
      `POST /v1.0/users/${id}/revokeSignInSessions`,
    ]);
    assert.equal(server.users.get(id)!.accountEnabled, true, 'the directory enabled the account');
    assert.ok(api.commands.profiles.get(target(id).directoryName, id)?.hasPassword, 'the password is on the page');
    assert.deepEqual(api.commands.state.get(REMEMBERED_EXTRAS_KEY), ['enableAccount', 'revokeSessions']);

    // The History: the reset with its options, then each extra's own record.
    await api.commands.history.store.flush();
    const mine = (await api.commands.history.store.read()).filter((r) => r.target.id === id).slice(-3);
    assert.deepEqual(
      mine.map((r) => `${r.action} ${r.result}`),
      ['resetPassword done', 'enableAccount done', 'revokeSessions done'],
    );
    assert.ok(mine[0].options.includes('with=enableAccount') && mine[0].options.includes('with=revokeSessions'));
  });

  it('uses the remembered choice where it fits, and Escape in the options sends nothing', async () => {
    await api.commands.state.update(REMEMBERED_EXTRAS_KEY, ['enableAccount', 'revokeSessions']);
    const id = FIXED_USERS.alainCharon; // enabled: only the sign-out fits
    const cancelled = await reset(id, ['Options...']);
    assert.equal(cancelled.offered.length, 1);
    assert.deepEqual(
      cancelled.offered[0].filter((i) => i.picked).map((i) => i.extra),
      ['revokeSessions'],
      'the remembered choice is checked',
    );
    assert.deepEqual(changes(), [], 'Escape in the options picker sent nothing');

    const run = await reset(id, ['Reset Password']);
    assert.match(run.calls[0].detail ?? '', /signed out of every app and device/);
    assert.doesNotMatch(run.calls[0].detail ?? '', /account is enabled/);
    assert.equal(changes().length, 2, 'the reset and the sign-out');
    assert.match(changes()[1], /revokeSignInSessions$/);
  });

  it('a sign-out that fails leaves the password on the page and says what did not end as done', async () => {
    await api.commands.state.update(REMEMBERED_EXTRAS_KEY, ['revokeSessions']);
    const id = FIXED_USERS.seanOBrien;
    refuseNext(/revokeSignInSessions$/);
    const run = await reset(id, ['Reset Password']);
    assert.ok(api.commands.profiles.get(target(id).directoryName, id)?.hasPassword, 'the password stays on the page');
    assert.ok(
      run.calls.some((c) => /was reset, but this did not end as done: Sign Out Everywhere/.test(c.message)),
      run.calls.map((c) => c.message).join(' | '),
    );
    assert.equal(server.resets.at(-1)!.userId, id);
  });

  it('a reset that fails sends none of the extras and says so', async () => {
    await api.commands.state.update(REMEMBERED_EXTRAS_KEY, ['revokeSessions']);
    const id = FIXED_USERS.quentinQuoted;
    refuseNext(/resetPassword$/);
    const run = await reset(id, ['Reset Password']);
    assert.ok(run.calls.some((c) => /did not go through, so nothing else was sent/.test(c.message)));
    assert.equal(changes().filter((c) => c.endsWith('revokeSignInSessions')).length, 0, 'no sign-out was sent');
  });
});
