// Inside a real VS Code extension host: a SCIM 2.0 directory (the SCIMMY test service, started here on
// 127.0.0.1) configured in user settings, signed in through the real command with the token typed into
// the (stubbed) password box, then the tree's pages, search, and a reset through the command with the modal
// confirmation stubbed; the service confirms the password the profile page holds.
// Runs after extension.test.js (the demo directory may be open) and leaves the settings as it found them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PasswordMessage, ProfileMessage } from '../../src/webviews/profile/protocol';
import type { TreeNode, UserNode } from '../../src/views/nodes';
import { SCIM_FIXED_USERS, SCIM_SEED_USERS, startScimFixture, type ScimFixture } from '../fixtures/scimServer';
import { stubInputBox, confirmReset, resetAnswering } from '../support/vscodeStubs';

const EXTENSION_ID = 'directory-reset.directory-password-reset';
const DIRECTORY = 'SCIM Test';
const PAGE_SIZE = 20;

describe('a SCIM directory in a real VS Code', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  let fixture: ScimFixture;
  const config = () => vscode.workspace.getConfiguration('directoryReset');

  async function rootNodes(): Promise<TreeNode[]> {
    return (await api.commands.tree.getChildren()) ?? [];
  }
  const users = (nodes: TreeNode[]) => nodes.filter((n): n is UserNode => n.kind === 'user');
  const listRequests = () => fixture.requests.filter((r) => r.method === 'GET' && r.path === '/scim/v2/Users');
  const patches = () => fixture.requests.filter((r) => r.method === 'PATCH');

  async function userNode(id: string, search: string): Promise<UserNode> {
    await vscode.commands.executeCommand('directoryReset.search', search);
    const node = users(await rootNodes()).find((n) => n.user.id === id);
    assert.ok(node, `user ${id} is in the tree after searching for ${search}`);
    return node;
  }

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
    fixture = await startScimFixture();
    await config().update('pageSize', PAGE_SIZE, vscode.ConfigurationTarget.Global);
    await config().update(
      'directories',
      [{ name: DIRECTORY, provider: 'scim', baseUrl: fixture.url }],
      vscode.ConfigurationTarget.Global,
    );
    await config().update('activeDirectory', DIRECTORY, vscode.ConfigurationTarget.Global);
    // Leaves the demo directory if an earlier test opened it, and rebuilds the provider from the settings.
    await api.commands.manager.select(DIRECTORY);
    await vscode.commands.executeCommand('directoryReset.clearSearch');
  });

  after(async () => {
    try {
      await vscode.commands.executeCommand('directoryReset.clearSearch');
      await vscode.commands.executeCommand('directoryReset.signOut'); // deletes the stored token
      api.commands.profiles.get(DIRECTORY, SCIM_FIXED_USERS.alainCharon)?.dispose();
    } finally {
      // Other host tests expect nothing configured.
      for (const key of ['directories', 'activeDirectory', 'pageSize']) {
        await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      }
      await api.commands.manager.reload();
      await fixture?.close();
    }
    assert.equal(await api.commands.manager.state(), 'notConfigured', 'the settings are empty again');
  });

  it('is signed out until a token is given, and sign-in proves the token with one request', async () => {
    assert.equal(api.commands.manager.current?.name, DIRECTORY);
    assert.equal(api.commands.manager.current?.provider.capabilities.kindLabel, 'SCIM');
    await vscode.commands.executeCommand('directoryReset.signOut'); // a clean start, whatever an earlier run stored
    assert.equal(await api.commands.manager.state(), 'signedOut');
    assert.deepEqual(await rootNodes(), []);
    assert.equal(api.commands.tree.viewState, 'signedOut');

    fixture.clearRequests();
    const box = stubInputBox(fixture.token);
    try {
      await vscode.commands.executeCommand('directoryReset.signIn');
    } finally {
      box.restore();
    }
    assert.equal(box.calls.length, 1);
    assert.equal(box.calls[0].password, true, 'the token is typed into a password box');
    assert.match(box.calls[0].prompt ?? '', /Bearer token/);
    assert.equal(fixture.requests.length, 1, 'one request proves the token');
    assert.equal(fixture.requests[0].authorized, true);
    assert.equal(await api.commands.manager.state(), 'ready');
  });

  it('a token the service rejects is not kept', async () => {
    const box = stubInputBox('not-the-token');
    const errors = stubErrors();
    try {
      await vscode.commands.executeCommand('directoryReset.signIn');
    } finally {
      box.restore();
      errors.restore();
    }
    assert.equal(await api.commands.manager.state(), 'signedOut');
    assert.match(errors.messages.join('\n'), /did not accept the bearer token/);
    // Sign in again with the right one for the rest of the suite.
    const again = stubInputBox(fixture.token);
    try {
      await vscode.commands.executeCommand('directoryReset.signIn');
    } finally {
      again.restore();
    }
    assert.equal(await api.commands.manager.state(), 'ready');
  });

  it('shows the first page with "Load more..." and pages through every user once', async () => {
    fixture.clearRequests();
    api.commands.tree.refresh();
    let nodes = await rootNodes();
    assert.equal(users(nodes).length, PAGE_SIZE);
    assert.equal(nodes.at(-1)?.kind, 'loadMore');
    assert.equal(users(nodes)[0].user.displayName, "Seán O'Brien");
    assert.deepEqual(
      listRequests().map((r) => [r.query.startIndex, r.query.count]),
      [['1', String(PAGE_SIZE)]],
    );
    while (nodes.at(-1)?.kind === 'loadMore') {
      await vscode.commands.executeCommand('directoryReset.loadMore');
      nodes = await rootNodes();
    }
    assert.deepEqual(
      users(nodes).map((n) => n.user.id),
      SCIM_SEED_USERS.map((u) => u.id),
    );
    assert.equal(listRequests().length, Math.ceil(SCIM_SEED_USERS.length / PAGE_SIZE));
  });

  it('searches on the server: O\'Brien, "Q", and nobody', async () => {
    fixture.clearRequests();
    await vscode.commands.executeCommand('directoryReset.search', "O'Brien");
    assert.deepEqual(
      users(await rootNodes()).map((n) => n.user.id),
      [SCIM_FIXED_USERS.seanOBrien],
    );
    assert.equal(listRequests()[0].query.filter, `userName sw "O'Brien" or displayName co "O'Brien"`);
    await vscode.commands.executeCommand('directoryReset.search', '"Q"');
    assert.deepEqual(
      users(await rootNodes()).map((n) => n.user.id),
      [SCIM_FIXED_USERS.quentinQuoted],
    );
    await vscode.commands.executeCommand('directoryReset.search', 'zzz-nobody');
    assert.deepEqual(await rootNodes(), []);
    assert.equal(api.commands.tree.viewState, 'noResults');
    await vscode.commands.executeCommand('directoryReset.clearSearch');
    assert.equal(users(await rootNodes()).length, PAGE_SIZE);
  });

  it('Cancel at the confirmation sends nothing; the confirmation says SCIM cannot force a change', async () => {
    const node = await userNode(SCIM_FIXED_USERS.alainCharon, 'Alain');
    fixture.clearRequests();
    const calls = await resetAnswering(node, async () => undefined);
    assert.equal(calls.length, 1);
    assert.match(calls[0].message, /Alain Charon \(alain\.charon@example\.test\)/);
    assert.match(calls[0].detail ?? '', /Directory: SCIM Test/);
    assert.match(calls[0].detail ?? '', /SCIM cannot make Alain Charon change it at next sign-in/);
    assert.equal(patches().length, 0);
  });

  it('Confirm sets the password in the service and the profile page holds exactly it', async () => {
    const id = SCIM_FIXED_USERS.alainCharon;
    const node = await userNode(id, 'Alain');
    const before = fixture.passwords.get(id);
    fixture.clearRequests();
    await resetAnswering(node, confirmReset);
    assert.equal(patches().length, 1, 'exactly one reset request');
    const stored = fixture.passwords.get(id);
    assert.ok(stored && stored !== before, 'the service has a new password');

    const panel = api.commands.profiles.get(DIRECTORY, id);
    assert.ok(panel?.hasPassword, 'the profile page holds the temporary password');
    await panel.whenLoaded();
    // Play the page: say ready, then read what the host posts.
    const posted: Array<ProfileMessage | PasswordMessage> = [];
    const sub = panel.onDidPostMessage((m) => {
      if (m.type === 'profile' || m.type === 'password') posted.push(m);
    });
    await panel.handleMessage({ type: 'ready' });
    sub.dispose();
    const password = posted.find((m): m is PasswordMessage => m.type === 'password');
    assert.equal(password?.password, stored, 'the page shows the password the service stored');
    assert.equal(password?.mustChangeAtNextSignIn, false, 'and does not claim a forced change');
    const profile = posted.find((m): m is ProfileMessage => m.type === 'profile');
    assert.equal(profile?.user.displayName, 'Alain Charon');
    assert.equal(profile?.user.department, 'Finance');
    assert.equal(profile?.user.jobTitle, 'Accountant');
    assert.equal(profile?.adminPortalUrl, undefined);

    await vscode.env.clipboard.writeText('something else');
    await panel.handleMessage({ type: 'copy' });
    assert.equal(await vscode.env.clipboard.readText(), stored);
    await vscode.env.clipboard.writeText('');
    panel.dispose();
    assert.equal(panel.hasPassword, false);
  });

  it('keeps the token and the password out of settings and extension state', async () => {
    const secrets = [fixture.token, ...fixture.passwords.values()];
    const settings = JSON.stringify(config());
    for (const s of secrets) assert.ok(!settings.includes(s), 'a secret is in the settings');
    for (const memento of [api.storage.globalState, api.storage.workspaceState]) {
      const dump = JSON.stringify(memento.keys().map((k) => [k, memento.get(k)]));
      for (const s of secrets) assert.ok(!dump.includes(s), 'a secret is in extension state');
    }
  });
});

/** Records error notifications (the command wrapper shows errors instead of throwing). */
function stubErrors(): { messages: string[]; restore(): void } {
  const original = vscode.window.showErrorMessage;
  const messages: string[] = [];
  (vscode.window as { showErrorMessage: unknown }).showErrorMessage = async (message: string) => {
    messages.push(message);
    return undefined;
  };
  return { messages, restore: () => ((vscode.window as { showErrorMessage: unknown }).showErrorMessage = original) };
}
