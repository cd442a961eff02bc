// Who may reset whose password: the reset's view of roleRules.ts (the table itself is data, roleRules.json).
import { EVERYONE_ROLES, mayAct, rolesThatMay } from './roleRules';

export { EVERYONE_ROLES };

/** True when a caller holding `callerRoles` may reset a user holding `targetRoles`. */
export function mayReset(callerRoles: readonly string[], targetRoles: readonly string[]): boolean {
  return mayAct('resetPassword', callerRoles, { roles: targetRoles });
}

/** The roles, weakest first, any one of which may reset a user holding `targetRoles`. */
export function rolesThatMayReset(targetRoles: readonly string[]): string[] {
  return rolesThatMay('resetPassword', { roles: targetRoles });
}
