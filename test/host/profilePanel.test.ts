// Host-side behaviour of the profile pages, run inside a real VS Code extension host.
// The page's DOM is out of reach from here, so the tests play the page: they call handleMessage() with what
// media/profile.js would post and watch onDidPostMessage for what the page would receive.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DirectoryProvider, DirectoryUser, ProviderCapabilities, ResetResult } from '../../src/directory/types';
import { profileTitle, type ProfilePanel } from '../../src/webviews/profile/profilePanel';
import { ProfilePanels } from '../../src/webviews/profile/profilePanels';
import type { HostMessage } from '../../src/webviews/profile/protocol';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const PASSWORD = 'Tmp-9qZ!x7#Lw2$Rk';

const alice: DirectoryUser = {
  id: '7f3c1a2e-alice',
  displayName: HOSTILE_NAME,
  signInName: 'alice@contoso.example',
  source: 'cloud',
};
const bob: DirectoryUser = {
  id: '9b0d4e6f-bob',
  displayName: 'Bob',
  signInName: 'bob@contoso.example',
  source: 'synced',
};

/** An in-memory directory whose getUser adds the fields only the profile page asks for. */
class FakeDirectory implements DirectoryProvider {
  readonly name = 'Contoso';
  readonly capabilities: ProviderCapabilities = {
    actions: [],
    kindLabel: 'Test',
    forcesChangeAtNextSignIn: true,
    adminPortalName: 'Test admin center',
    accountLabel: 'Cloud account',
    reportsLastPasswordChange: true,
  };
  getUserCalls = 0;
  failWith: Error | undefined;

  async listUsers() {
    return { users: [alice, bob] };
  }
  async getUser(id: string): Promise<DirectoryUser> {
    this.getUserCalls++;
    if (this.failWith) throw this.failWith;
    const user = [alice, bob].find((u) => u.id === id);
    if (!user) throw new Error(`No user ${id}`);
    return { ...user, jobTitle: 'Accountant', lastPasswordChangeDateTime: '2024-05-01T08:30:00Z' };
  }
  async resetPassword(): Promise<ResetResult> {
    throw new Error('not used');
  }
  adminPortalUrl(user: DirectoryUser): string {
    return `https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/${user.id}`;
  }
  async dispose(): Promise<void> {}
}

function resetResult(): ResetResult {
  return {
    temporaryPassword: PASSWORD,
    method: 'systemGenerated',
    mustChangeAtNextSignIn: true,
    completedAt: new Date('2025-01-02T03:04:05Z'),
  };
}

/** Records what the host posts to the page. */
function record(panel: ProfilePanel): HostMessage[] {
  const posted: HostMessage[] = [];
  panel.onDidPostMessage((m) => posted.push(m));
  return posted;
}

describe('Profile panels', function () {
  this.timeout(20_000);

  const extensionUri =
    vscode.extensions.getExtension('directory-reset.directory-password-reset')?.extensionUri ??
    vscode.Uri.file(path.resolve(__dirname, '../../..')); // out/test/host -> repository root
  let log: vscode.LogOutputChannel;
  let panels: ProfilePanels;
  let directory: FakeDirectory;

  before(() => {
    log = vscode.window.createOutputChannel('Directory profile tests', { log: true });
  });
  after(() => log.dispose());
  beforeEach(() => {
    panels = new ProfilePanels(extensionUri, log);
    directory = new FakeDirectory();
  });
  afterEach(() => panels.dispose());

  it('keeps one panel per user: showing the same user again reveals the open panel', () => {
    const first = panels.show(directory, alice);
    const second = panels.show(directory, alice);
    assert.equal(second, first);
    assert.equal(panels.size, 1);
    assert.equal(panels.get('Contoso', '7f3c1a2e-alice'), first);

    panels.show(directory, bob);
    assert.equal(panels.size, 2);
    assert.equal(panels.get('Other directory', '7f3c1a2e-alice'), undefined);
  });

  it('shows the given user, then the full profile read from the directory', async () => {
    const panel = panels.show(directory, alice);
    const posted = record(panel);
    await panel.handleMessage({ type: 'ready' });
    const first = posted.find((m) => m.type === 'profile');
    assert.ok(first && first.type === 'profile');
    assert.equal(first.user.displayName, HOSTILE_NAME);
    assert.equal(first.loading, true);

    await panel.whenLoaded();
    assert.equal(directory.getUserCalls, 1);
    assert.equal(panel.user.jobTitle, 'Accountant');
    const last = posted.at(-1);
    assert.ok(last && last.type === 'profile');
    assert.equal(last.loading, false);
    assert.equal(last.user.lastPasswordChangeDateTime, '2024-05-01T08:30:00Z');
    assert.equal(last.adminPortalUrl, directory.adminPortalUrl(alice));
    assert.equal(
      last.adminPortalLabel,
      'Open in Test admin center',
      "the button names the kind's portal, from the host",
    );
    assert.deepEqual(
      Object.keys(last.user).sort(),
      [
        'accountEnabled',
        'department',
        'displayName',
        'id',
        'jobTitle',
        'lastPasswordChangeDateTime',
        'locked',
        'mail',
        'mustChangePassword',
        'passwordChangeNotReported',
        'resetRefusal',
        'signInName',
        'source',
        'sourceLabel',
        'userType',
      ],
      'only the displayable fields cross to the page',
    );
  });

  it('keeps what it shows and reports the error text when the profile cannot be read', async () => {
    directory.failWith = new Error('The directory is unavailable.');
    const panel = panels.show(directory, bob);
    await panel.whenLoaded();
    const posted = record(panel);
    await panel.handleMessage({ type: 'ready' });
    const msg = posted.find((m) => m.type === 'profile');
    assert.ok(msg && msg.type === 'profile');
    assert.equal(msg.error, 'The directory is unavailable.');
    assert.equal(msg.user.displayName, 'Bob');
    assert.equal(msg.loading, false);
  });

  it('holds the reset result and sends the password only after the page is ready', async () => {
    const panel = panels.showResetResult(directory, alice, resetResult());
    const posted = record(panel);
    assert.equal(panel.hasPassword, true);
    assert.equal(posted.length, 0, 'nothing is posted before the page says ready');

    await panel.handleMessage({ type: 'ready' });
    const pw = posted.find((m) => m.type === 'password');
    assert.deepEqual(pw, {
      type: 'password',
      password: PASSWORD,
      method: 'systemGenerated',
      methodLabel: 'Generated by the directory',
      mustChangeAtNextSignIn: true,
      completedAt: '2025-01-02T03:04:05.000Z',
    });

    // A re-shown page reloads and asks again: it gets everything again from host memory.
    posted.length = 0;
    await panel.handleMessage({ type: 'ready' });
    assert.ok(posted.some((m) => m.type === 'profile'));
    assert.ok(posted.some((m) => m.type === 'password' && m.password === PASSWORD));
  });

  it('copies exactly the held password to the clipboard and tells the page', async () => {
    const panel = panels.showResetResult(directory, alice, resetResult());
    await panel.whenLoaded();
    await panel.handleMessage({ type: 'ready' });
    const posted = record(panel);
    await vscode.env.clipboard.writeText('before');

    await panel.handleMessage({ type: 'copy' });
    assert.equal(await vscode.env.clipboard.readText(), PASSWORD);
    // (The real page may also say 'ready' meanwhile; only the copy reply matters here.)
    assert.deepEqual(
      posted.filter((m) => m.type === 'copied'),
      [{ type: 'copied' }],
    );
    await vscode.env.clipboard.writeText('');
  });

  it('copies nothing when no password is held, and ignores data sent along with a message', async () => {
    const panel = panels.show(directory, bob);
    await panel.handleMessage({ type: 'ready' });
    await vscode.env.clipboard.writeText('before');
    await panel.handleMessage({ type: 'copy', password: 'from the page' });
    assert.equal(await vscode.env.clipboard.readText(), 'before');
    await vscode.env.clipboard.writeText('');
  });

  it('ignores messages it does not know', async () => {
    const panel = panels.showResetResult(directory, alice, resetResult());
    await panel.whenLoaded();
    await panel.handleMessage({ type: 'ready' });
    const posted = record(panel);
    await vscode.env.clipboard.writeText('before');
    for (const msg of [undefined, null, 'copy', 42, {}, { type: 'eval' }, { type: 'toString' }, { type: ['copy'] }]) {
      await panel.handleMessage(msg);
    }
    assert.equal(await vscode.env.clipboard.readText(), 'before');
    assert.deepEqual(
      posted.filter((m) => m.type === 'copied'),
      [],
    );
    assert.equal(panel.hasPassword, true);
    await vscode.env.clipboard.writeText('');
  });

  it('runs the reset command with the directory name and the user', async function () {
    if ((await vscode.commands.getCommands(true)).includes('directoryReset.resetPassword')) {
      this.skip(); // the real command is registered; do not run a reset from a test
    }
    const received: unknown[] = [];
    const stub = vscode.commands.registerCommand('directoryReset.resetPassword', (arg: unknown) => received.push(arg));
    try {
      const panel = panels.show(directory, alice);
      await panel.whenLoaded();
      await panel.handleMessage({ type: 'resetPassword' });
      assert.deepEqual(received, [{ directoryName: 'Contoso', user: panel.user }]);
    } finally {
      stub.dispose();
    }
  });

  it('drops the password and leaves the registry when the panel closes', () => {
    const panel = panels.showResetResult(directory, alice, resetResult());
    panels.show(directory, bob);
    assert.equal(panels.size, 2);

    panel.dispose();
    assert.equal(panel.hasPassword, false);
    assert.equal(panel.isDisposed, true);
    assert.equal(panels.size, 1);
    assert.equal(panels.get('Contoso', '7f3c1a2e-alice'), undefined);

    // Opening the user again makes a fresh panel without the old password.
    const reopened = panels.show(directory, alice);
    assert.notEqual(reopened, panel);
    assert.equal(reopened.hasPassword, false);
  });

  it('closes every panel when the registry is disposed', () => {
    const a = panels.showResetResult(directory, alice, resetResult());
    panels.show(directory, bob);
    panels.dispose();
    assert.equal(panels.size, 0);
    assert.equal(a.hasPassword, false);
  });

  it('builds an HTML shell with a nonce CSP and no user data or password', () => {
    const panel = panels.showResetResult(directory, alice, resetResult());
    const html = panel.html;

    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(csp, 'has a CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{16,})'/.exec(csp)?.[1];
    assert.ok(nonce, 'script-src uses a nonce');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)];
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0][1].includes(`nonce="${nonce}"`), 'the one script carries the nonce');
    assert.doesNotMatch(html, /\sstyle=|<style/, 'no inline styles');

    for (const secret of [HOSTILE_NAME, 'onerror', alice.signInName, alice.id, PASSWORD, 'Contoso']) {
      assert.equal(html.includes(secret), false, `HTML must not contain ${secret}`);
    }
    // A new page load gets a new nonce.
    const other = panels.show(directory, bob).html;
    assert.notEqual(/'nonce-([^']+)'/.exec(other)?.[1], nonce);
  });

  it('titles the tab "<name> - Profile", shortening long names', () => {
    assert.equal(profileTitle('Alain Charon'), 'Alain Charon - Profile');
    const long = profileTitle('x'.repeat(300));
    assert.ok(long.endsWith('… - Profile'));
    assert.ok(long.length <= 60 + ' - Profile'.length);
    assert.equal(profileTitle('a\u0000b\nc'), 'a b c - Profile');
  });
});
