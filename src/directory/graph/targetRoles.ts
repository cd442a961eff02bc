// After a 403, the Graph provider names the roles that could act on this particular user: that needs the user's
// own standing (a Global Administrator can be reset only by a Global or Privileged Authentication Administrator).
// Shared by the reset and the actions beside it.
import * as l10n from '@vscode/l10n';
import type { JsonClient } from '../http/jsonClient';
import type { DirectoryUser } from '../types';
import { readTargetFacts } from './roleFacts';
import type { TargetStanding } from './roleRules';

/**
 * What decides which tenant-wide roles may act on the user (its roles, a role-assignable group: transitiveMemberOf,
 * see roleFacts.ts), or undefined when it cannot be read.
 */
export async function readTargetStanding(
  client: JsonClient,
  user: DirectoryUser,
  directoryName: string,
  signal?: AbortSignal,
): Promise<TargetStanding | undefined> {
  try {
    const facts = await readTargetFacts(client, user, directoryName, signal);
    return { roles: facts.roles, protectedMember: facts.inRoleAssignableGroup };
  } catch {
    // Reading roles needs RoleManagement.Read.Directory; without it the caller falls back to the general rule.
    return undefined;
  }
}

/** "a", "a or b", "a, b or c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return l10n.t('{0} or {1}', items.slice(0, -1).join(', '), items[items.length - 1]);
}
