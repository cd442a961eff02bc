// Security inside a real VS Code (issue 5): a malicious workspace's settings are ignored; the profile page's HTML
// carries no user data under a strict CSP; fifty concurrent resets and searches from the UI; a reset whose outcome
// is unknown is never shown as done and is retried only after a new confirmation; the clipboard is cleared after
// Copy; and after a whole session of resets, searches and errors no password, token or client secret is found in
// the log files, the extension's state, the settings, or any file under VS Code's data folders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphServer } from '../../src/demo/graphServer';
import { FIXED_USERS } from '../../src/demo/seed';
import { showError } from '../../src/commands/runCommand';
import { DirectoryError } from '../../src/directory/errors';
import type { DirectoryUser } from '../../src/directory/types';
import type { ExtensionApi } from '../../src/extension';
import { UserNode, type TreeNode } from '../../src/views/nodes';
import { profileCsp } from '../../src/webviews/profile/htmlTemplate';
import { profileTitle } from '../../src/webviews/profile/profilePanel';
import { clearClipboardAfterSeconds, ProfilePanels } from '../../src/webviews/profile/profilePanels';
import { assertPlainText, HOSTILE_DIAGNOSTIC, HOSTILE_NAME } from '../support/plainText';

const EXTENSION_ID = 'directory-reset.directory-password-reset';
const LOG_NAME = 'Directory Reset.log';

type Stubbable = Record<string, unknown>;

/** Replaces vscode.window[name] until restore(); records every call's arguments. */
function stub<T extends unknown[] = unknown[]>(name: string, answer: (...args: T) => unknown) {
  const window = vscode.window as unknown as Stubbable;
  const original = window[name];
  const calls: T[] = [];
  window[name] = (...args: T) => {
    calls.push(args);
    return Promise.resolve(answer(...args));
  };
  return { calls, restore: () => (window[name] = original) };
}

const confirmReset = (_m: string, _o: unknown, ...items: Array<{ title?: string }>) =>
  items.find((i) => i?.title === 'Reset Password');

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Files under `root` (depth-limited), skipping what cannot be read. */
function walk(root: string, depth = 8): string[] {
  const out: string[] = [];
  const visit = (dir: string, d: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && d > 0 && e.name !== 'node_modules') visit(full, d - 1);
      else if (e.isFile()) out.push(full);
    }
  };
  visit(root, depth);
  return out;
}

/** Where VS Code keeps its data for this run: code-server's or the desktop's user-data folder, and the logs. */
function dataRoots(api: ExtensionApi): string[] {
  const storage = api.storage as { logUri?: vscode.Uri; globalStorageUri?: vscode.Uri };
  const candidates = [
    storage.logUri?.fsPath,
    storage.globalStorageUri?.fsPath,
    process.env.CODE_SERVER_SESSION_SOCKET && path.dirname(process.env.CODE_SERVER_SESSION_SOCKET), // code-server: <user-data>
    process.env.VSCODE_CWD, // code-server: the folder holding <user-data>
    process.env.VSCODE_LOGS,
    process.env.VSCODE_PORTABLE,
    path.resolve(__dirname, '../../../.vscode-test'), // @vscode/test-electron's default user-data-dir
  ];
  return [...new Set(candidates.filter((c): c is string => typeof c === 'string' && c !== '' && fs.existsSync(c)))];
}

/** The "Directory Reset" log file the extension's LogOutputChannel writes (<logs>/.../<extension id>/Directory Reset.log). */
function findLogFile(api: ExtensionApi): string | undefined {
  const found = dataRoots(api)
    .flatMap((root) => walk(root))
    .filter((f) => path.basename(f) === LOG_NAME && path.basename(path.dirname(f)) === EXTENSION_ID);
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** Every place a secret could have been written to, and what was found. */
function scan(files: string[], secrets: string[]): string[] {
  const hits: string[] = [];
  const needles = secrets.map((s) => ({ s, utf8: Buffer.from(s, 'utf8'), utf16: Buffer.from(s, 'utf16le') }));
  for (const file of new Set(files)) {
    let data: Buffer;
    try {
      if (fs.statSync(file).size > 64 * 1024 * 1024) continue;
      data = fs.readFileSync(file);
    } catch {
      continue;
    }
    for (const n of needles) {
      if (data.includes(n.utf8) || data.includes(n.utf16)) hits.push(`${file}: ${n.s.slice(0, 3)}...`);
    }
  }
  return hits;
}

describe('Security inside VS Code', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let server: GraphServer;
  const opened: Array<() => void> = [];
  const userSettingsBefore: Record<string, unknown> = {};
  const SETTINGS = ['directories', 'activeDirectory', 'pageSize', 'passwordLength', 'resetMethod'];

  const config = () => vscode.workspace.getConfiguration('directoryReset');
  const demoName = () => api.commands.manager.current!.name;
  const resetRequests = (userId?: string) =>
    server.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/resetPassword') && (!userId || r.path.includes(userId)),
    );
  const rootNodes = async (): Promise<TreeNode[]> => (await api.commands.tree.getChildren()) ?? [];

  async function openDemo(): Promise<void> {
    await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
    server = api.commands.manager.demoServer!;
    assert.ok(server, 'the demo directory is running');
  }

  async function getUser(id: string): Promise<DirectoryUser> {
    return api.commands.manager.current!.provider.getUser(id);
  }

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    for (const key of SETTINGS) {
      userSettingsBefore[key] = config().inspect(key)?.globalValue;
      if (userSettingsBefore[key] !== undefined)
        await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await openDemo();
  });

  after(async () => {
    for (const close of opened.splice(0)) close();
    for (const key of SETTINGS) await config().update(key, userSettingsBefore[key], vscode.ConfigurationTarget.Global);
    await openDemo();
  });

  describe('a malicious workspace', () => {
    let evil: http.Server;
    const evilRequests: Array<{ url: string; authorization: boolean }> = [];
    let settingsFile: vscode.Uri;

    before(async () => {
      evil = http.createServer((req, res) => {
        evilRequests.push({ url: req.url ?? '', authorization: req.headers.authorization !== undefined });
        res.end('{}');
      });
      await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the host tests run with a workspace folder open');
      settingsFile = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    });

    after(async () => {
      try {
        await vscode.workspace.fs.delete(settingsFile);
      } catch {
        // already gone
      }
      await until(
        'the workspace settings to go',
        () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === undefined,
      );
      evil.closeAllConnections();
      await new Promise((r) => evil.close(r));
      await openDemo();
    });

    it('sets directoryReset.* in .vscode/settings.json: every value is ignored and no request reaches its server', async () => {
      const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
      const hostile = {
        'editor.tabSize': 7, // a window-scoped setting: shows when VS Code has read the file
        'directoryReset.directories': [
          {
            name: 'Evil',
            provider: 'microsoftGraph',
            tenantId: '11111111-2222-3333-4444-555555555555',
            clientId: '11111111-2222-3333-4444-555555555555',
            authentication: 'clientSecret',
            graphEndpoint: evilUrl,
            authorityHost: evilUrl,
          },
        ],
        'directoryReset.activeDirectory': 'Evil',
        'directoryReset.pageSize': 1,
        'directoryReset.passwordLength': 12,
        'directoryReset.resetMethod': 'passwordProfile',
        'directoryReset.clearClipboardAfterSeconds': 0,
      };
      await vscode.workspace.fs.writeFile(settingsFile, Buffer.from(JSON.stringify(hostile, null, 2)));
      await until(
        'VS Code to read the workspace settings',
        () => vscode.workspace.getConfiguration('editor').inspect('tabSize')?.workspaceValue === 7,
      );

      // Leave the demo: the view now shows whatever the settings configure.
      await vscode.commands.executeCommand('directoryReset.signOut');
      const manager = api.commands.manager;
      assert.deepEqual(manager.readSettings().configs, [], 'the workspace entry is not a configured directory');
      assert.equal(manager.current, undefined);
      assert.equal(manager.setting('pageSize', 100), 100);
      assert.equal(manager.setting('passwordLength', 16), 16);
      assert.equal(manager.setting('resetMethod', 'auto'), 'auto');
      api.commands.tree.refresh();
      assert.deepEqual(await rootNodes(), []);
      assert.equal(api.commands.tree.viewState, 'notConfigured');

      // Sign In, Refresh and Select Directory find nothing to act on.
      const info = stub<unknown[]>('showInformationMessage', () => undefined);
      const pick = stub<unknown[]>('showQuickPick', () => undefined);
      try {
        await vscode.commands.executeCommand('directoryReset.signIn');
        await vscode.commands.executeCommand('directoryReset.refresh');
        await vscode.commands.executeCommand('directoryReset.selectDirectory');
      } finally {
        info.restore();
        pick.restore();
      }
      const offered = (pick.calls[0]?.[0] ?? []) as vscode.QuickPickItem[];
      assert.ok(!offered.some((i) => i.label === 'Evil'), 'the workspace directory is not even offered');
      await sleep(300);
      assert.deepEqual(evilRequests, [], 'no request, with or without a token, reached the workspace server');

      // The demo directory comes back with the user's own page size, not the workspace's.
      await openDemo();
      server.clearRequests();
      api.commands.tree.refresh();
      assert.equal((await rootNodes()).filter((n) => n.kind === 'user').length, 100);
      assert.equal(server.requests[0].query.$top, '100');
      if (config().inspect('clearClipboardAfterSeconds')?.defaultValue !== undefined) {
        await config().update('clearClipboardAfterSeconds', 45, vscode.ConfigurationTarget.Global);
        try {
          assert.equal(clearClipboardAfterSeconds(), 45, 'the workspace cannot turn clipboard clearing off');
        } finally {
          await config().update('clearClipboardAfterSeconds', undefined, vscode.ConfigurationTarget.Global);
        }
      }
      assert.equal(clearClipboardAfterSeconds(), 0, 'off unless the user turns it on');
    });
  });

  describe('hostile directory data in the tree and dialogs', () => {
    it('a name made of HTML is a plain label, an escaped tooltip and plain text in the confirmation', async () => {
      await vscode.commands.executeCommand('directoryReset.search', 'onerror');
      const node = (await rootNodes()).find(
        (n): n is UserNode => n.kind === 'user' && n.user.id === FIXED_USERS.htmlInjection,
      );
      assert.ok(node, 'the user whose name is HTML is listed');
      const item = node.toTreeItem();
      assert.equal(item.label, node.user.displayName, 'the label is the name itself: TreeItem labels are never HTML');
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.ok(tooltip instanceof vscode.MarkdownString);
      assert.ok(!tooltip.isTrusted && !tooltip.supportHtml, 'no command links, no HTML in the tooltip');
      // appendText escapes Markdown and spaces; with supportHtml off VS Code renders any HTML left as text.
      assert.doesNotMatch(tooltip.value, /<img\s/, `the tooltip escapes the name: ${tooltip.value.slice(0, 80)}`);
      const confirm = stub<unknown[]>('showWarningMessage', () => undefined);
      try {
        await vscode.commands.executeCommand('directoryReset.resetPassword', node);
      } finally {
        confirm.restore();
      }
      assert.match(
        String(confirm.calls[0][0]),
        /Reset the password of <img src=x onerror=alert\(1\)> \(/,
        'the modal shows the name as text',
      );
      await vscode.commands.executeCommand('directoryReset.clearSearch');
    });

    it('a direction override in a name cannot reorder the tree label, its tooltip or the confirmation', async () => {
      const spoof = 'Bob \u202egnp.exe\u202c Smith';
      const user: DirectoryUser = {
        id: 'bidi-test',
        displayName: spoof,
        signInName: 'bob\u202e@contoso.onmicrosoft.com',
        source: 'cloud',
      };
      const item = new UserNode(user, api.commands.manager.current!.name).toTreeItem();
      const bidi = /[\u202a-\u202e\u2066-\u2069]/;
      assert.doesNotMatch(typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), bidi, 'the label');
      assert.doesNotMatch(String(item.description), bidi, 'the description');
      assert.doesNotMatch((item.tooltip as vscode.MarkdownString).value, bidi, 'the tooltip');
      // The command confirms on the directory's own copy of the user (it re-reads it by id): the directory holds the
      // spoofed name and sign-in name.
      const stored = server.users.get(FIXED_USERS.alainCharon)!;
      const original = { displayName: stored.displayName, userPrincipalName: stored.userPrincipalName };
      Object.assign(stored, { displayName: spoof, userPrincipalName: user.signInName });
      server.usersChanged();
      const confirm = stub<unknown[]>('showWarningMessage', () => undefined);
      try {
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: api.commands.manager.current!.name,
          user: { ...user, id: FIXED_USERS.alainCharon },
        });
      } finally {
        confirm.restore();
        Object.assign(stored, original);
        server.usersChanged();
      }
      assert.equal(confirm.calls.length, 1);
      assert.doesNotMatch(String(confirm.calls[0][0]), bidi, 'the modal message');
      assert.match(
        String(confirm.calls[0][0]),
        /Bob \ufffdgnp\.exe\ufffd Smith/,
        'the override shows as a replacement character',
      );
    });

    it('an error notification is plain text whatever the error says: no command link, icon or direction override', async () => {
      const errors = stub<unknown[]>('showErrorMessage', () => undefined);
      const log = { error() {}, info() {}, show() {} } as unknown as vscode.LogOutputChannel;
      try {
        showError(
          log,
          'directoryReset.test',
          new DirectoryError('badRequest', `Could not reset ${HOSTILE_NAME}.`, HOSTILE_DIAGNOSTIC),
        );
        showError(log, 'directoryReset.test', new Error(HOSTILE_DIAGNOSTIC));
        // A caller of the command names a directory that is not the open one: the message quotes that name.
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: HOSTILE_NAME,
          user: await getUser(FIXED_USERS.alainCharon),
        });
      } finally {
        errors.restore();
      }
      assert.equal(errors.calls.length, 3);
      for (const [message] of errors.calls) assertPlainText(String(message));
      assert.match(
        String(errors.calls[0][0]),
        /Could not reset Eve \[Show Log\]\u200b\(command:.*Denied \ufffd/s,
        'the words are kept, as text',
      );
    });

    it('a tab title cannot be reordered by a direction override', () => {
      const title = profileTitle('Bob \u202eeliforP - \u202c\u2066x\u2069');
      assert.doesNotMatch(title, /[\u202a-\u202e\u2066-\u2069]/);
      assert.match(title, / - Profile$/);
    });
  });

  describe('the reset command trusts only the directory', () => {
    const requestLines = () => server.requests.map((r) => `${r.method} ${r.path}`);

    it("confirms on the directory's own copy of the user, read by id before the confirmation, not on the one it is handed", async () => {
      const real = await getUser(FIXED_USERS.alainCharon);
      const handed: DirectoryUser = {
        ...real,
        displayName: 'Mallory Manager',
        signInName: 'mallory@contoso.example',
        mail: undefined,
      };
      server.clearRequests();
      let atConfirmation: string[] = [];
      const confirm = stub<unknown[]>('showWarningMessage', () => {
        atConfirmation = requestLines();
        return undefined;
      });
      try {
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: handed,
        });
      } finally {
        confirm.restore();
      }
      assert.equal(confirm.calls.length, 1);
      assert.match(
        String(confirm.calls[0][0]),
        /^Reset the password of Alain Charon \(alain\.charon@contoso\.onmicrosoft\.com\)\?$/,
      );
      assert.doesNotMatch(JSON.stringify(confirm.calls[0]), /Mallory|mallory/);
      assert.deepEqual(atConfirmation, [`GET /v1.0/users/${real.id}`], 'one read of the user, before the confirmation');
      assert.deepEqual(requestLines(), [`GET /v1.0/users/${real.id}`], 'cancelled: nothing else was sent');
    });

    it("refuses or confirms on the directory's copy: a refusal the caller hands over is not believed, nor is its absence", async () => {
      const guest = await getUser(FIXED_USERS.graceGuest);
      assert.ok(guest.resetRefusal, 'the directory refuses the guest');
      const alain = await getUser(FIXED_USERS.alainCharon);
      const asked: Array<{ message: string; buttons: string[] }> = [];
      const dialogs = stub<unknown[]>('showWarningMessage', (message, _options, ...items) => {
        asked.push({
          message: String(message),
          buttons: (items as Array<{ title?: string }>).map((i) => String(i?.title)),
        });
        return undefined;
      });
      server.clearRequests();
      try {
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: { ...guest, resetRefusal: undefined },
        });
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: { ...alain, resetRefusal: 'Refused by the caller' },
        });
      } finally {
        dialogs.restore();
      }
      assert.equal(asked.length, 2);
      assert.match(asked[0].message, /cannot be reset here/, 'the guest is refused although the caller said nothing');
      assert.deepEqual(asked[0].buttons, [], 'nothing to confirm');
      assert.match(
        asked[1].message,
        /^Reset the password of Alain Charon/,
        "the caller's refusal is not the directory's",
      );
      // The confirmation of a real reset: its button, and the reset's options (Graph offers Sign Out Everywhere).
      assert.deepEqual(asked[1].buttons, ['Reset Password', 'Options...']);
      assert.equal(resetRequests().length, 0);
      assert.ok(
        server.requests.every((r) => r.method === 'GET'),
        'nothing was changed',
      );
    });
  });

  describe('the profile page', () => {
    it('has no user data in its HTML, a strict CSP with a fresh nonce per page', async () => {
      const hostile = await getUser(FIXED_USERS.htmlInjection);
      const other = await getUser(FIXED_USERS.arabicName);
      const profiles = api.commands.profiles;
      const a = profiles.show(api.commands.manager.current!.provider, hostile);
      const b = profiles.show(api.commands.manager.current!.provider, other);
      opened.push(
        () => a.dispose(),
        () => b.dispose(),
      );
      for (const [panel, user] of [
        [a, hostile],
        [b, other],
      ] as const) {
        const html = panel.html;
        for (const value of [user.displayName, user.signInName, user.id, user.jobTitle, user.department, user.mail]) {
          if (value) assert.ok(!html.includes(value), `the HTML shell holds ${JSON.stringify(value)}`);
        }
        const csp =
          /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1].replace(/;$/, '') ?? '';
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
        assert.ok(Buffer.from(nonce, 'base64').length >= 16, 'a nonce of at least 128 random bits');
        const cspSource = /style-src ([^;]+)/.exec(csp)?.[1] ?? '';
        assert.equal(
          csp,
          profileCsp(cspSource, nonce),
          'the policy the unit and browser tests check is the one VS Code gets',
        );
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*\s|http:/);
        assert.equal([...html.matchAll(/<script\b/g)].length, 1);
        assert.match(
          html,
          new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="[^"]+profile\\.js"></script>`),
        );
      }
      const nonces = [a, b].map((p) => /'nonce-([^']+)'/.exec(p.html)?.[1]);
      assert.notEqual(nonces[0], nonces[1], 'each page load gets its own nonce');
    });

    it('clears the clipboard N seconds after Copy only if it still holds the password', async () => {
      const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
      const panels = new ProfilePanels(extensionUri, api.commands.log, { clearClipboardAfterSeconds: () => 1 });
      opened.push(() => panels.dispose());
      const provider = api.commands.manager.current!.provider;
      const user = await getUser(FIXED_USERS.alainCharon);
      const password = `Tmp-${Date.now()}-Qx7!`;
      const panel = panels.showResetResult(provider, user, {
        temporaryPassword: password,
        method: 'systemGenerated',
        mustChangeAtNextSignIn: true,
        completedAt: new Date(),
      });
      const posted: unknown[] = [];
      panel.onDidPostMessage((m) => posted.push(m));
      await panel.handleMessage({ type: 'ready' });

      await panel.handleMessage({ type: 'copy' });
      assert.equal(await vscode.env.clipboard.readText(), password);
      assert.deepEqual(posted.at(-1), { type: 'copied', clearsAfterSeconds: 1 });
      panel.dispose(); // the countdown outlives the page, which forgets the password at once
      assert.equal(panel.hasPassword, false);
      await until('the clipboard to be cleared', async () => (await vscode.env.clipboard.readText()) === '', 5000);

      const again = panels.showResetResult(provider, user, {
        temporaryPassword: password,
        method: 'systemGenerated',
        mustChangeAtNextSignIn: true,
        completedAt: new Date(),
      });
      await again.handleMessage({ type: 'ready' });
      await again.handleMessage({ type: 'copy' });
      await vscode.env.clipboard.writeText('ticket 4711');
      await sleep(1500);
      assert.equal(await vscode.env.clipboard.readText(), 'ticket 4711', 'what was copied since is left alone');
      assert.equal(panels.clipboardGuard.stats.cleared, 1);
      again.dispose();
    });
  });

  describe('from the UI', () => {
    it('fifty concurrent reset commands for ten users: one confirmation and one reset per user, each page shows its own password', async () => {
      const candidates = [...server.users.values()]
        .filter(
          (u) =>
            u.roles.length === 0 &&
            u.userType === 'Member' &&
            !u.creationType &&
            !u.externalUserState &&
            !u.onPremisesSyncEnabled &&
            u.identities.every((i) => i.signInType !== 'federated') &&
            !(Object.values(FIXED_USERS) as string[]).includes(u.id),
        )
        .slice(0, 10);
      const users = await Promise.all(candidates.map((u) => getUser(u.id)));
      assert.equal(users.length, 10);
      server.clearRequests();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const confirm = stub('showWarningMessage', async (...args: [string, unknown, ...Array<{ title?: string }>]) => {
        await gate;
        return confirmReset(...args);
      });
      const info = stub<unknown[]>('showInformationMessage', () => undefined);
      const directoryName = demoName();
      let runs: Thenable<unknown>[] = [];
      try {
        runs = Array.from({ length: 50 }, (_, i) =>
          vscode.commands.executeCommand('directoryReset.resetPassword', { directoryName, user: users[i % 10] }),
        );
        await until(
          'every command to reach its confirmation or be turned away',
          () => confirm.calls.length + info.calls.length >= 50,
        );
        release();
        await Promise.all(runs);
      } finally {
        release();
        confirm.restore();
        info.restore();
      }
      assert.equal(confirm.calls.length, 10, 'one confirmation per user');
      assert.ok(info.calls.every(([m]) => /already in progress/.test(String(m))));
      for (const user of users) {
        assert.equal(resetRequests(user.id).length, 1, `one reset request for ${user.displayName}`);
        const panel = api.commands.profiles.get(directoryName, user.id);
        assert.ok(panel?.hasPassword, `the page of ${user.displayName} shows a password`);
        opened.push(() => panel.dispose());
        await panel.handleMessage({ type: 'copy' });
        const applied = server.resets.filter((r) => r.userId === user.id).at(-1);
        assert.equal(
          await vscode.env.clipboard.readText(),
          applied?.password,
          `the page of ${user.displayName} holds their own password`,
        );
      }
      for (const close of opened.splice(0)) close();
    });

    it('fifty concurrent searches: the tree shows the last one, with users that match it', async () => {
      const texts = Array.from({ length: 50 }, (_, i) => 'abcdefghijklmnoprstvwyz'[i % 23] + (i % 2 ? 'a' : ''));
      await Promise.all(texts.map((t) => vscode.commands.executeCommand('directoryReset.search', t)));
      const last = texts[49];
      assert.equal(api.commands.tree.searchText, last);
      const users = (await rootNodes()).filter((n): n is UserNode => n.kind === 'user');
      for (const { user: u } of users) {
        const words = u.displayName.toLowerCase().split(/[^\p{L}\p{N}]+/u);
        const hit =
          words.some((w) => w.startsWith(last)) ||
          u.signInName.toLowerCase().startsWith(last) ||
          (u.mail ?? '').toLowerCase().startsWith(last);
        assert.ok(hit, `${u.displayName} is shown for "${last}"`);
      }
      await vscode.commands.executeCommand('directoryReset.clearSearch');
    });

    it('a reset whose outcome is unknown is not shown as done; trying again asks again and sends a new reset', async () => {
      const user = await getUser(FIXED_USERS.seanOBrien);
      const directoryName = demoName();
      api.commands.profiles.get(directoryName, user.id)?.dispose();
      server.clearRequests();
      server.injectFault({ method: 'POST', path: /\/resetPassword$/, response: { kind: 'reset' } });
      const confirm = stub('showWarningMessage', confirmReset);
      const errors = stub<unknown[]>('showErrorMessage', () => undefined);
      try {
        await vscode.commands.executeCommand('directoryReset.resetPassword', { directoryName, user });
        assert.equal(errors.calls.length, 1);
        const message = String(errors.calls[0][0]);
        assert.match(
          message,
          /unknown whether the password of Seán O'Brien was changed; no temporary password is shown/,
        );
        assert.match(message, /last password change/);
        assert.ok(!api.commands.profiles.get(directoryName, user.id)?.hasPassword, 'no password is shown');
        assert.equal(resetRequests().length, 1, 'the dropped reset was not sent again by itself');

        await vscode.commands.executeCommand('directoryReset.resetPassword', { directoryName, user });
      } finally {
        confirm.restore();
        errors.restore();
      }
      assert.equal(confirm.calls.length, 2, 'the second attempt was confirmed again');
      assert.equal(resetRequests().length, 2);
      const panel = api.commands.profiles.get(directoryName, user.id);
      assert.ok(panel?.hasPassword);
      panel.dispose();
    });
  });

  describe('secrets after a whole session', () => {
    it('no password, token or client secret in the log files, state, settings, or any file VS Code keeps', async () => {
      const manager = api.commands.manager;
      const tokens = new Set<string>();
      const noteTokens = () => {
        const internals = server as unknown as { tokens?: Map<string, unknown>; expired?: Set<string> };
        for (const t of internals.tokens?.keys() ?? []) tokens.add(t);
        for (const t of internals.expired ?? []) tokens.add(t);
        tokens.add(server.delegatedToken);
      };
      const confirm = stub('showWarningMessage', confirmReset);
      const errors = stub<unknown[]>('showErrorMessage', () => undefined);
      const info = stub<unknown[]>('showInformationMessage', () => undefined);
      const input = stub('showInputBox', (options: vscode.InputBoxOptions) => {
        assert.equal(options.password, true, 'the client secret is asked for with a password box');
        return server.clientSecret;
      });
      try {
        // Browse and search on the demo directory, with hostile text.
        api.commands.tree.refresh();
        await rootNodes();
        await vscode.commands.executeCommand('directoryReset.loadMore');
        for (const text of ["O'Brien", `" OR "mail:${server.clientSecret.slice(0, 5)}" $filter # %`, 'alain']) {
          await vscode.commands.executeCommand('directoryReset.search', text);
          await rootNodes();
        }
        await vscode.commands.executeCommand('directoryReset.clearSearch');
        // Resets, a copy, and errors: an expired token, throttling, a proxy's page, a dropped reset, a forbidden one.
        const alain = await getUser(FIXED_USERS.alainCharon);
        const gloria = await getUser(FIXED_USERS.gloriaGlobal);
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: alain,
        });
        const page = api.commands.profiles.get(demoName(), alain.id);
        await page?.handleMessage({ type: 'ready' });
        await page?.handleMessage({ type: 'copy' });
        noteTokens();
        server.expireTokens();
        server.injectFault({
          method: 'GET',
          response: {
            status: 429,
            headers: { 'retry-after': '0.05' },
            body: { error: { code: 'TooManyRequests', message: 'x' } },
          },
        });
        api.commands.tree.refresh();
        await rootNodes();
        server.injectFault({
          method: 'GET',
          path: /^\/v1\.0\/users$/,
          response: { status: 502, body: `<html>proxy ${server.delegatedToken}</html>` },
        });
        api.commands.tree.refresh();
        await rootNodes();
        server.injectFault({ method: 'POST', path: /\/resetPassword$/, response: { kind: 'reset' } });
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: alain,
        });
        // The pre-flight check refuses Gloria (a Global Administrator) before sending; a 403 the directory answers
        // anyway (a role removed since the check) is the forbidden error.
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: gloria,
        });
        server.injectFault({
          method: 'POST',
          path: /\/resetPassword$/,
          response: {
            status: 403,
            body: {
              error: {
                code: 'Authorization_RequestDenied',
                message: 'Insufficient privileges to complete the operation.',
              },
            },
          },
        });
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: demoName(),
          user: alain,
        });
        noteTokens();

        // The same directory app-only, with a client secret typed into VS Code and kept in its secret storage.
        const appDirectory = {
          name: 'Contoso (app-only test)',
          provider: 'microsoftGraph',
          tenantId: server.tenantId,
          clientId: server.clientId,
          authentication: 'clientSecret',
          graphEndpoint: server.url,
          authorityHost: server.url,
        };
        await config().update('directories', [appDirectory], vscode.ConfigurationTarget.Global);
        await manager.select(appDirectory.name);
        await vscode.commands.executeCommand('directoryReset.signIn');
        api.commands.tree.refresh();
        const nodes = await rootNodes();
        assert.ok(
          nodes.some((n) => n.kind === 'user'),
          `signed in with the client secret: ${api.commands.tree.viewState}, ${input.calls.length} secret prompt(s), ${JSON.stringify(nodes.map((n) => (n as unknown as { message?: string }).message ?? n.kind))} ${JSON.stringify(errors.calls.map((c) => c[0]))}`,
        );
        const sean = await getUser(FIXED_USERS.seanOBrien);
        await vscode.commands.executeCommand('directoryReset.resetPassword', {
          directoryName: appDirectory.name,
          user: sean,
        });
        assert.ok(api.commands.profiles.get(appDirectory.name, sean.id)?.hasPassword, 'reset app-only');
        noteTokens();
        await vscode.commands.executeCommand('directoryReset.signOut');
      } finally {
        confirm.restore();
        errors.restore();
        info.restore();
        input.restore();
        for (const key of ['directories', 'activeDirectory'])
          await config().update(key, undefined, vscode.ConfigurationTarget.Global);
        await openDemo();
      }
      assert.ok(errors.calls.length >= 2, 'the session had errors (unknown outcome, forbidden)');

      const secrets = [...new Set([...server.resets.map((r) => r.password), ...tokens, server.clientSecret])];
      assert.ok(
        server.resets.length >= 2 && tokens.size >= 3,
        `a real session: ${server.resets.length} resets, ${tokens.size} tokens`,
      );

      // The log: the extension's own "Directory Reset" file, once everything written has reached it.
      const marker = `security-scan-${Date.now()}`;
      api.commands.log.info(marker);
      let logFile: string | undefined;
      await until('the log file to hold the whole session', () => {
        logFile = findLogFile(api);
        return logFile !== undefined && fs.readFileSync(logFile, 'utf8').includes(marker);
      });
      const logText = fs.readFileSync(logFile!, 'utf8');
      assert.match(
        logText,
        /POST \/v1\.0\/users\/[^ ]+\/resetPassword 202 \d+ms request-id=/,
        'the log file is the one the session wrote',
      );
      assert.match(logText, /PATCH \/v1\.0\/users\/[^ ]+ 204 \d+ms/);

      // State and settings.
      const state = api.storage;
      const mementos = [state.globalState, state.workspaceState].map((m) =>
        JSON.stringify(m.keys().map((k) => [k, m.get(k)])),
      );
      const settings =
        JSON.stringify(vscode.workspace.getConfiguration('directoryReset')) +
        JSON.stringify(vscode.workspace.getConfiguration());

      // Files: the extension's log folder, and everything under VS Code's data folders and the workspace.
      const roots = [
        path.dirname(logFile!),
        ...dataRoots(api),
        ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      ];
      const files = roots.flatMap((r) => walk(r));
      assert.ok(files.length > 5, `scanned ${files.length} files under ${roots.join(', ')}`);
      const hits = scan(files, secrets);
      for (const [what, text] of [
        ['the log', logText],
        ['globalState', mementos[0]],
        ['workspaceState', mementos[1]],
        ['the settings', settings],
      ] as const) {
        for (const s of secrets) if (text.includes(s)) hits.push(`${what}: ${s.slice(0, 3)}...`);
      }
      assert.deepEqual(hits, [], `a secret was found (in ${files.length} files under ${roots.join(', ')})`);
    });
  });
});
