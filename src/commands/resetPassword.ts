// Directory: Reset Password... — from the palette (pick a user), a user's context menu, or the profile page.
// Order matters: read the user from the directory (never trust the user object the command is handed), refuse
// what cannot work, confirm in a modal naming user and directory, then reset with progress; a second reset of the
// same user while one is being read, confirmed or running is never sent.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import type { DirectoryUser } from '../directory/types';
import type { OpenDirectory } from '../directoryManager';
import { resetOptions } from '../history/recorder';
import { resetExtrasFor, type ResetExtra } from '../views/actionAvailability';
import type { CommandContext } from './commandContext';
import { MAX_NAME, readUser, requireDirectory, targetUser, type CommandTarget } from './commandTarget';
import { pickUser } from './pickUser';
import { preflight } from './preflight';
import { askTicket, ticketLine } from './ticketReference';
import { extraSentence, followUpActions, pickExtras, rememberedExtras, runFollowUps } from './resetExtras';

/** What the command accepts: a tree node, or {directoryName, user} from the profile page. */
export type ResetTarget = CommandTarget;

/** The confirmation's button (localised: compare with resetButton(), not with a literal). */
export const resetButton = (): string => vscode.l10n.t('Reset Password');

/** The confirmation's second button: pick the options that go with the reset, then confirm again. */
export const optionsButton = (): string => vscode.l10n.t('Options...');

export async function resetPassword(ctx: CommandContext, target: ResetTarget): Promise<void> {
  const directory = requireDirectory(ctx);
  const given = target
    ? targetUser(target, directory)
    : await pickUser(directory.provider, vscode.l10n.t('Reset Password: pick a user'));
  if (!given) return;

  const key = `${directory.name}/${given.id}`;
  if (ctx.resetsInProgress.has(key)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('A password reset for {0} is already in progress.', displayText(given.displayName, MAX_NAME)),
    );
    return;
  }
  ctx.resetsInProgress.add(key);
  const node = ctx.tree.findNode(given.id);
  let sentTo: { user: DirectoryUser; ticket?: string } | undefined;
  try {
    // What the command was handed (a tree node, the profile page's form, any other caller) only says which user:
    // the confirmation and the refusal are decided on the directory's own copy, read now, and the reset goes to it.
    const user = await readUser(directory, given.id);
    // Names come from the directory: shown as bounded plain text that cannot reorder itself (U+202E...).
    const name = displayText(user.displayName, MAX_NAME);

    if (user.resetRefusal) {
      ctx.history.refused(directory, user, 'resetPassword', user.resetRefusal);
      await vscode.window.showWarningMessage(vscode.l10n.t('The password of {0} cannot be reset here.', name), {
        modal: true,
        detail: displayText(user.resetRefusal, 600),
      });
      return;
    }

    const access = await preflight(ctx, directory, user, 'resetPassword');
    if (access.refused) return;
    const asked = await askTicket(ctx.manager, vscode.l10n.t('Reset Password: ticket for {0}', name));
    if (!asked) {
      ctx.log.info(`Reset of ${user.id} cancelled at the ticket reference`);
      return;
    }
    const ticket = asked.ticket;
    // The options remembered from last time that fit this user; "Options..." in the modal changes them.
    const available = resetExtrasFor(user, directory.provider.capabilities);
    let extras = rememberedExtras(ctx.state, available);
    for (;;) {
      const answer = await confirm(directory, user, extras, available.length > 0, ticket, access.roleLine);
      if (answer === 'reset') break;
      const picked = answer === 'options' ? await pickExtras(ctx.state, available, extras, name) : undefined;
      if (!picked) {
        ctx.log.info(`Reset of ${user.id} cancelled at the confirmation`);
        return;
      }
      extras = picked;
    }
    const followUps = followUpActions(extras);
    if (node) {
      node.resetting = true;
      ctx.tree.refreshNode(node);
    }
    ctx.log.info(`Resetting the password of ${user.id} in ${directory.name}`);
    sentTo = { user, ticket };
    const result = await vscode.window
      .withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Resetting the password of {0}', name),
          cancellable: true,
        },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return directory.provider.resetPassword(user, {
            signal: abort.signal,
            onProgress: (message) => progress.report({ message }),
            ...(extras.includes('requireMfa') ? { requireMfa: true } : {}),
          });
        },
      )
      .then(undefined, (e: unknown) => {
        // Nothing else goes out after a reset that failed or whose outcome is unknown: say so, not silently.
        if (followUps.length > 0) {
          void vscode.window.showWarningMessage(
            vscode.l10n.t('The reset of {0} did not go through, so nothing else was sent.', name),
          );
        }
        throw e;
      });
    ctx.log.info(
      `Password of ${user.id} reset (${result.method}${result.mustChangeAtNextSignIn ? ', must change at next sign-in' : ', NOT forced to change it at next sign-in'})`,
    );
    ctx.history.done(directory, user, 'resetPassword', {
      options: [...resetOptions(result.method, result.mustChangeAtNextSignIn), ...extras.map((e) => `with=${e}`)],
      ticket,
    });
    sentTo = undefined; // recorded as done: nothing after this is the reset's failure
    ctx.profiles.showResetResult(directory.provider, user, result);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Password reset for {0}', name)}`, 8000);
    // The password is on the page already: a follow-up that fails adds its own outcome, it never takes that away.
    const notDone = await runFollowUps(ctx, directory, user, followUps, ticket);
    if (notDone.length > 0) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'The password of {0} was reset, but this did not end as done: {1}. The profile page says why.',
          name,
          notDone.join(', '),
        ),
      );
    }
    if (!result.mustChangeAtNextSignIn && result.mustChangeNote) {
      // The profile page shows the password; this says plainly, once, what the directory will not do.
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'The password of {0} was reset, but {0} will NOT be made to change it at next sign-in. {1} Ask them to change it themselves. To have the directory force it: {2}',
          name,
          displayText(result.mustChangeNote.why, 600),
          displayText(result.mustChangeNote.nextStep, 600),
        ),
      );
    }
  } catch (e) {
    if (sentTo) ctx.history.failed(directory, sentTo.user, 'resetPassword', e, sentTo.ticket);
    throw e;
  } finally {
    ctx.resetsInProgress.delete(key);
    if (node) {
      node.resetting = false;
      ctx.tree.refreshNode(node);
    }
  }
}

async function confirm(
  directory: OpenDirectory,
  user: DirectoryUser,
  extras: readonly ResetExtra[],
  offerOptions: boolean,
  ticket: string | undefined,
  roleLine: string | undefined,
): Promise<'reset' | 'options' | undefined> {
  const name = displayText(user.displayName, MAX_NAME);
  const upn = displayText(user.signInName || user.mail || user.id, MAX_NAME);
  const capabilities = directory.provider.capabilities;
  const button = { title: resetButton() };
  const options = { title: optionsButton() };
  const withExtras = extras.length > 0 ? `\n\n${extras.map((e) => extraSentence(e, name)).join('\n')}` : '';
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Reset the password of {0} ({1})?', name, upn),
    {
      modal: true,
      detail:
        `${[vscode.l10n.t('Directory: {0}', directory.name), ...ticketLine(ticket), ...(roleLine ? [roleLine] : [])].join('\n')}\n\n` +
        `${vscode.l10n.t('A temporary password will be generated.')} ${
          !capabilities.forcesChangeAtNextSignIn
            ? vscode.l10n.t(
                '{0} cannot make {1} change it at next sign-in; ask them to change it.',
                capabilities.kindLabel,
                name,
              )
            : capabilities.confirmsChangeAfterReset
              ? vscode.l10n.t(
                  'The directory is asked to make {0} change it at next sign-in; after the reset the extension reads back whether it will and tells you.',
                  name,
                )
              : vscode.l10n.t('{0} must change it at next sign-in.', name)
        } ` +
        vscode.l10n.t('Their current password stops working at once.') +
        withExtras,
    },
    ...(offerOptions ? [button, options] : [button]),
  );
  return answer?.title === button.title ? 'reset' : answer?.title === options.title ? 'options' : undefined;
}
