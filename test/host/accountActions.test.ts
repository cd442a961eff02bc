// The account actions' commands inside a real VS Code, above a fake directory (test/support/fakeActionDirectory.ts):
// nothing is sent before the confirmation or on Cancel, one request per action, a second click sends nothing, every
// refusal is said before any request, "outcome unknown" is shown as unknown, the tree and the page change only with
// what the directory answered, the pass reaches the page (and the clipboard on request) but never the log, and the
// tree's contextValues open exactly the menu items package.json's when-clauses promise.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runAccountAction } from '../../src/commands/accountAction';
import type { CommandContext } from '../../src/commands/commandContext';
import { registerCommand } from '../../src/commands/runCommand';
import { DirectoryError } from '../../src/directory/errors';
import type { AccountAction, DirectoryUser } from '../../src/directory/types';
import { UserNode } from '../../src/views/nodes';
import { ProfilePanels } from '../../src/webviews/profile/profilePanels';
import type { HostMessage, OutcomesMessage } from '../../src/webviews/profile/protocol';
import { FAKE_PASS, FakeActionDirectory } from '../support/fakeActionDirectory';
import { stubWarnings, type WarningStub } from '../support/vscodeStubs';

const RUN = 'directoryResetTest.runAccountAction';

const ada: DirectoryUser = {
  id: 'u-ada',
  displayName: 'Ada Lovelace',
  signInName: 'ada@contoso.example',
  source: 'cloud',
  accountEnabled: true,
  locked: false,
};
const bert: DirectoryUser = {
  id: 'u-bert',
  displayName: 'Bert Locked',
  signInName: 'bert@contoso.example',
  source: 'cloud',
  accountEnabled: false,
  locked: true,
};

/** A LogOutputChannel that keeps every line it is given. */
function recordingChannel(): { lines: string[]; channel: vscode.LogOutputChannel } {
  const lines: string[] = [];
  const keep = (...args: unknown[]) =>
    lines.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '));
  const channel = {
    name: 'Directory Reset (test)',
    logLevel: vscode.LogLevel.Trace,
    onDidChangeLogLevel: () => ({ dispose() {} }),
    trace: keep,
    debug: keep,
    info: keep,
    warn: keep,
    error: keep,
    append: keep,
    appendLine: keep,
    replace: keep,
    clear() {},
    show() {},
    hide() {},
    dispose() {},
  };
  return { lines, channel: channel };
}

/** Replaces vscode.window[name] until restore(); records the first argument of every call. */
function stubWindow(name: 'showInformationMessage' | 'showErrorMessage' | 'setStatusBarMessage') {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  const messages: string[] = [];
  window[name] = (message: string) => {
    messages.push(message);
    return name === 'setStatusBarMessage' ? { dispose() {} } : Promise.resolve(undefined);
  };
  return { messages, restore: () => (window[name] = original) };
}

/** Answers a confirmation with its one button, after checking that nothing was sent yet. */
const confirming =
  (directory: FakeActionDirectory, sentAtConfirmation: number[]): WarningStub =>
  async (_m, _o, ...items) => {
    sentAtConfirmation.push(directory.sent.length);
    return items[0];
  };
const cancelling: WarningStub = async () => undefined;

function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('Account actions (commands, tree, page) in a real VS Code', function () {
  this.timeout(20_000);

  const extensionUri =
    vscode.extensions.getExtension('directory-reset.directory-password-reset')?.extensionUri ??
    vscode.Uri.file(path.resolve(__dirname, '../../..'));
  let directory: FakeActionDirectory;
  let ctx: CommandContext;
  let panels: ProfilePanels;
  let log: ReturnType<typeof recordingChannel>;
  let settings: Record<string, unknown>;
  let nodes: UserNode[];
  let registration: vscode.Disposable;
  let info: ReturnType<typeof stubWindow>;
  let errors: ReturnType<typeof stubWindow>;
  let statusBar: ReturnType<typeof stubWindow>;
  /** What the flow handed the History: [result, directory, user, action, details or reason, ticket]. */
  let recorded: unknown[][];

  /** Runs the action through the same error wrapper as the real commands (errors are shown, not thrown). */
  async function run(action: AccountAction, user: DirectoryUser, answer: WarningStub) {
    const warnings = stubWarnings(answer);
    try {
      await vscode.commands.executeCommand(RUN, action, node(user.id));
    } finally {
      warnings.restore();
    }
    return warnings.calls;
  }

  const node = (id: string) => nodes.find((n) => n.user.id === id)!;

  before(() => {
    // The handler reads `ctx` at call time: each test builds its own.
    registration = registerCommand(recordingProxy(), RUN, (action: AccountAction, target: UserNode) =>
      runAccountAction(ctx, action, target),
    );
  });
  after(() => registration.dispose());

  /** The wrapper's log is the test's recording channel of the moment. */
  function recordingProxy(): vscode.LogOutputChannel {
    return new Proxy({} as vscode.LogOutputChannel, {
      get: (_t, key) => (log.channel as unknown as Record<string | symbol, unknown>)[key],
    });
  }

  beforeEach(() => {
    directory = new FakeActionDirectory([ada, bert]);
    recorded = [];
    log = recordingChannel();
    settings = {};
    panels = new ProfilePanels(extensionUri, log.channel);
    nodes = [...directory.users.values()].map((u) => new UserNode(u, directory.name, directory.capabilities));
    ctx = {
      manager: {
        current: { name: directory.name, provider: directory, isDemo: false },
        setting: (key: string, fallback: unknown) => (key in settings ? settings[key] : fallback),
      },
      tree: {
        findNode: (id: string) => nodes.find((n) => n.user.id === id),
        refreshNode: () => undefined,
      },
      treeView: undefined,
      profiles: panels,
      log: log.channel,
      resetsInProgress: new Set<string>(),
      actionsInProgress: new Set<string>(),
      history: {
        refused: (...a: unknown[]) => recorded.push(['refused', ...a]),
        done: (...a: unknown[]) => recorded.push(['done', ...a]),
        failed: (...a: unknown[]) => recorded.push(['failed', ...a]),
      },
    } as unknown as CommandContext;
    info = stubWindow('showInformationMessage');
    errors = stubWindow('showErrorMessage');
    statusBar = stubWindow('setStatusBarMessage');
  });
  afterEach(() => {
    info.restore();
    errors.restore();
    statusBar.restore();
    panels.dispose();
  });

  it('ticket reference "required": asked before the confirmation, checked against the pattern as typed, named in the confirmation, kept in the History; Escape sends nothing', async () => {
    settings.ticketReference = 'required';
    settings.ticketPattern = '^INC\\d{7}$';
    const asked: vscode.InputBoxOptions[] = [];
    let answer: string | undefined = undefined;
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showInputBox;
    window.showInputBox = async (o: vscode.InputBoxOptions) => {
      asked.push(o);
      assert.equal(directory.sent.length, 0, 'nothing sent while the ticket is asked');
      return answer;
    };
    try {
      const cancelled = await run('revokeSessions', ada, confirming(directory, []));
      assert.equal(asked.length, 1);
      assert.equal(cancelled.length, 0, 'Escape at the ticket: no confirmation');
      assert.equal(directory.sent.length, 0, 'Escape at the ticket: nothing sent');

      const check = async (v: string) => {
        const problem = await asked[0].validateInput!(v);
        return typeof problem === 'string' ? problem : problem?.message;
      };
      assert.match((await check('')) ?? '', /required/);
      assert.match((await check('INC12')) ?? '', /does not match the ticket pattern \^INC\\d\{7\}\$/);
      assert.match((await check('INC0001234\u202e')) ?? '', /visible characters/);
      assert.equal(await check('INC0001234'), undefined);

      answer = ' INC0001234 ';
      const calls = await run('revokeSessions', ada, confirming(directory, []));
      assert.match(calls[0].detail ?? '', /Ticket: INC0001234/);
      assert.equal(directory.sent.length, 1);
      const done = recorded.find((r) => r[0] === 'done')!;
      assert.equal((done[4] as { ticket?: string }).ticket, 'INC0001234', 'kept in the History, trimmed');
    } finally {
      window.showInputBox = original;
    }
  });

  it('ticket reference: a pattern that is not a regular expression is refused in plain words before anything is asked', async () => {
    settings.ticketReference = 'optional';
    settings.ticketPattern = '^INC(';
    const calls = await run('revokeSessions', ada, confirming(directory, []));
    assert.equal(calls.length, 0);
    assert.equal(directory.sent.length, 0);
    assert.match(errors.messages.join(' '), /directoryReset\.ticketPattern .* not a regular expression/);
  });

  it('sends nothing before the confirmation and nothing on Cancel, for every action', async () => {
    const cases: Array<[AccountAction, DirectoryUser]> = [
      ['issueTemporaryAccessPass', ada],
      ['revokeSessions', ada],
      ['disableAccount', ada],
      ['enableAccount', bert],
      ['unlockAccount', bert],
    ];
    for (const [action, user] of cases) {
      const calls = await run(action, user, async (...args) => {
        assert.equal(directory.sent.length, 0, `${action}: nothing is sent while the modal is open`);
        return cancelling(...args);
      });
      assert.equal(calls.length, 1, `${action}: one confirmation`);
      assert.equal(directory.sent.length, 0, `${action}: nothing sent on Cancel`);
    }
    assert.deepEqual(errors.messages, []);
    assert.ok(log.lines.some((l) => l.includes('cancelled at the confirmation')));
  });

  it('sends exactly one request per confirmed action, with the settings of the pass', async () => {
    const sentAtConfirmation: number[] = [];
    settings['temporaryAccessPass.lifetimeInMinutes'] = 480;
    settings['temporaryAccessPass.isUsableOnce'] = false;
    await run('issueTemporaryAccessPass', ada, confirming(directory, sentAtConfirmation));
    await run('revokeSessions', ada, confirming(directory, sentAtConfirmation));
    await run('unlockAccount', bert, confirming(directory, sentAtConfirmation));
    await run('enableAccount', bert, confirming(directory, sentAtConfirmation));
    await run('disableAccount', ada, confirming(directory, sentAtConfirmation));
    assert.deepEqual(errors.messages, []);
    assert.deepEqual(sentAtConfirmation, [0, 1, 2, 3, 4], 'each request is sent only after its own confirmation');
    assert.deepEqual(directory.sent, [
      { action: 'issueTemporaryAccessPass', userId: 'u-ada', lifetimeInMinutes: 480, isUsableOnce: false },
      { action: 'revokeSessions', userId: 'u-ada' },
      { action: 'unlockAccount', userId: 'u-bert' },
      { action: 'enableAccount', userId: 'u-bert', enabled: true },
      { action: 'disableAccount', userId: 'u-ada', enabled: false },
    ]);
    assert.ok(info.messages.some((m) => /signed out everywhere\. It can take a few minutes/.test(m)));
  });

  it('names user, directory, the provider notes and what will happen in the confirmation', async () => {
    directory.preparation = { notes: ['The Temporary Access Pass that Ada Lovelace has now will be replaced.'] };
    const calls = await run('issueTemporaryAccessPass', ada, cancelling);
    assert.equal(calls[0].message, 'Issue a Temporary Access Pass for Ada Lovelace (ada@contoso.example)?');
    assert.match(calls[0].detail ?? '', /Directory: Contoso/);
    assert.match(calls[0].detail ?? '', /that Ada Lovelace has now will be replaced/);
    assert.match(calls[0].detail ?? '', /works for 60 minutes from now, for one sign-in/);
    assert.equal(directory.prepareCalls, 1);
    assert.equal(directory.getUserCalls, 1, 'the user was read again before the confirmation');
  });

  it('never sends a second request for a second click while the first one runs', async () => {
    let release!: () => void;
    directory.hold = new Promise<void>((r) => (release = r));
    const warnings = stubWarnings(async (_m, _o, ...items) => items[0]);
    try {
      const first = vscode.commands.executeCommand(RUN, 'revokeSessions', node(ada.id));
      await until('the first request', () => directory.sent.length === 1);
      assert.equal(node(ada.id).resetting, true, 'the row shows a spinner meanwhile');
      await vscode.commands.executeCommand(RUN, 'revokeSessions', node(ada.id));
      assert.ok(info.messages.some((m) => m === 'Signing Ada Lovelace out everywhere is already in progress.'));
      release();
      await first;
      assert.equal(warnings.calls.length, 1, 'the second click was not even asked');
    } finally {
      warnings.restore();
    }
    assert.equal(directory.sent.length, 1);
    assert.equal(node(ada.id).resetting, false);
  });

  it('refuses before any request what the directory cannot do, with its own note (Entra ID unlock)', async () => {
    const note = 'Microsoft Entra ID has no administrator unlock: a password reset clears its smart lockout.';
    directory.capabilities = {
      ...directory.capabilities,
      actions: ['issueTemporaryAccessPass', 'revokeSessions', 'enableAccount', 'disableAccount'],
      actionNotes: { unlockAccount: note },
    };
    const calls = await run('unlockAccount', bert, cancelling);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].message, 'Unlock Account is not available in Contoso.');
    assert.equal(calls[0].detail, note);
    assert.equal(directory.getUserCalls, 0, 'not even a read');
    assert.equal(directory.sent.length, 0);
  });

  it("refuses what does not fit the user's state as the directory has it now, and what prepareAction refuses", async () => {
    // The tree still thinks Ada is disabled; the directory says she is enabled.
    node(ada.id).user = { ...ada, accountEnabled: false };
    let calls = await run('enableAccount', ada, confirming(directory, []));
    assert.equal(calls[0].message, 'The account of Ada Lovelace is already enabled.');
    assert.equal(calls[0].detail, 'Nothing was sent to Contoso.');
    assert.equal(node(ada.id).user.accountEnabled, true, "the row now shows the directory's state");

    calls = await run('unlockAccount', ada, confirming(directory, []));
    assert.equal(calls[0].message, 'The account of Ada Lovelace is not locked.');

    directory.preparation = { refusal: 'Guests cannot get a Temporary Access Pass.', notes: [] };
    calls = await run('issueTemporaryAccessPass', ada, confirming(directory, []));
    assert.equal(calls[0].message, 'Issue Temporary Access Pass is not possible for Ada Lovelace.');
    assert.match(
      calls[0].detail ?? '',
      /^Guests cannot get a Temporary Access Pass\.\n\nNothing was sent to Contoso\.$/,
    );
    assert.equal(directory.sent.length, 0);
  });

  it('refuses a pass lifetime outside 10 to 43,200 minutes with the setting named, before anything is asked', async () => {
    for (const value of [5, 43_201, 60.5, '60']) {
      settings['temporaryAccessPass.lifetimeInMinutes'] = value;
      const calls = await run('issueTemporaryAccessPass', ada, confirming(directory, []));
      assert.equal(calls.length, 0, `${String(value)}: no confirmation`);
    }
    settings['temporaryAccessPass.lifetimeInMinutes'] = 60;
    settings['temporaryAccessPass.isUsableOnce'] = 'yes';
    await run('issueTemporaryAccessPass', ada, confirming(directory, []));
    assert.equal(errors.messages.length, 5);
    assert.match(
      errors.messages[0],
      /directoryReset\.temporaryAccessPass\.lifetimeInMinutes is 5, .* from 10 to 43200/,
    );
    assert.match(errors.messages[4], /isUsableOnce is "yes", but it must be true or false/);
    assert.equal(directory.getUserCalls, 0);
    assert.equal(directory.sent.length, 0);
  });

  it('shows "outcome unknown" as unknown: the error, the page, and no done message or change in the tree', async () => {
    const panel = panels.show(directory, bert);
    await panel.whenLoaded();
    const posted: HostMessage[] = [];
    panel.onDidPostMessage((m) => posted.push(m));
    await panel.handleMessage({ type: 'ready' });
    directory.failNext = new DirectoryError(
      'outcomeUnknown',
      'The connection dropped while the change was on its way. It is unknown whether the account of Bert Locked was enabled.',
      'Refresh the Directory view to see its state before trying again.',
    );
    await run('enableAccount', bert, confirming(directory, []));
    assert.equal(directory.sent.length, 1);
    assert.equal(errors.messages.length, 1);
    assert.match(errors.messages[0], /It is unknown whether the account of Bert Locked was enabled/);
    assert.deepEqual(info.messages, [], 'nothing says it was done');
    assert.deepEqual(statusBar.messages, []);
    assert.equal(node(bert.id).user.accountEnabled, false, 'the tree keeps what the directory last confirmed');
    const outcomes = posted.filter((m): m is OutcomesMessage => m.type === 'outcomes').at(-1);
    assert.equal(outcomes?.outcomes.length, 1);
    assert.equal(outcomes?.outcomes[0].status, 'unknown');
    assert.equal(outcomes?.outcomes[0].label, 'Enable Account');
    assert.match(outcomes?.outcomes[0].message ?? '', /unknown whether .* Refresh the Directory view/);
  });

  it('a refusal of the directory (403) is a failed outcome with its reason; the tree is unchanged', async () => {
    const panel = panels.show(directory, ada);
    await panel.whenLoaded();
    const posted: HostMessage[] = [];
    panel.onDidPostMessage((m) => posted.push(m));
    await panel.handleMessage({ type: 'ready' });
    directory.failNext = new DirectoryError(
      'forbidden',
      'You may not disable this account.',
      'Ask for the User Administrator role.',
    );
    await run('disableAccount', ada, confirming(directory, []));
    assert.equal(node(ada.id).user.accountEnabled, true);
    const outcome = posted.filter((m): m is OutcomesMessage => m.type === 'outcomes').at(-1)?.outcomes[0];
    assert.equal(outcome?.status, 'failed');
    assert.equal(outcome?.message, 'You may not disable this account. Ask for the User Administrator role.');
    assert.equal(errors.messages[0], 'You may not disable this account. Ask for the User Administrator role.');
  });

  it('changes the tree row and the page only once the directory confirmed (read back, or read again)', async () => {
    let release!: () => void;
    directory.hold = new Promise<void>((r) => (release = r));
    directory.readBack = false;
    const warnings = stubWarnings(async (_m, _o, ...items) => {
      assert.equal(node(bert.id).user.accountEnabled, false, 'unchanged at the confirmation');
      return items[0];
    });
    try {
      const done = vscode.commands.executeCommand(RUN, 'enableAccount', node(bert.id));
      await until('the request', () => directory.sent.length === 1);
      assert.equal(node(bert.id).user.accountEnabled, false, 'unchanged while the request runs');
      release();
      await done;
    } finally {
      warnings.restore();
    }
    assert.equal(directory.getUserCalls, 2, 'read before the confirmation, and again after the change');
    const item = node(bert.id).toTreeItem();
    assert.equal(node(bert.id).user.accountEnabled, true);
    assert.match(String(item.contextValue), /:can-disableAccount/);
    assert.doesNotMatch(String(item.contextValue), /:can-enableAccount/);
    assert.ok(info.messages.includes('The account of Bert Locked is enabled.'));
  });

  it('puts the pass on the page (after ready), copies it on request, drops it on close, and never logs it', async () => {
    await run('issueTemporaryAccessPass', ada, confirming(directory, []));
    const panel = panels.get('Contoso', ada.id);
    assert.ok(panel, 'the profile page opened');
    assert.equal(panel.hasTemporaryAccessPass, true);
    const posted: HostMessage[] = [];
    panel.onDidPostMessage((m) => posted.push(m));
    await panel.handleMessage({ type: 'ready' });
    const pass = posted.find((m) => m.type === 'pass');
    assert.deepEqual(pass, {
      type: 'pass',
      pass: FAKE_PASS,
      startDateTime: '2026-01-02T03:04:00.000Z',
      endDateTime: '2026-01-02T04:04:00.000Z',
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    const outcome = posted.filter((m): m is OutcomesMessage => m.type === 'outcomes').at(-1)?.outcomes[0];
    assert.equal(outcome?.status, 'done');
    assert.equal(outcome?.message, 'Temporary Access Pass issued for Ada Lovelace.');

    await vscode.env.clipboard.writeText('before');
    await panel.handleMessage({ type: 'copyPass', pass: 'from the page' });
    assert.equal(await vscode.env.clipboard.readText(), FAKE_PASS);
    assert.ok(posted.some((m) => m.type === 'copied' && m.what === 'pass'));
    await vscode.env.clipboard.writeText('');

    // A second issue whose outcome is unknown: the old pass may have been replaced, so it leaves the page.
    directory.failNext = new DirectoryError('outcomeUnknown', 'No answer. It is unknown whether a pass was made.', '');
    await run('issueTemporaryAccessPass', ada, confirming(directory, []));
    assert.equal(panel.hasTemporaryAccessPass, false);
    assert.ok(posted.some((m) => m.type === 'passCleared'));

    await run('issueTemporaryAccessPass', ada, confirming(directory, []));
    assert.equal(panel.hasTemporaryAccessPass, true);
    panel.dispose();
    assert.equal(panel.hasTemporaryAccessPass, false, 'gone when the page closes');

    assert.ok(log.lines.length > 3, 'the log was written to');
    assert.deepEqual(
      log.lines.filter((l) => l.includes(FAKE_PASS)),
      [],
      'the pass never reaches the log',
    );
  });

  it('offers on the page only the actions that fit, and ignores actions the page makes up', async () => {
    const panel = panels.show(directory, bert);
    await panel.whenLoaded();
    const posted: HostMessage[] = [];
    panel.onDidPostMessage((m) => posted.push(m));
    await panel.handleMessage({ type: 'ready' });
    const profile = posted.find((m) => m.type === 'profile');
    assert.ok(profile?.type === 'profile');
    assert.deepEqual(
      profile.actions.map((a) => a.action),
      ['issueTemporaryAccessPass', 'revokeSessions', 'enableAccount', 'unlockAccount'],
    );
    assert.equal(profile.user.locked, true);
    for (const msg of [
      { type: 'runAction' },
      { type: 'runAction', action: 'deleteUser' },
      { type: 'runAction', action: 1 },
    ]) {
      await panel.handleMessage(msg);
    }
    assert.equal(directory.getUserCalls, 1, 'nothing ran (only the page read the profile)');
  });

  describe('the tree context menu', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionUri.fsPath, 'package.json'), 'utf8')) as {
      contributes: { menus: { 'view/item/context': Array<{ command: string; when: string }> } };
    };
    /** The commands whose `viewItem =~ /.../` when-clause matches `contextValue`. */
    const menuFor = (contextValue: string) =>
      manifest.contributes.menus['view/item/context']
        .filter((m) => {
          const re = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(m.when)?.[1];
          return re !== undefined && new RegExp(re).test(contextValue);
        })
        .map((m) => m.command.replace('directoryReset.', ''));
    const contextValueOf = (user: DirectoryUser, d = directory) =>
      String(new UserNode(user, d.name, d.capabilities).toTreeItem().contextValue);

    it('shows Disable on an enabled account, Enable and Unlock on a disabled locked one, with the reset kept', () => {
      assert.deepEqual(
        [...new Set(menuFor(contextValueOf(ada)))],
        ['resetPassword', 'issueTemporaryAccessPass', 'revokeSessions', 'disableAccount', 'openProfile'],
      );
      assert.deepEqual(
        [...new Set(menuFor(contextValueOf(bert)))],
        [
          'resetPassword',
          'issueTemporaryAccessPass',
          'revokeSessions',
          'enableAccount',
          'unlockAccount',
          'openProfile',
        ],
      );
      assert.match(contextValueOf(ada), /^user:member(:|$)/);
      assert.match(contextValueOf(bert), /^user:disabled:locked:/);
    });

    it('shows none of the actions the directory cannot do, and the reset as before without capabilities', () => {
      directory.capabilities = { ...directory.capabilities, actions: ['revokeSessions'] };
      assert.deepEqual([...new Set(menuFor(contextValueOf(bert)))], ['resetPassword', 'revokeSessions', 'openProfile']);
      assert.equal(String(new UserNode(ada, 'Contoso').toTreeItem().contextValue), 'user:member');
    });

    it('marks disabled and locked rows in the description and the icon', () => {
      const item = new UserNode(bert, 'Contoso', directory.capabilities).toTreeItem();
      assert.equal(item.description, 'bert@contoso.example · disabled, locked');
      const locked = new UserNode({ ...ada, locked: true }, 'Contoso').toTreeItem();
      assert.equal((locked.iconPath as vscode.ThemeIcon).id, 'lock');
      assert.equal(locked.description, 'ada@contoso.example · locked');
      assert.equal(new UserNode(ada, 'Contoso').toTreeItem().description, 'ada@contoso.example');
    });
  });
});
