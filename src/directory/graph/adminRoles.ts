// Who may reset whose password in Microsoft Entra ID (learn.microsoft.com/entra, "Who can reset passwords").
// Used twice: the test directory decides its 403s with it, and the Graph provider names, after a 403,
// the roles that could reset this particular user. A target with no admin role is a "non-admin".

export const EVERYONE_ROLES = ['Privileged Authentication Administrator', 'Global Administrator'] as const;

/** Caller role -> the admin roles of targets it may reset (non-admins always included). */
const RESETTABLE_BY: Readonly<Record<string, readonly string[]>> = {
  'Password Administrator': ['Directory Readers', 'Guest Inviter', 'Password Administrator'],
  'Helpdesk Administrator': [
    'Directory Readers',
    'Guest Inviter',
    'Password Administrator',
    'Helpdesk Administrator',
    'Message Center Reader',
    'Reports Reader',
    'Usage Summary Reports Reader',
    'User Experience Success Manager',
  ],
  'Authentication Administrator': [
    'Authentication Administrator',
    'Directory Readers',
    'Guest Inviter',
    'Message Center Reader',
    'Password Administrator',
    'Reports Reader',
  ],
  'User Administrator': [
    'Directory Readers',
    'Groups Administrator',
    'Guest Inviter',
    'Helpdesk Administrator',
    'Message Center Reader',
    'Password Administrator',
    'Reports Reader',
    'User Administrator',
  ],
};

/** Roles that can reset a password at all, weakest first: the order they are suggested in. */
export const PASSWORD_RESET_ROLES: readonly string[] = [...Object.keys(RESETTABLE_BY), ...EVERYONE_ROLES];

/** True when a caller holding `callerRoles` may reset a user holding `targetRoles`. */
export function mayReset(callerRoles: readonly string[], targetRoles: readonly string[]): boolean {
  return callerRoles.some((role) => roleMayReset(role, targetRoles));
}

function roleMayReset(callerRole: string, targetRoles: readonly string[]): boolean {
  if ((EVERYONE_ROLES as readonly string[]).includes(callerRole)) return true;
  const allowed = RESETTABLE_BY[callerRole];
  return allowed !== undefined && targetRoles.every((t) => allowed.includes(t));
}

/** The roles, weakest first, any one of which may reset a user holding `targetRoles`. */
export function rolesThatMayReset(targetRoles: readonly string[]): string[] {
  return PASSWORD_RESET_ROLES.filter((role) => roleMayReset(role, targetRoles));
}
