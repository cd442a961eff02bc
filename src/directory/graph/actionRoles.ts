// Who may do which account action to whom: the actions' view of roleRules.ts (the table is data, roleRules.json).
// The limited roles act only on users without admin roles or with the roles the table lists for them.
import type { AccountAction } from '../types';
import { ACTION_PERMISSIONS, mayAct, rolesThatMay } from './roleRules';

export { ACTION_PERMISSIONS };

/** The Graph actions beside the reset. */
export type GraphAction = Exclude<AccountAction, 'unlockAccount'>;

/** True when a caller holding `callerRoles` may do `action` to a user holding `targetRoles`. */
export function mayDoAction(
  action: GraphAction,
  callerRoles: readonly string[],
  targetRoles: readonly string[],
): boolean {
  return mayAct(action, callerRoles, { roles: targetRoles });
}

/** The roles, weakest first, any one of which may do `action` to a user holding `targetRoles`. */
export function rolesThatMayDo(action: GraphAction, targetRoles: readonly string[]): string[] {
  return rolesThatMay(action, { roles: targetRoles });
}
