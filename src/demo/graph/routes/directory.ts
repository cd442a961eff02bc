// What the routes need of the server: its address, its users, who may do what, and where resets are recorded.

import type { DemoUser } from '../../seed';
import type { Caller } from '../auth';
import { notFound } from '../http';
import type { DemoAdministrativeUnit, DemoGroup, RecordedReset } from '../types';
import type { DemoUserMap } from '../userType';

export interface Directory {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly users: DemoUserMap;
  readonly groups: readonly DemoGroup[];
  readonly administrativeUnits: readonly DemoAdministrativeUnit[];
  callerRoles(caller: Caller): readonly string[];
  /** A password was set (kept only when the server records). */
  recordReset(reset: RecordedReset): void;
  /** A user's sign-in sessions were revoked (kept only when the server records). */
  recordRevocation(userId: string): void;
  /** A change was applied: one entry in the audit log (GET /auditLogs/directoryAudits), never a secret. */
  audit(activity: string, userId: string, caller: Caller): void;
}

/** The user with this id, or with this userPrincipalName (any case). */
export function findUser(users: DemoUserMap, key: string): DemoUser | undefined {
  const byId = users.get(key) ?? users.get(key.toLowerCase());
  if (byId) return byId;
  if (!key.includes('@')) return undefined;
  const lower = key.toLowerCase();
  for (const u of users.values()) if (u.userPrincipalName.toLowerCase() === lower) return u;
  return undefined;
}

export function requireUser(users: DemoUserMap, key: string): DemoUser {
  const u = findUser(users, key);
  if (!u) throw notFound(key);
  return u;
}

/**
 * What decides who may act on a user, as Entra ID applies it: the user's roles and those of its role-assignable
 * groups, and whether it is in such a group or in a restricted management unit (then only the roles that reach
 * everyone may; roles scoped to a unit are not modelled in the server's own decisions, which are stricter for them).
 */
export function standingOf(dir: Directory, u: DemoUser): { roles: string[]; protectedMember: boolean } {
  const groups = dir.groups.filter((g) => g.isAssignableToRole && g.members.includes(u.id));
  return {
    roles: [...u.roles, ...groups.flatMap((g) => g.roles)],
    protectedMember:
      groups.length > 0 ||
      dir.administrativeUnits.some((a) => a.isMemberManagementRestricted && a.members.includes(u.id)),
  };
}
