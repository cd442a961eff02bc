// The pre-flight check inside a real VS Code, against the demo directory signed in as its default Helpdesk
// Administrator (directoryReset.demo.signedInRoles): the tree marks a Global Administrator as one you may not
// reset and its menu explains instead of offering the reset, the reset is refused before any request with the
// reason and recorded, an allowed reset's confirmation names the role, and without readable roles every action
// behaves as before and says so once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GraphServer } from '../../src/demo/graphServer';
import { FIXED_USERS } from '../../src/demo/seed';
import type { ExtensionApi } from '../../src/extension';
import type { UserNode } from '../../src/views/nodes';
import type { HostMessage, ProfileMessage } from '../../src/webviews/profile/protocol';
import { EXTENSION_ID } from '../support/bundles';
import { stubWarnings } from '../support/vscodeStubs';

const ROLES_SETTING = 'demo.signedInRoles';
const HOST_TEST_ROLES = ['User Administrator', 'Authentication Administrator']; // scripts/run-host-tests.js

describe('the pre-flight check in a real VS Code (demo directory as a Helpdesk Administrator)', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  let server: GraphServer;
  const config = () => vscode.workspace.getConfiguration('directoryReset');
  const changes = () => server.requests.filter((r) => r.method !== 'GET');
  const target = (id: string) => ({
    directoryName: api.commands.manager.current!.name,
    user: { id, displayName: server.users.get(id)!.displayName },
  });

  /** Searches the tree for `text` and waits until the row of `id` carries its verdicts. */
  async function checkedRow(text: string, id: string): Promise<UserNode> {
    await vscode.commands.executeCommand('directoryReset.search', text);
    for (let i = 0; i < 100; i++) {
      const nodes = (await api.commands.tree.getChildren()) ?? [];
      const node = nodes.find((n): n is UserNode => n.kind === 'user' && n.user.id === id);
      if (node?.access) return node;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the row of ${text} was never checked`);
  }

  /** Runs `command` on `id`, answering every modal with Cancel (undefined); returns what was shown. */
  async function run(command: string, id: string) {
    const warnings = stubWarnings(async () => undefined);
    const original = vscode.window.showInformationMessage;
    const infos: Array<{ message: string; detail?: string }> = [];
    (vscode.window as { showInformationMessage: unknown }).showInformationMessage = async (
      message: string,
      options?: vscode.MessageOptions,
    ) => {
      infos.push({ message, detail: typeof options === 'object' ? options?.detail : undefined });
      return undefined;
    };
    try {
      await vscode.commands.executeCommand(command, target(id));
    } finally {
      warnings.restore();
      (vscode.window as { showInformationMessage: unknown }).showInformationMessage = original;
    }
    return { warnings: warnings.calls, infos };
  }

  before(async () => {
    api = await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate();
    await config().update(ROLES_SETTING, undefined, vscode.ConfigurationTarget.Global); // the default
    await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
    server = api.commands.manager.demoServer!;
  });
  beforeEach(() => server.clearRequests());
  after(async () => {
    await config().update(ROLES_SETTING, HOST_TEST_ROLES, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('directoryReset.clearSearch');
  });

  it('marks a Global Administrator in the tree; the menu offers the explanation instead of the reset', async () => {
    const gloria = await checkedRow('Gloria', FIXED_USERS.gloriaGlobal);
    const item = gloria.toTreeItem();
    assert.match(String(item.description), /you may not reset/);
    assert.match(item.contextValue ?? '', /:deny-resetPassword/);
    assert.doesNotMatch(
      item.contextValue ?? '',
      /:can-/,
      'a Helpdesk Administrator may do nothing to a Global Administrator',
    );
    const tip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(/holds&nbsp;Global&nbsp;Administrator|holds Global Administrator/.test(tip), tip);

    // package.json's menus: the reset's "when" no longer matches this row; "Why Some Actions Are Missing..." does.
    const menus = (
      vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
        contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
      }
    ).contributes.menus['view/item/context'];
    const matches = (command: string, contextValue: string) =>
      menus
        .filter((m) => m.command === command)
        .some((m) => new RegExp(/viewItem =~ \/(.*)\//.exec(m.when ?? '')![1]).test(contextValue));
    assert.equal(matches('directoryReset.resetPassword', item.contextValue!), false);
    assert.equal(matches('directoryReset.explainAccess', item.contextValue!), true);

    const harper = (await checkedRow('Harper', FIXED_USERS.harperHelpdesk)).toTreeItem();
    assert.doesNotMatch(String(harper.description), /you may not reset/, 'a Helpdesk Administrator resets another');
    assert.equal(matches('directoryReset.resetPassword', harper.contextValue!), true);
    assert.match(harper.contextValue!, /:can-revokeSessions/);
    assert.match(
      harper.contextValue!,
      /:deny-issueTemporaryAccessPass/,
      'no pass without Authentication Administrator',
    );

    const why = await run('directoryReset.explainAccess', FIXED_USERS.gloriaGlobal);
    assert.match(why.infos[0]?.detail ?? '', /You may not reset the password of Gloria/);
    assert.deepEqual(changes(), [], 'explaining sends nothing');
  });

  it('the profile page of a Global Administrator offers no account action and says why instead', async () => {
    const directory = api.commands.manager.current!;
    const user = await directory.provider.getUser(FIXED_USERS.gloriaGlobal);
    const panel = api.commands.profiles.show(directory.provider, user);
    try {
      await panel.whenLoaded();
      const posted: HostMessage[] = [];
      panel.onDidPostMessage((m) => posted.push(m));
      await panel.handleMessage({ type: 'ready' });
      const profile = posted.filter((m): m is ProfileMessage => m.type === 'profile').at(-1);
      assert.deepEqual(profile?.actions, [], 'no button for what the directory would refuse');
      assert.ok(
        profile?.actionNotes?.some((n) =>
          /You may not reset the password of Gloria Global\. Gloria Global holds Global Administrator/.test(n),
        ),
        JSON.stringify(profile?.actionNotes),
      );
    } finally {
      panel.dispose();
    }
  });

  it('refuses the reset of a Global Administrator before any request, says why, and records it', async () => {
    const shown = await run('directoryReset.resetPassword', FIXED_USERS.gloriaGlobal);
    assert.equal(shown.warnings.length, 1);
    assert.match(
      shown.warnings[0].message,
      /holds Global Administrator, so only someone with one of these roles may: Privileged Authentication Administrator or Global Administrator/,
    );
    assert.match(shown.warnings[0].detail ?? '', /Nothing was sent/);
    assert.deepEqual(changes(), [], 'no reset request reached the directory');
    await api.commands.history.store.flush();
    const last = (await api.commands.history.store.read())
      .filter((r) => r.target.id === FIXED_USERS.gloriaGlobal)
      .at(-1);
    assert.equal(last?.result, 'refused');
    assert.match(last?.reason ?? '', /holds Global Administrator/);
  });

  it('the confirmation of an allowed reset names the role that allows it', async () => {
    const shown = await run('directoryReset.resetPassword', FIXED_USERS.harperHelpdesk);
    const modal = shown.warnings.find((w) => /Reset the password/.test(w.message));
    assert.match(modal?.detail ?? '', /Allowed by your role: Helpdesk Administrator/);
    assert.deepEqual(changes(), [], 'cancelled at the confirmation');
  });

  it('switching the demo role changes the verdicts: a Privileged Authentication Administrator may reset Gloria', async () => {
    await config().update(
      ROLES_SETTING,
      ['Privileged Authentication Administrator'],
      vscode.ConfigurationTarget.Global,
    );
    const shown = await run('directoryReset.resetPassword', FIXED_USERS.gloriaGlobal);
    const modal = shown.warnings.find((w) => /Reset the password/.test(w.message));
    assert.match(modal?.detail ?? '', /Allowed by your role: Privileged Authentication Administrator/);
  });

  it('without readable roles every action behaves as before, and that is said once', async () => {
    await config().update(ROLES_SETTING, [], vscode.ConfigurationTarget.Global); // no role: Graph refuses the read
    const first = await run('directoryReset.resetPassword', FIXED_USERS.alainCharon);
    assert.equal(first.infos.filter((i) => /Roles could not be read/.test(i.message)).length, 1);
    const modal = first.warnings.find((w) => /Reset the password/.test(w.message));
    assert.ok(modal, 'the confirmation is still asked');
    assert.doesNotMatch(modal.detail ?? '', /Allowed by your role/);
    const second = await run('directoryReset.resetPassword', FIXED_USERS.alainCharon);
    assert.equal(second.infos.filter((i) => /Roles could not be read/.test(i.message)).length, 0, 'said once');
    assert.ok(second.warnings.some((w) => /Reset the password/.test(w.message)));
  });
});
