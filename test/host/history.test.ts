// The History inside a real VS Code, against the demo directory the extension starts: a reset, a Temporary Access
// Pass and a disable each add one record (newest first in the view), the stored file holds neither the temporary
// password nor the pass, and the CSV export writes a display name that starts with "=" as text ("'=").
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphServer } from '../../src/demo/graphServer';
import { FIXED_USERS } from '../../src/demo/seed';
import type { ExtensionApi } from '../../src/extension';
import { EXTENSION_ID } from '../support/bundles';
import { stubWarnings } from '../support/vscodeStubs';

describe('History in a real VS Code', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let server: GraphServer;

  const target = (id: string) => ({ directoryName: api.commands.manager.current!.name, user: { id } });
  async function confirmed(command: string, id: string): Promise<void> {
    const stub = stubWarnings(async (_m, _o, ...items) => items[0]);
    try {
      await vscode.commands.executeCommand(command, target(id));
    } finally {
      stub.restore();
    }
    await api.commands.history.store.flush();
  }
  async function copied(id: string, type: 'copy' | 'copyPass'): Promise<string> {
    const panel = api.commands.profiles.get(api.commands.manager.current!.name, id);
    assert.ok(panel, 'the profile page is open');
    await vscode.env.clipboard.writeText('nothing yet');
    await panel.handleMessage({ type });
    const secret = await vscode.env.clipboard.readText();
    panel.dispose();
    assert.notEqual(secret, 'nothing yet', 'the page copied its secret');
    return secret;
  }

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
    server = api.commands.manager.demoServer!;
    await api.commands.history.store.clear();
  });

  it('records a reset, a pass and a disable, newest first, and never stores the password or the pass', async () => {
    const user = FIXED_USERS.alainCharon;
    await confirmed('directoryReset.resetPassword', user);
    const password = await copied(user, 'copy');
    assert.equal(password, server.resets.at(-1)?.password);
    await confirmed('directoryReset.issueTemporaryAccessPass', user);
    const pass = await copied(user, 'copyPass');
    await confirmed('directoryReset.disableAccount', user);
    await confirmed('directoryReset.enableAccount', user);

    const shown = await api.commands.historyTree.getChildren();
    assert.deepEqual(
      shown.map((r) => [r.action, r.result, r.target.id]),
      [
        ['enableAccount', 'done', user],
        ['disableAccount', 'done', user],
        ['issueTemporaryAccessPass', 'done', user],
        ['resetPassword', 'done', user],
      ],
    );
    assert.equal(shown[3].directory, api.commands.manager.current!.name);
    assert.equal(shown[3].directoryKind, 'demo');
    assert.ok(shown[3].options.some((o) => o.startsWith('method=')));
    assert.ok(shown[2].options.some((o) => o.startsWith('lifetimeInMinutes=')));

    const stored = fs.readFileSync(api.commands.history.store.file, 'utf8');
    assert.equal(stored.trim().split('\n').length, 4);
    assert.ok(password.length >= 8 && !stored.includes(password), 'the temporary password is not stored');
    assert.ok(pass.length >= 8 && !stored.includes(pass), 'the pass is not stored');
    assert.ok(!/"(temporaryPassword|temporaryAccessPass|password|token)"\s*:/i.test(stored), 'no secret field');
  });

  it('records a refusal before anything is sent (enable on an enabled account)', async () => {
    await confirmed('directoryReset.enableAccount', FIXED_USERS.alainCharon);
    const [newest] = await api.commands.historyTree.getChildren();
    assert.equal(newest.action, 'enableAccount');
    assert.equal(newest.result, 'refused');
    assert.ok(newest.reason);
  });

  it('filters by text, and exports CSV with a display name that starts with "=" as text', async () => {
    const user = server.users.get(FIXED_USERS.seanOBrien)!;
    const name = user.displayName;
    user.displayName = '=HYPERLINK("http://evil.example","x")';
    server.usersChanged();
    try {
      await hostileNameRecords();
    } finally {
      user.displayName = name; // the suites after this one know the demo's names
      server.usersChanged();
    }
  });

  it('"Show Audit Log Entries..." on a record lists what the directory logged about that user, and offers the admin center', async () => {
    const config = vscode.workspace.getConfiguration('directoryReset');
    const before = config.get('demo.signedInRoles');
    await config.update(
      'demo.signedInRoles',
      ['User Administrator', 'Authentication Administrator', 'Reports Reader'],
      vscode.ConfigurationTarget.Global,
    );
    const original = vscode.window.showQuickPick;
    const shown: Array<{ items: vscode.QuickPickItem[]; title?: string }> = [];
    (vscode.window as { showQuickPick: unknown }).showQuickPick = async (
      items: vscode.QuickPickItem[],
      options?: vscode.QuickPickOptions,
    ) => {
      shown.push({ items, title: options?.title });
      return undefined;
    };
    try {
      await confirmed('directoryReset.revokeSessions', FIXED_USERS.quentinQuoted);
      const record = (await api.commands.history.store.read()).at(-1)!;
      assert.equal(record.action, 'revokeSessions');
      server.clearRequests();
      await vscode.commands.executeCommand('directoryReset.showAuditLog', record);
      // (The tree may reload meanwhile: the role setting changed.) One read of the audit log, and no change.
      assert.equal(server.requests.filter((r) => r.path === '/v1.0/auditLogs/directoryAudits').length, 1);
      assert.deepEqual(
        server.requests.filter((r) => r.method !== 'GET'),
        [],
      );
      const labels = shown[0].items.map((i) => i.label);
      assert.equal(labels[0], 'Invalidate all refresh tokens for user');
      assert.match(shown[0].items[0].detail ?? '', /by helpdesk\.operator@/);
      assert.ok(labels.some((l) => /Open the audit log in the Microsoft Entra admin center/.test(l)));
    } finally {
      (vscode.window as { showQuickPick: unknown }).showQuickPick = original;
      await config.update('demo.signedInRoles', before, vscode.ConfigurationTarget.Global);
    }
  });

  async function hostileNameRecords(): Promise<void> {
    await confirmed('directoryReset.disableAccount', FIXED_USERS.seanOBrien);
    await confirmed('directoryReset.enableAccount', FIXED_USERS.seanOBrien);

    await vscode.commands.executeCommand('directoryReset.filterHistory', 'hyperlink');
    assert.equal((await api.commands.historyTree.getChildren()).length, 2);
    await vscode.commands.executeCommand('directoryReset.clearHistoryFilter');
    assert.ok((await api.commands.historyTree.getChildren()).length >= 7);

    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dr-history-')), 'h.csv'));
    await vscode.commands.executeCommand('directoryReset.exportHistory', file);
    const csv = fs.readFileSync(file.fsPath, 'utf8');
    assert.ok(csv.includes('"\'=HYPERLINK(""http://evil.example"",""x"")"'), csv);
    assert.ok(!/(^|,)=/m.test(csv), 'no cell starts with =');
    await vscode.commands.executeCommand('directoryReset.showHistory');
  }
});
