// The flow every account action shares (Temporary Access Pass, Sign Out Everywhere, Enable, Disable, Unlock), in the
// reset's order: refuse what this directory cannot do before anything is asked; pick or take the user; re-read it
// from the directory; refuse what does not fit its state or what the provider's own check refuses; confirm in a modal
// naming user and directory; then one request, with progress and cancel. A second click while one is being read,
// confirmed or sent is never sent. The tree and the page change only with what the directory answered.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError, isCancellation } from '../directory/errors';
import type {
  AccountAction,
  ActionOptions,
  ActionResult,
  DirectoryProvider,
  DirectoryUser,
  TemporaryAccessPassResult,
} from '../directory/types';
import type { OpenDirectory } from '../directoryManager';
import { passOptions } from '../history/recorder';
import { stateMismatch } from '../views/actionAvailability';
import { actionWords, mismatchWords, whatWillHappen } from './accountActionWords';
import type { CommandContext } from './commandContext';
import { MAX_NAME, readUser, requireDirectory, targetUser, type CommandTarget } from './commandTarget';
import { pickUser } from './pickUser';
import { askTicket, ticketLine } from './ticketReference';
import { preflight } from './preflight';
import { temporaryAccessPassSettings, type TemporaryAccessPassSettings } from './temporaryAccessPassSettings';

export type Send = (user: DirectoryUser, options: ActionOptions) => Promise<ActionResult>;

export async function runAccountAction(
  ctx: CommandContext,
  action: AccountAction,
  target: CommandTarget,
): Promise<void> {
  const directory = requireDirectory(ctx);
  const words = actionWords(action);
  // Settings first: a wrong lifetime is said before anyone is picked or asked.
  const pass = action === 'issueTemporaryAccessPass' ? temporaryAccessPassSettings(ctx.manager) : undefined;
  const send = sender(directory.provider, action, pass);
  if (!send) {
    ctx.history.refused(directory, target?.user, action, directory.provider.capabilities.actionNotes?.[action]);
    await refuseUnsupported(directory, action);
    return;
  }
  const given = target
    ? targetUser(target, directory)
    : await pickUser(directory.provider, vscode.l10n.t('{0}: pick a user', words.label));
  if (!given) return;

  const key = actionKey(action, directory.name, given.id);
  if (ctx.actionsInProgress.has(key)) {
    void vscode.window.showInformationMessage(words.running(displayText(given.displayName, MAX_NAME)));
    return;
  }
  ctx.actionsInProgress.add(key);
  const node = ctx.tree.findNode(given.id);
  let sent = false;
  let user: DirectoryUser | undefined;
  let ticket: string | undefined;
  try {
    user = await readUser(directory, given.id);
    const name = displayText(user.displayName, MAX_NAME);
    const mismatch = stateMismatch(user, action);
    if (mismatch) {
      ctx.history.refused(directory, user, action, mismatchWords(mismatch, name));
      updateUser(ctx, directory, user); // what the directory just said is the state to show
      await vscode.window.showWarningMessage(mismatchWords(mismatch, name), {
        modal: true,
        detail: vscode.l10n.t('Nothing was sent to {0}.', directory.name),
      });
      return;
    }
    const preparation = (await directory.provider.prepareAction?.(user, action)) ?? { notes: [] };
    if (preparation.refusal) {
      ctx.history.refused(directory, user, action, preparation.refusal);
      await vscode.window.showWarningMessage(vscode.l10n.t('{0} is not possible for {1}.', words.label, name), {
        modal: true,
        detail: `${displayText(preparation.refusal, 600)}\n\n${vscode.l10n.t('Nothing was sent to {0}.', directory.name)}`,
      });
      return;
    }
    const access = action === 'unlockAccount' ? undefined : await preflight(ctx, directory, user, action);
    if (access?.refused) return;
    const asked = await askTicket(ctx.manager, vscode.l10n.t('{0}: ticket for {1}', words.label, name));
    if (!asked) {
      ctx.log.info(`${action} of ${user.id} cancelled at the ticket reference`);
      return;
    }
    ticket = asked.ticket;
    if (!(await confirm(directory, user, action, preparation.notes, pass, ticket, access?.roleLine))) {
      ctx.log.info(`${action} of ${user.id} cancelled at the confirmation`);
      return;
    }
    if (node) {
      node.resetting = true;
      ctx.tree.refreshNode(node);
    }
    ctx.log.info(`${action} of ${user.id} in ${directory.name}: sending`);
    sent = true;
    const result = await sendWithProgress(words.progress(name), send, user);
    ctx.log.info(
      `${action} of ${user.id} in ${directory.name}: confirmed by the directory${result.requestId ? ` (request-id ${displayText(result.requestId, 80)})` : ''}`,
    );
    ctx.history.done(directory, user, action, { requestId: result.requestId, options: passOptions(pass), ticket });
    await showDone(ctx, directory, user, result);
  } catch (e) {
    if (sent && user) ctx.history.failed(directory, user, action, e, ticket);
    // Only what was sent has an outcome; a cancel before the request left is silent (the wrapper says nothing).
    if (sent && user && !isCancellation(e)) {
      const error = e instanceof DirectoryError ? e : undefined;
      ctx.profiles.showActionOutcome(directory.name, user.id, {
        action,
        status: error?.kind === 'outcomeUnknown' ? 'unknown' : 'failed',
        message: error ? error.fullMessage : e instanceof Error ? e.message : String(e),
        at: new Date(),
      });
    }
    throw e;
  } finally {
    ctx.actionsInProgress.delete(key);
    // Redraw the row only when it spun: a redraw after Cancel would move the row under the person's pointer.
    if (node?.resetting) {
      node.resetting = false;
      ctx.tree.refreshNode(node);
    }
  }
}

/** The key of `action` on one user in actionsInProgress. Enable and disable share one: never both at once. */
export function actionKey(action: AccountAction, directoryName: string, userId: string): string {
  const group = action === 'enableAccount' || action === 'disableAccount' ? 'accountEnabled' : action;
  return `${group}:${directoryName}/${userId}`;
}

/** Sends one action with a cancellable progress notification; Cancel aborts the request. */
export function sendWithProgress(title: string, send: Send, user: DirectoryUser): Promise<ActionResult> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return send(user, { signal: abort.signal, onProgress: (message) => progress.report({ message }) });
      },
    ),
  );
}

/** What the directory confirmed, in plain words: the action done, and its note (sign-out: "a few minutes"). */
export function doneMessage(result: ActionResult, name: string): string {
  const note =
    result.note ??
    (result.action === 'revokeSessions' ? vscode.l10n.t('It can take a few minutes to reach every app.') : undefined);
  return [actionWords(result.action).done(name), note && displayText(note, 600)].filter(Boolean).join(' ');
}

/** The user as the directory has it after a change (carried by the result, or read again) in the tree and page. */
export async function showConfirmedUser(
  ctx: CommandContext,
  directory: OpenDirectory,
  userId: string,
  result: ActionResult,
): Promise<void> {
  const changesState = result.action !== 'revokeSessions';
  const confirmed = result.user ?? (changesState ? await reread(ctx, directory, userId) : undefined);
  if (confirmed) updateUser(ctx, directory, confirmed);
}

/** The provider's method for `action`, when the directory says it can do it and has the method. */
export function sender(
  provider: DirectoryProvider,
  action: AccountAction,
  pass: TemporaryAccessPassSettings | undefined,
): Send | undefined {
  if (!provider.capabilities.actions.includes(action)) return undefined;
  switch (action) {
    case 'issueTemporaryAccessPass':
      return provider.issueTemporaryAccessPass && pass
        ? (u, o) => provider.issueTemporaryAccessPass!(u, { ...o, ...pass })
        : undefined;
    case 'revokeSessions':
      return provider.revokeSessions?.bind(provider);
    case 'enableAccount':
    case 'disableAccount':
      return provider.setAccountEnabled
        ? (u, o) => provider.setAccountEnabled!(u, action === 'enableAccount', o)
        : undefined;
    case 'unlockAccount':
      return provider.unlockAccount?.bind(provider);
  }
}

/** This directory cannot do `action`: say why (its own note, e.g. Entra ID's smart lockout) instead of offering it. */
async function refuseUnsupported(directory: OpenDirectory, action: AccountAction): Promise<void> {
  const capabilities = directory.provider.capabilities;
  const note = capabilities.actionNotes?.[action];
  await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} is not available in {1}.', actionWords(action).label, directory.name),
    {
      modal: true,
      detail: note
        ? displayText(note, 600)
        : vscode.l10n.t(
            "{0} does not offer this action here. Use the directory's own tools for it.",
            capabilities.kindLabel,
          ),
    },
  );
}

async function confirm(
  directory: OpenDirectory,
  user: DirectoryUser,
  action: AccountAction,
  notes: readonly string[],
  pass: TemporaryAccessPassSettings | undefined,
  ticket: string | undefined,
  roleLine: string | undefined,
): Promise<boolean> {
  const words = actionWords(action);
  const name = displayText(user.displayName, MAX_NAME);
  const upn = displayText(user.signInName || user.mail || user.id, MAX_NAME);
  const button = { title: words.confirm };
  const detail = [
    [vscode.l10n.t('Directory: {0}', directory.name), ...ticketLine(ticket), ...(roleLine ? [roleLine] : [])].join(
      '\n',
    ),
    ...notes.map((n) => displayText(n, 600)),
    whatWillHappen(action, name, pass),
  ].join('\n\n');
  const answer = await vscode.window.showWarningMessage(words.question(name, upn), { modal: true, detail }, button);
  return answer?.title === button.title;
}

/** The directory confirmed: the tree, the page and a message say so, with what the directory answered. */
async function showDone(
  ctx: CommandContext,
  directory: OpenDirectory,
  user: DirectoryUser,
  result: ActionResult,
): Promise<void> {
  const name = displayText(user.displayName, MAX_NAME);
  const message = doneMessage(result, name);
  vscode.window.setStatusBarMessage(`$(check) ${actionWords(result.action).done(name)}`, 8000);
  if (isPass(result)) {
    ctx.profiles.showTemporaryAccessPass(directory.provider, user, result, message);
    return;
  }
  await showConfirmedUser(ctx, directory, user.id, result);
  ctx.profiles.showActionOutcome(directory.name, user.id, {
    action: result.action,
    status: 'done',
    message,
    at: result.completedAt,
  });
  void vscode.window.showInformationMessage(message);
}

function isPass(result: ActionResult): result is TemporaryAccessPassResult {
  return result.action === 'issueTemporaryAccessPass';
}

/** The user as the directory has it after the change; undefined (and the tree unchanged) when it cannot be read. */
async function reread(ctx: CommandContext, directory: OpenDirectory, id: string): Promise<DirectoryUser | undefined> {
  try {
    return await directory.provider.getUser(id);
  } catch (e) {
    ctx.log.warn(`Could not read ${id} again after the change: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Shows `user` (as the directory answered it) in the tree row and on an open profile page. */
export function updateUser(ctx: CommandContext, directory: OpenDirectory, user: DirectoryUser): void {
  const node = ctx.tree.findNode(user.id);
  if (node && node.directoryName === directory.name) {
    node.user = user;
    ctx.tree.refreshNode(node);
  }
  ctx.profiles.get(directory.name, user.id)?.setUser(user);
}
