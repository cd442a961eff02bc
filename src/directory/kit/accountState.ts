// What every kind checks before it enables, disables or unlocks an account: whether the account is already in
// the state asked for (then nothing is sent), and the words for "Disabling Ada is already running" and for what
// may have happened when the outcome is unknown. The providers' own refusals (the service account, outside the
// base DN) come first; this only reads the user as the directory last reported it.
import * as l10n from '@vscode/l10n';
import type { AccountAction, DirectoryUser } from '../types';
import { nameOf } from './outcome';

/** The actions that change whether an account can sign in (the ones this module words). */
export type AccountStateAction = Extract<AccountAction, 'enableAccount' | 'disableAccount' | 'unlockAccount'>;

/**
 * Why `action` cannot do anything for `user` as the directory last reported it, or undefined. An unknown state
 * (accountEnabled or locked undefined) is not a refusal: the directory decides.
 */
export function accountStateRefusal(user: DirectoryUser, action: AccountStateAction): string | undefined {
  const name = nameOf(user);
  if (action === 'enableAccount' && user.accountEnabled === true) {
    return l10n.t('The account of {0} is already enabled.', name);
  }
  if (action === 'disableAccount' && user.accountEnabled === false) {
    return l10n.t('The account of {0} is already disabled.', name);
  }
  if (action === 'unlockAccount' && user.locked === false) {
    return l10n.t('The account of {0} is not locked out.', name);
  }
  return undefined;
}

/** The key ResetGuard.runAction uses: enable and disable of one account share it, so they never run together. */
export function guardKeyOf(action: AccountStateAction): string {
  return action === 'unlockAccount' ? 'unlockAccount' : 'setAccountEnabled';
}

/** "Disabling Ada Lovelace" (+ " is already running."). */
export function actionRunning(user: DirectoryUser, action: AccountStateAction): string {
  const name = nameOf(user);
  if (action === 'enableAccount') return l10n.t('Enabling the account of {0}', name);
  if (action === 'disableAccount') return l10n.t('Disabling the account of {0}', name);
  return l10n.t('Unlocking the account of {0}', name);
}

/** "the account of Ada Lovelace was disabled" (after "It is unknown whether "). */
export function actionMayHaveHappened(user: DirectoryUser, action: AccountStateAction): string {
  const name = nameOf(user);
  if (action === 'enableAccount') return l10n.t('the account of {0} was enabled', name);
  if (action === 'disableAccount') return l10n.t('the account of {0} was disabled', name);
  return l10n.t('the account of {0} was unlocked', name);
}

/** The change inside a sentence ("the disable request", "while handling the disable"), for sendReset. */
export function actionChangeWords(action: AccountStateAction): string {
  // Nouns inside "the {0} request": keys of their own (the comment), apart from the same English words as verbs.
  if (action === 'enableAccount') return l10n.t({ message: 'enable', comment: ['noun, inside "the {0} request"'] });
  if (action === 'disableAccount') return l10n.t({ message: 'disable', comment: ['noun, inside "the {0} request"'] });
  return l10n.t({ message: 'unlock', comment: ['noun, inside "the {0} request"'] });
}

/** The action that sets accountEnabled to `enabled`. */
export function enableActionOf(enabled: boolean): AccountStateAction {
  return enabled ? 'enableAccount' : 'disableAccount';
}

/**
 * Whether the user read back after `action` shows it done: undefined when the directory's answer does not say
 * (it reports no accountEnabled, or no locked state).
 */
export function actionConfirmed(after: DirectoryUser, action: AccountStateAction): boolean | undefined {
  if (action === 'unlockAccount') return after.locked === undefined ? undefined : !after.locked;
  if (after.accountEnabled === undefined) return undefined;
  return after.accountEnabled === (action === 'enableAccount');
}
