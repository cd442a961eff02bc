// GET /roleManagement/directory/roleAssignments[?$filter=principalId eq '{id}'][&$expand=roleDefinition(...)],
// /me/memberOf/microsoft.graph.group, /groups and /directory/administrativeUnits: what the pre-flight check reads
// (src/directory/graph/roleFacts.ts). The test
// directory's roles are tenant-wide and direct (directoryScopeId "/"), and it has no groups. As in Entra ID, reading
// role assignments needs a role that includes directory reads: a caller without any role is refused (403).
import type { Caller } from '../auth';
import { allow, badRequest, forbidden, type Ctx, type Reply } from '../http';
import { parseQuery } from '../odata';
import { hashGuid, roleTemplateIdOf } from '../userType';
import { findUser, type Directory } from './directory';

const EXPAND = /^roleDefinition(\(\$select=[A-Za-z,]+\))?$/;

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
  const holders = m
    ? [[m[1], findUser(dir.users, m[1])?.roles ?? []] as const]
    : [...dir.users.values()].map((u) => [u.id, u.roles] as const);
  const value = holders.flatMap(([principal, roles]) =>
    roles.map((name) => {
      const templateId = roleTemplateIdOf(name);
      return {
        id: hashGuid(`assignment:${principal}:${name}`),
        principalId: principal,
        directoryScopeId: '/',
        roleDefinitionId: templateId,
        ...(expand ? { roleDefinition: { id: templateId, displayName: name, templateId } } : {}),
      };
    }),
  );
  return {
    status: 200,
    body: { '@odata.context': `${dir.url}/v1.0/$metadata#roleManagement/directory/roleAssignments`, value },
  };
}

/** The test directory has no groups and no administrative units: empty collections, with Graph's query checks. */
function emptyCollection(dir: Directory, ctx: Ctx, what: string): Reply {
  const { options } = parseQuery(ctx, new Set(['$select', '$top', '$filter', '$count']));
  const filter = options.get('$filter');
  if (filter !== undefined && filter !== 'isAssignableToRole eq true')
    throw badRequest(`This test directory does not filter ${what} by '${filter}'.`, 'Request_UnsupportedQuery');
  return { status: 200, body: { '@odata.context': `${dir.url}/v1.0/$metadata#${what}`, value: [] } };
}

function myGroups(dir: Directory, ctx: Ctx, caller: Caller): Reply {
  parseQuery(ctx, new Set(['$select', '$top', '$filter', '$count']));
  if (caller.kind !== 'delegated') throw badRequest('/me request is only valid with delegated authentication flow.');
  return { status: 200, body: { '@odata.context': `${dir.url}/v1.0/$metadata#groups`, value: [] } };
}

/** The reply for one of these paths (after /v1.0/), or undefined for any other path. */
export function roleRoute(dir: Directory, ctx: Ctx, caller: Caller, path: string): Reply | undefined {
  switch (path) {
    case 'roleManagement/directory/roleAssignments':
      allow(ctx, ['GET']);
      return roleAssignments(dir, ctx, caller);
    case 'me/memberOf/microsoft.graph.group':
      allow(ctx, ['GET']);
      return myGroups(dir, ctx, caller);
    case 'groups':
      allow(ctx, ['GET']);
      return emptyCollection(dir, ctx, 'groups');
    case 'directory/administrativeUnits':
      allow(ctx, ['GET']);
      return emptyCollection(dir, ctx, 'administrativeUnits');
  }
  return undefined;
}
