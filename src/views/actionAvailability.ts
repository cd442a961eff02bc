// Which account actions a person is offered for one user: those the directory can do (capabilities.actions) that
// also fit the user's state as the directory last reported it. The tree's context menu (through contextValue), the
// profile page's buttons and the commands' own check all ask here, so they never disagree. No 'vscode' import.
import type {
  AccessAction,
  AccessReport,
  AccountAction,
  DirectoryUser,
  ProviderCapabilities,
} from '../directory/types';

/**
 * What can go with a password reset, picked before its confirmation: MFA before the new password (part of the reset's
 * own request), then enable, unlock and sign-out everywhere (each its own request once the reset was confirmed).
 */
export type ResetExtra = 'requireMfa' | 'enableAccount' | 'unlockAccount' | 'revokeSessions';

/** In the order they are offered and done: sign-out last, so it also ends sessions begun before the enable. */
export const RESET_EXTRAS: readonly ResetExtra[] = ['requireMfa', 'enableAccount', 'unlockAccount', 'revokeSessions'];

/** The extras that fit `user` in this directory: enable only when disabled, unlock only when locked. */
export function resetExtrasFor(user: DirectoryUser, capabilities: ProviderCapabilities): ResetExtra[] {
  return RESET_EXTRAS.filter((extra) =>
    extra === 'requireMfa'
      ? capabilities.offersMfaWithReset === true
      : capabilities.actions.includes(extra) && stateMismatch(user, extra) === undefined,
  );
}

/** Why an action does not fit the user's state now; undefined when it does. */
export type StateMismatch = 'alreadyEnabled' | 'alreadyDisabled' | 'notLocked';

/**
 * Enable only on a disabled account, Disable on one that is not known to be disabled, Unlock only on a locked one.
 * A directory that does not report whether the account is enabled (accountEnabled undefined) is offered Disable, not
 * Enable: the command re-reads the user and refuses what does not fit.
 */
export function stateMismatch(user: DirectoryUser, action: AccountAction): StateMismatch | undefined {
  switch (action) {
    case 'enableAccount':
      return user.accountEnabled === false ? undefined : 'alreadyEnabled';
    case 'disableAccount':
      return user.accountEnabled === false ? 'alreadyDisabled' : undefined;
    case 'unlockAccount':
      return user.locked === true ? undefined : 'notLocked';
    case 'issueTemporaryAccessPass':
    case 'revokeSessions':
      return undefined;
  }
}

/** The actions to offer for `user`, in the order of capabilities.actions. */
export function offeredActions(user: DirectoryUser, capabilities: ProviderCapabilities): AccountAction[] {
  return capabilities.actions.filter((action) => stateMismatch(user, action) === undefined);
}

/** An action the pre-flight check says the directory would refuse, with why and what to do. */
export interface DeniedAction {
  readonly action: AccessAction;
  readonly reason: string;
  readonly nextStep: string;
}

/**
 * The reset and the offered actions that the pre-flight check denies, in menu order: the tree leaves them out of the
 * menu, the profile page shows their reasons instead of buttons, "Why Some Actions Are Missing..." lists them.
 */
export function deniedActions(
  user: DirectoryUser,
  capabilities: ProviderCapabilities,
  access: AccessReport | undefined,
): DeniedAction[] {
  if (!access) return [];
  return (['resetPassword', ...offeredActions(user, capabilities)] as AccessAction[]).flatMap((action) => {
    const v = access.verdicts[action];
    return v?.kind === 'denied' ? [{ action, reason: v.reason, nextStep: v.nextStep }] : [];
  });
}

/**
 * The tree item's contextValue fragment for the offered actions, e.g. ":can-revokeSessions:can-enableAccount".
 * package.json's menus match `viewItem =~ /:can-enableAccount(:|$)/`; the fragment always comes after "user:...".
 */
export function actionsContextValue(
  user: DirectoryUser,
  capabilities: ProviderCapabilities,
  access?: AccessReport,
): string {
  // The pre-flight check's denials: the menu offers "Why Some Actions Are Missing..." instead of an action that 403s.
  const denied = new Set(deniedActions(user, capabilities, access).map((d) => d.action));
  return (
    (denied.has('resetPassword') ? ':deny-resetPassword' : '') +
    offeredActions(user, capabilities)
      .map((action) => (denied.has(action) ? `:deny-${action}` : `:can-${action}`))
      .join('')
  );
}
