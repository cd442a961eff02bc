// What a person reads about each account action: its name, the confirmation's question, what will happen, the
// button, the progress and the result. One table, so the commands, the profile page and the tests use the same words.
// `name` is always the user's display name already made plain (displayText).
import * as vscode from 'vscode';
import type { AccountAction } from '../directory/types';
import type { StateMismatch } from '../views/actionAvailability';

export interface ActionWords {
  /** The action's name on a button or in a list, e.g. "Sign Out Everywhere". */
  readonly label: string;
  /** The modal's question. {name} ({signInName}) */
  readonly question: (name: string, signInName: string) => string;
  /** The confirmation's button. */
  readonly confirm: string;
  /** The progress notification's title. */
  readonly progress: (name: string) => string;
  /** One sentence once the directory confirmed it. */
  readonly done: (name: string) => string;
  /** "... is already running" when a second click arrives. */
  readonly running: (name: string) => string;
}

export function actionWords(action: AccountAction): ActionWords {
  switch (action) {
    case 'issueTemporaryAccessPass':
      return {
        label: vscode.l10n.t('Issue Temporary Access Pass'),
        question: (name, upn) => vscode.l10n.t('Issue a Temporary Access Pass for {0} ({1})?', name, upn),
        confirm: vscode.l10n.t('Issue Pass'),
        progress: (name) => vscode.l10n.t('Issuing a Temporary Access Pass for {0}', name),
        done: (name) => vscode.l10n.t('Temporary Access Pass issued for {0}.', name),
        running: (name) => vscode.l10n.t('A Temporary Access Pass for {0} is already being issued.', name),
      };
    case 'revokeSessions':
      return {
        label: vscode.l10n.t('Sign Out Everywhere'),
        question: (name, upn) => vscode.l10n.t('Sign {0} ({1}) out everywhere?', name, upn),
        confirm: vscode.l10n.t('Sign Out Everywhere'),
        progress: (name) => vscode.l10n.t('Signing {0} out everywhere', name),
        done: (name) => vscode.l10n.t('{0} was signed out everywhere.', name),
        running: (name) => vscode.l10n.t('Signing {0} out everywhere is already in progress.', name),
      };
    case 'enableAccount':
      return {
        label: vscode.l10n.t('Enable Account'),
        question: (name, upn) => vscode.l10n.t('Enable the account of {0} ({1})?', name, upn),
        confirm: vscode.l10n.t('Enable Account'),
        progress: (name) => vscode.l10n.t('Enabling the account of {0}', name),
        done: (name) => vscode.l10n.t('The account of {0} is enabled.', name),
        running: (name) => vscode.l10n.t('Enabling or disabling the account of {0} is already in progress.', name),
      };
    case 'disableAccount':
      return {
        label: vscode.l10n.t('Disable Account'),
        question: (name, upn) => vscode.l10n.t('Disable the account of {0} ({1})?', name, upn),
        confirm: vscode.l10n.t('Disable Account'),
        progress: (name) => vscode.l10n.t('Disabling the account of {0}', name),
        done: (name) => vscode.l10n.t('The account of {0} is disabled.', name),
        running: (name) => vscode.l10n.t('Enabling or disabling the account of {0} is already in progress.', name),
      };
    case 'unlockAccount':
      return {
        label: vscode.l10n.t('Unlock Account'),
        question: (name, upn) => vscode.l10n.t('Unlock the account of {0} ({1})?', name, upn),
        confirm: vscode.l10n.t('Unlock Account'),
        progress: (name) => vscode.l10n.t('Unlocking the account of {0}', name),
        done: (name) => vscode.l10n.t('The account of {0} is unlocked.', name),
        running: (name) => vscode.l10n.t('Unlocking the account of {0} is already in progress.', name),
      };
  }
}

/** What the confirmation says will happen (after the provider's own notes). */
export function whatWillHappen(
  action: AccountAction,
  name: string,
  pass?: { lifetimeInMinutes: number; isUsableOnce: boolean },
): string {
  switch (action) {
    case 'issueTemporaryAccessPass':
      return `${vscode.l10n.t(
        'The directory creates a Temporary Access Pass that works for {0} minutes from now, {1}. {2} signs in with it instead of a password and can then set up their sign-in methods. It is shown on the profile page only, until you close it.',
        String(pass?.lifetimeInMinutes ?? ''),
        pass?.isUsableOnce ? vscode.l10n.t('for one sign-in') : vscode.l10n.t('for any number of sign-ins'),
        name,
      )}`;
    case 'revokeSessions':
      return vscode.l10n.t(
        '{0} is signed out of every app and device and must sign in again. It can take a few minutes to reach every app. The password stays as it is.',
        name,
      );
    case 'enableAccount':
      return vscode.l10n.t('{0} can sign in again with their current password.', name);
    case 'disableAccount':
      return vscode.l10n.t(
        '{0} can no longer sign in. Apps they are signed in to now may keep working until their sign-in expires; Sign Out Everywhere ends those sooner.',
        name,
      );
    case 'unlockAccount':
      return vscode.l10n.t(
        'The lockout after failed sign-ins is cleared: {0} can sign in with their current password again. The account stays enabled or disabled as it is.',
        name,
      );
  }
}

/** Why the action does not fit the user's state, said before anything is sent. */
export function mismatchWords(mismatch: StateMismatch, name: string): string {
  switch (mismatch) {
    case 'alreadyEnabled':
      return vscode.l10n.t('The account of {0} is already enabled.', name);
    case 'alreadyDisabled':
      return vscode.l10n.t('The account of {0} is already disabled.', name);
    case 'notLocked':
      return vscode.l10n.t('The account of {0} is not locked.', name);
  }
}
