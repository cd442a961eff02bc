// After a 403, the Graph provider names the roles that could act on this particular user: that needs the user's
// own admin roles (a Global Administrator can be reset only by a Global or Privileged Authentication
// Administrator). Shared by the reset and the actions beside it.
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import type { JsonClient } from '../http/jsonClient';
import { userIdSegment } from '../http/pathSegment';
import type { DirectoryUser } from '../types';

/** The display names of the user's admin roles, or undefined when they cannot be read. */
export async function readTargetRoles(
  client: JsonClient,
  user: DirectoryUser,
  directoryName: string,
  signal?: AbortSignal,
): Promise<string[] | undefined> {
  try {
    const res = await client.send({
      method: 'GET',
      url: `/v1.0/users/${userIdSegment(user.id, directoryName)}/memberOf/microsoft.graph.directoryRole?$select=displayName`,
      signal,
    });
    const value = (res.json as { value?: Array<{ displayName?: unknown }> } | undefined)?.value;
    if (!Array.isArray(value)) return undefined;
    return value.map((r) => displayText(r?.displayName ?? '', 80)).filter(Boolean);
  } catch {
    // Reading roles needs RoleManagement/Directory.Read; without it the caller falls back to the general rule.
    return undefined;
  }
}

/** "a", "a or b", "a, b or c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return l10n.t('{0} or {1}', items.slice(0, -1).join(', '), items[items.length - 1]);
}
