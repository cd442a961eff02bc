// What the pre-flight check reads (src/directory/graph/roleFacts.ts): GET /roleManagement/directory/roleAssignments
// [?$filter=principalId eq '{id}'][&$expand=roleDefinition(...)], /me/memberOf/microsoft.graph.group,
// /groups?$filter=isAssignableToRole eq true, /groups/{id}/members, /directory/administrativeUnits and
// /directory/administrativeUnits/{id}/members. Assignments are the users' own roles and their groups' (scope "/")
// and the roles scoped to administrative units ("/administrativeUnits/{id}"). As in Entra ID, reading role
// assignments needs a role that includes directory reads: a caller without any role is refused (403).
import type { Caller } from '../auth';
import { allow, badRequest, forbidden, notFound, type Ctx, type Reply } from '../http';
import { parseQuery } from '../odata';
import { hashGuid, roleTemplateIdOf } from '../userType';
import type { Directory } from './directory';

const EXPAND = /^roleDefinition(\(\$select=[A-Za-z,]+\))?$/;

/** Every assignment of the directory: [principal, role, directoryScopeId]. */
function allAssignments(dir: Directory): Array<readonly [string, string, string]> {
  return [
    ...[...dir.users.values()].flatMap((u) => u.roles.map((r) => [u.id, r, '/'] as const)),
    ...dir.groups.flatMap((g) => g.roles.map((r) => [g.id, r, '/'] as const)),
    ...dir.administrativeUnits.flatMap((a) =>
      a.scopedRoles.map((s) => [s.userId, s.role, `/administrativeUnits/${a.id}`] as const),
    ),
  ];
}

function roleAssignments(dir: Directory, ctx: Ctx, caller: Caller): Reply {
  const { options } = parseQuery(ctx, new Set(['$filter', '$expand', '$select', '$top']), true);
  if (dir.callerRoles(caller).length === 0) throw forbidden();
  // Graph takes more filters; the extension sends only this one (or none), so anything else is a mistake to see.
  const filter = options.get('$filter');
  const m = /^principalId eq '([^']+)'$/.exec(filter ?? '');
  if (filter !== undefined && !m)
    throw badRequest("This test directory answers only $filter=principalId eq '{id}'.", 'Request_UnsupportedQuery');
  const expand = options.get('$expand');
  if (expand !== undefined && !EXPAND.test(expand)) throw badRequest(`'${expand}' cannot be expanded.`, 'BadRequest');
  const value = allAssignments(dir)
    .filter(([principal]) => !m || principal.toLowerCase() === m[1].toLowerCase())
    .map(([principal, name, scope]) => {
      const templateId = roleTemplateIdOf(name);
      return {
        id: hashGuid(`assignment:${principal}:${name}:${scope}`),
        principalId: principal,
        directoryScopeId: scope,
        roleDefinitionId: templateId,
        ...(expand ? { roleDefinition: { id: templateId, displayName: name, templateId } } : {}),
      };
    });
  return {
    status: 200,
    body: { '@odata.context': `${dir.url}/v1.0/$metadata#roleManagement/directory/roleAssignments`, value },
  };
}

/** A collection; `filtered` answers the one $filter this test directory takes for it, if any. */
function collection(
  dir: Directory,
  ctx: Ctx,
  what: string,
  value: unknown[],
  filtered?: { readonly filter: string; readonly value: unknown[] },
): Reply {
  const { options } = parseQuery(ctx, new Set(['$select', '$top', '$filter', '$count']));
  const filter = options.get('$filter');
  if (filter !== undefined && filter !== filtered?.filter)
    throw badRequest(`This test directory does not filter ${what} by '${filter}'.`, 'Request_UnsupportedQuery');
  const body = {
    '@odata.context': `${dir.url}/v1.0/$metadata#${what}`,
    value: filtered && filter ? filtered.value : value,
  };
  return { status: 200, body };
}

/** A group and an administrative unit as Graph serves them in a directoryObject collection (memberOf too). */
export const groupObject = (g: Directory['groups'][number]) => ({
  '@odata.type': '#microsoft.graph.group',
  id: g.id,
  displayName: g.displayName,
  isAssignableToRole: g.isAssignableToRole,
});
export const unitObject = (a: Directory['administrativeUnits'][number]) => ({
  '@odata.type': '#microsoft.graph.administrativeUnit',
  id: a.id,
  displayName: a.displayName,
  isMemberManagementRestricted: a.isMemberManagementRestricted,
});
const users = (ids: readonly string[]) => ids.map((id) => ({ '@odata.type': '#microsoft.graph.user', id }));

/** The reply for one of these paths (after /v1.0/), or undefined for any other path. */
export function roleRoute(dir: Directory, ctx: Ctx, caller: Caller, path: string): Reply | undefined {
  const members = /^(groups|directory\/administrativeUnits)\/([^/]+)\/members$/.exec(path);
  if (members) {
    allow(ctx, ['GET']);
    const list = members[1] === 'groups' ? dir.groups : dir.administrativeUnits;
    const found = list.find((x) => x.id.toLowerCase() === members[2].toLowerCase());
    if (!found) throw notFound(members[2]);
    return collection(dir, ctx, 'directoryObjects', users(found.members));
  }
  switch (path) {
    case 'roleManagement/directory/roleAssignments':
      allow(ctx, ['GET']);
      return roleAssignments(dir, ctx, caller);
    case 'me/memberOf/microsoft.graph.group': {
      allow(ctx, ['GET']);
      if (caller.kind !== 'delegated')
        throw badRequest('/me request is only valid with delegated authentication flow.');
      const mine = dir.groups.filter((g) => g.members.includes(caller.userId));
      return collection(dir, ctx, 'groups', mine.map(groupObject));
    }
    case 'groups':
      allow(ctx, ['GET']);
      return collection(dir, ctx, 'groups', dir.groups.map(groupObject), {
        filter: 'isAssignableToRole eq true',
        value: dir.groups.filter((g) => g.isAssignableToRole).map(groupObject),
      });
    case 'directory/administrativeUnits':
      allow(ctx, ['GET']);
      return collection(dir, ctx, 'administrativeUnits', dir.administrativeUnits.map(unitObject));
  }
  return undefined;
}
