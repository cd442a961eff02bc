// Who may do which account action to whom in Microsoft Entra ID (learn.microsoft.com/entra, "Microsoft Entra
// built-in roles" and "Privileged roles and permissions": microsoft.directory/users/authenticationMethods/create,
// users/invalidateAllRefreshTokens, users/enable and users/disable). Used twice, like adminRoles.ts for resets: the
// test directory decides its 403s with it, and the Graph provider names, after a 403, the roles that could act on
// this particular user. The limited roles act only on users without admin roles or with the roles listed for them
// in adminRoles.ts (the same "who can reset whom" table the portal applies to sensitive actions).
import { EVERYONE_ROLES, mayReset } from './adminRoles';
import type { AccountAction } from '../types';

/** The Graph actions beside the reset. */
export type GraphAction = Exclude<AccountAction, 'unlockAccount'>;

/** Per action: the limited roles (weakest first) that hold its permission; EVERYONE_ROLES hold every one. */
const LIMITED_ROLES: Readonly<Record<GraphAction, readonly string[]>> = {
  issueTemporaryAccessPass: ['Authentication Administrator'],
  revokeSessions: ['Helpdesk Administrator', 'Authentication Administrator', 'User Administrator'],
  enableAccount: ['User Administrator'],
  disableAccount: ['User Administrator'],
};

/** The Graph permission an app (or the sign-in's consent) needs for each action, least privileged first. */
export const ACTION_PERMISSIONS: Readonly<Record<GraphAction, string>> = {
  issueTemporaryAccessPass: 'UserAuthenticationMethod.ReadWrite.All',
  revokeSessions: 'User.RevokeSessions.All',
  enableAccount: 'User.EnableDisableAccount.All',
  disableAccount: 'User.EnableDisableAccount.All',
};

/** True when a caller holding `callerRoles` may do `action` to a user holding `targetRoles`. */
export function mayDoAction(
  action: GraphAction,
  callerRoles: readonly string[],
  targetRoles: readonly string[],
): boolean {
  return callerRoles.some((role) => roleMay(action, role, targetRoles));
}

/** The roles, weakest first, any one of which may do `action` to a user holding `targetRoles`. */
export function rolesThatMayDo(action: GraphAction, targetRoles: readonly string[]): string[] {
  return [...LIMITED_ROLES[action], ...EVERYONE_ROLES].filter((role) => roleMay(action, role, targetRoles));
}

function roleMay(action: GraphAction, role: string, targetRoles: readonly string[]): boolean {
  if ((EVERYONE_ROLES as readonly string[]).includes(role)) return true;
  // A limited role reaches the same targets for these actions as for a reset.
  return LIMITED_ROLES[action].includes(role) && mayReset([role], targetRoles);
}
