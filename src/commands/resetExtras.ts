// The options that can go with a password reset (see ResetExtra): their words, the picker, the choice remembered for
// next time, and the extras that are their own requests (enable, unlock, sign-out everywhere), sent one by one only
// after the directory confirmed the reset. Each shows its own outcome on the profile page; none can hide the password.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError, isCancellation } from '../directory/errors';
import type { AccountAction, DirectoryUser } from '../directory/types';
import type { OpenDirectory } from '../directoryManager';
import { RESET_EXTRAS, type ResetExtra } from '../views/actionAvailability';
import { actionKey, doneMessage, sendWithProgress, sender, showConfirmedUser } from './accountAction';
import { actionWords } from './accountActionWords';
import type { CommandContext } from './commandContext';
import { MAX_NAME } from './commandTarget';

/** globalState key of the extras picked last time (their names only). */
export const REMEMBERED_EXTRAS_KEY = 'directoryReset.resetOptions';

/** The picker's line for an extra. */
export function extraLabel(extra: ResetExtra): string {
  switch (extra) {
    case 'requireMfa':
      return vscode.l10n.t('Require MFA before the new password');
    case 'enableAccount':
      return vscode.l10n.t('Also enable the account');
    case 'unlockAccount':
      return vscode.l10n.t('Also unlock the account');
    case 'revokeSessions':
      return vscode.l10n.t('Also sign out everywhere');
  }
}

/** The confirmation's sentence for an extra that will be done. */
export function extraSentence(extra: ResetExtra, name: string): string {
  switch (extra) {
    case 'requireMfa':
      return vscode.l10n.t('{0} must pass multi-factor authentication before choosing the new password.', name);
    case 'enableAccount':
      return vscode.l10n.t('Then the account is enabled, so {0} can sign in again.', name);
    case 'unlockAccount':
      return vscode.l10n.t('Then the lockout after failed sign-ins is cleared.');
    case 'revokeSessions':
      return vscode.l10n.t(
        'Then {0} is signed out of every app and device; it can take a few minutes to reach every app.',
        name,
      );
  }
}

/** What was picked last time, among the extras that fit this user now. */
export function rememberedExtras(state: vscode.Memento, available: readonly ResetExtra[]): ResetExtra[] {
  const kept = state.get<unknown>(REMEMBERED_EXTRAS_KEY);
  const names = Array.isArray(kept) ? kept : [];
  return available.filter((extra) => names.includes(extra));
}

/**
 * Asks which extras go with this reset (checked: the current choice) and remembers the answer. Extras that did not
 * fit this user keep their remembered value: unlocking is remembered for the next locked account.
 */
export async function pickExtras(
  state: vscode.Memento,
  available: readonly ResetExtra[],
  current: readonly ResetExtra[],
  name: string,
): Promise<ResetExtra[] | undefined> {
  const items = available.map((extra) => ({ label: extraLabel(extra), extra, picked: current.includes(extra) }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Reset Password: options for {0}', name),
    placeHolder: vscode.l10n.t('Pick what also happens with the reset (remembered for next time)'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const chosen = RESET_EXTRAS.filter((extra) => picked.some((item) => item.extra === extra));
  const kept = state.get<unknown>(REMEMBERED_EXTRAS_KEY);
  const others = (Array.isArray(kept) ? kept : []).filter(
    (n): n is ResetExtra => RESET_EXTRAS.includes(n as ResetExtra) && !available.includes(n as ResetExtra),
  );
  await state.update(REMEMBERED_EXTRAS_KEY, [...others, ...chosen]);
  return chosen;
}

/** The extras that are requests of their own, in the order they are sent. */
export function followUpActions(extras: readonly ResetExtra[]): AccountAction[] {
  return extras.filter((extra): extra is Exclude<ResetExtra, 'requireMfa'> => extra !== 'requireMfa');
}

/**
 * Sends each follow-up once the reset was confirmed, one request each, and shows each outcome on the profile page.
 * Returns the labels of those that did not end as done, for one message after them.
 */
export async function runFollowUps(
  ctx: CommandContext,
  directory: OpenDirectory,
  user: DirectoryUser,
  actions: readonly AccountAction[],
  ticket: string | undefined,
): Promise<string[]> {
  const name = displayText(user.displayName, MAX_NAME);
  const notDone: string[] = [];
  for (const action of actions) {
    const words = actionWords(action);
    const send = sender(directory.provider, action, undefined);
    const key = actionKey(action, directory.name, user.id);
    if (!send || ctx.actionsInProgress.has(key)) {
      notDone.push(words.label);
      ctx.history.refused(directory, user, action, send ? words.running(name) : undefined, ticket);
      ctx.profiles.showActionOutcome(directory.name, user.id, {
        action,
        status: 'failed',
        message: send ? words.running(name) : vscode.l10n.t('{0} cannot do this here.', directory.name),
        at: new Date(),
      });
      continue;
    }
    ctx.actionsInProgress.add(key);
    try {
      ctx.log.info(`${action} of ${user.id} in ${directory.name} with the reset: sending`);
      const result = await sendWithProgress(words.progress(name), send, user);
      await showConfirmedUser(ctx, directory, user.id, result);
      ctx.history.done(directory, user, action, {
        requestId: result.requestId,
        options: ['with=resetPassword'],
        ticket,
      });
      ctx.profiles.showActionOutcome(directory.name, user.id, {
        action,
        status: 'done',
        message: doneMessage(result, name),
        at: result.completedAt,
      });
    } catch (e) {
      notDone.push(words.label);
      ctx.history.failed(directory, user, action, e, ticket);
      const error = e instanceof DirectoryError ? e : undefined;
      // A cancel may come after the request left: the directory may or may not have acted.
      const cancelled = isCancellation(e);
      ctx.profiles.showActionOutcome(directory.name, user.id, {
        action,
        status: error?.kind === 'outcomeUnknown' || cancelled ? 'unknown' : 'failed',
        message: cancelled
          ? vscode.l10n.t(
              'Cancelled while it was being sent: {0} may or may not have done it. Open the user again to see.',
              directory.name,
            )
          : error
            ? error.fullMessage
            : e instanceof Error
              ? e.message
              : String(e),
        at: new Date(),
      });
      ctx.log.warn(`${action} of ${user.id} with the reset did not end as done: ${error?.kind ?? 'error'}`);
    } finally {
      ctx.actionsInProgress.delete(key);
    }
  }
  return notDone;
}
