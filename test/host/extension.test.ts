// Inside a real VS Code extension host: activation, the tree's first pages, search, and resets through the
// command (the modal confirmation stubbed), against the demo directory the extension itself starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GraphServer } from '../../src/demo/graphServer';
import { FIXED_USERS } from '../../src/demo/seed';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode, UserNode } from '../../src/views/nodes';
import { loadedBundles } from '../support/bundles';
import { stubWarnings, confirmReset, resetAnswering } from '../support/vscodeStubs';

const EXTENSION_ID = 'directory-reset.directory-password-reset';

const CONTRACT_COMMANDS = [
  'directoryReset.resetPassword',
  'directoryReset.openProfile',
  'directoryReset.search',
  'directoryReset.clearSearch',
  'directoryReset.refresh',
  'directoryReset.signIn',
  'directoryReset.signOut',
  'directoryReset.openDemoDirectory',
];

describe('the extension in a real VS Code', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  let server: GraphServer;

  const resetRequests = () =>
    server.requests.filter(
      (r) => (r.method === 'PATCH' && /^\/v1\.0\/users\/[^/]+$/.test(r.path)) || r.path.endsWith('/resetPassword'),
    );

  async function rootNodes(): Promise<TreeNode[]> {
    return (await api.commands.tree.getChildren()) ?? [];
  }

  async function userNode(id: string): Promise<UserNode> {
    await vscode.commands.executeCommand('directoryReset.search', server.users.get(id)!.displayName.split(' ')[0]);
    const node = (await rootNodes()).find((n): n is UserNode => n.kind === 'user' && n.user.id === id);
    assert.ok(node, `user ${id} is in the tree after searching for it`);
    return node;
  }

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
  });

  it('registers every command of the contract', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of CONTRACT_COMMANDS) assert.ok(all.includes(id), `${id} is registered`);
  });

  it('starts nothing and shows the welcome when no directory is configured', async () => {
    assert.equal(api.commands.manager.demoServer, undefined, 'no server before the demo is asked for');
    assert.deepEqual(await rootNodes(), []);
    assert.equal(api.commands.tree.viewState, 'notConfigured');
  });

  it('opens the demo directory and shows its first page with "Load more..."', async () => {
    await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
    server = api.commands.manager.demoServer!;
    assert.ok(server, 'the demo directory is running');
    server.clearRequests();
    api.commands.tree.refresh();
    const nodes = await rootNodes();
    const users = nodes.filter((n) => n.kind === 'user');
    assert.equal(users.length, 100);
    assert.equal(nodes.at(-1)?.kind, 'loadMore');
    const lists = server.requests.filter((r) => r.path === '/v1.0/users');
    assert.equal(lists.length, 1);
    assert.equal(lists[0].query.$top, '100');
  });

  it('loaded the demo directory (dist/demo.js) and undici (dist/undici.js) on first use, not the LDAP client', () => {
    assert.deepEqual(loadedBundles(), ['demo.js', 'extension.js', 'undici.js']);
  });

  it('"Load more..." appends the next page without reloading the first', async () => {
    server.clearRequests();
    await vscode.commands.executeCommand('directoryReset.loadMore');
    const users = (await rootNodes()).filter((n) => n.kind === 'user');
    assert.equal(users.length, 200);
    assert.equal(new Set(users.map((u) => u.user.id)).size, 200);
    // Besides the page, only the pre-flight check's reads once per sign-in (who holds roles), none per user.
    const preflight = /^\/v1\.0\/(me|me\/memberOf\/.*|roleManagement\/.*|groups|directory\/administrativeUnits)$/;
    assert.deepEqual(
      server.requests.filter((r) => !preflight.test(r.path)).map((r) => r.path),
      ['/v1.0/users'],
      'one request: the next page',
    );
    assert.ok(server.requests.find((r) => r.path === '/v1.0/users')?.query.$skiptoken, 'it followed the nextLink');
    // Redrawing one node fetches nothing.
    const before = server.requests.length;
    api.commands.tree.refreshNode(users[0]);
    await rootNodes();
    assert.equal(server.requests.length, before);
  });

  it("searches on the server, finds O'Brien, and clears", async () => {
    server.clearRequests();
    await vscode.commands.executeCommand('directoryReset.search', "O'Brien");
    const users = (await rootNodes()).filter((n): n is UserNode => n.kind === 'user');
    assert.ok(users.some((u) => u.user.id === FIXED_USERS.seanOBrien));
    assert.equal(server.requests.find((r) => r.path === '/v1.0/users')?.headers['consistencylevel'], 'eventual');
    await vscode.commands.executeCommand('directoryReset.search', 'zzzqqq-nobody');
    assert.deepEqual(await rootNodes(), []);
    assert.equal(api.commands.tree.viewState, 'noResults');
    await vscode.commands.executeCommand('directoryReset.clearSearch');
    assert.equal((await rootNodes()).filter((n) => n.kind === 'user').length, 100);
  });

  it('Cancel at the confirmation sends nothing', async () => {
    const node = await userNode(FIXED_USERS.alainCharon);
    server.clearRequests();
    const calls = await resetAnswering(node, async () => undefined);
    assert.equal(calls.length, 1);
    assert.match(calls[0].message, /Alain Charon \(alain\.charon@contoso\.onmicrosoft\.com\)/);
    assert.match(calls[0].detail ?? '', /Demo directory/);
    assert.match(calls[0].detail ?? '', /must change it at next sign-in/);
    assert.equal(resetRequests().length, 0);
  });

  it('Confirm resets the password and opens the profile page with it; Copy puts exactly it on the clipboard', async () => {
    const node = await userNode(FIXED_USERS.alainCharon);
    server.clearRequests();
    const before = server.resets.length;
    await resetAnswering(node, confirmReset);
    assert.equal(resetRequests().length, 1, 'exactly one reset request');
    assert.equal(server.resets.length, before + 1);
    const reset = server.resets.at(-1)!;
    assert.equal(reset.userId, FIXED_USERS.alainCharon);
    assert.equal(reset.forceChangePasswordNextSignIn, true);
    const panel = api.commands.profiles.get(api.commands.manager.current!.name, FIXED_USERS.alainCharon);
    assert.ok(panel?.hasPassword, 'the profile page holds the temporary password');
    await vscode.env.clipboard.writeText('something else');
    await panel.handleMessage({ type: 'copy' });
    assert.equal(await vscode.env.clipboard.readText(), reset.password);
    panel.dispose();
    assert.equal(panel.hasPassword, false, 'closing the page drops the password');
  });

  it('a second reset command while one runs sends no second reset', async () => {
    const node = await userNode(FIXED_USERS.seanOBrien);
    server.clearRequests();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const stub = stubWarnings(async (m, o, ...items) => {
      await gate;
      return confirmReset(m, o, ...items);
    });
    try {
      const first = vscode.commands.executeCommand('directoryReset.resetPassword', node);
      const second = vscode.commands.executeCommand('directoryReset.resetPassword', node);
      await second; // returns at once: "already in progress"
      release();
      await first;
    } finally {
      stub.restore();
    }
    assert.equal(stub.calls.length, 1, 'one confirmation');
    assert.equal(resetRequests().length, 1, 'one reset request');
  });

  it('refuses a guest in plain words and sends nothing', async () => {
    const id = FIXED_USERS.graceGuest;
    const node = await userNode(id);
    server.clearRequests();
    const calls = await resetAnswering(node, async () => undefined);
    assert.equal(calls.length, 1);
    assert.match(calls[0].message, /cannot be reset here/);
    assert.match(calls[0].detail ?? '', /guest/);
    // The command reads the user from the directory before deciding (issue 10): that one GET, and nothing else.
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      [`GET /v1.0/users/${id}`],
      'only the read of the user reached the directory',
    );
  });

  it('asks the directory for a synced user (signed in as yourself): without writeback, its refusal; no password shown', async () => {
    const id = FIXED_USERS.samSynced; // the demo's on-premises directory has password writeback off for Sam
    const node = await userNode(id);
    const before = server.resets.length;
    server.clearRequests();
    const calls = await resetAnswering(node, confirmReset);
    assert.match(calls[0].message, /^Reset the password of Sam Synced/, 'a confirmation, not a refusal before asking');
    assert.deepEqual(
      resetRequests().map((r) => `${r.method} ${r.status}`),
      ['POST 400'],
      'one resetPassword, refused by the directory',
    );
    assert.equal(server.resets.length, before, 'nothing was reset');
    assert.ok(!api.commands.profiles.get(api.commands.manager.current!.name, id)?.hasPassword, 'no password shown');
  });

  it('keeps no password or token in settings or extension state', async () => {
    const secrets = server.resets.map((r) => r.password).concat(server.delegatedToken);
    assert.ok(secrets.length >= 3);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('directoryReset'));
    for (const s of secrets) assert.ok(!settings.includes(s), 'a secret is in the settings');
    const state = api.storage;
    for (const memento of [state.globalState, state.workspaceState]) {
      const dump = JSON.stringify(memento.keys().map((k) => [k, memento.get(k)]));
      for (const s of secrets) assert.ok(!dump.includes(s), 'a secret is in extension state');
    }
  });
});
