// What the pre-flight check reads from Graph (v1.0 only), and why these calls:
// - The signed-in person's ACTIVE role assignments with their scope: GET /roleManagement/directory/roleAssignments
//   ?$filter=principalId eq '{me}'&$expand=roleDefinition. Unlike /me/memberOf/microsoft.graph.directoryRole, it
//   returns assignments scoped to an administrative unit (directoryScopeId "/administrativeUnits/{id}") as well as
//   tenant-wide ones ("/"). PIM-eligible roles that are not activated are not assignments, so they do not count.
// - Roles reached through role-assignable groups: such an assignment's principalId is the group, and v1.0 has no
//   transitive listing (transitiveRoleAssignments is beta only). So: the person's groups (GET /me/memberOf/
//   microsoft.graph.group; role-assignable groups cannot be nested, so direct membership is all there is), then the
//   same filter for each role-assignable one.
// - Who else holds roles, once for the whole tenant instead of once per listed user (a page of 100 users would be
//   100 requests): every role assignment (the same list, unfiltered), the role-assignable groups and their members,
//   and the administrative units (restricted ones, and those your roles are scoped to) with their members. A few
//   requests per sign-in, whatever the number of users (readTenantStanding).
// - One user's standing after a 403, in one request: GET /users/{id}/transitiveMemberOf lists the directory roles,
//   the groups (isAssignableToRole) and the administrative units the user is in (readTargetFacts).
// All need RoleManagement.Read.Directory (or Directory.Read.All); without it Graph answers 403 and the check says
// "unknown" (accessCheck.ts). Names come from the role template ids in roleRules.json, the display name otherwise.
import type { JsonClient } from '../http/jsonClient';
import { userIdSegment } from '../http/pathSegment';
import { isJsonObject } from '../kit/answers';
import { displayText } from '../displayText';
import type { DirectoryUser } from '../types';
import { roleNameOfTemplate } from './roleRules';

/** Where an assignment applies. */
export type AssignmentScope =
  | { readonly kind: 'tenant' }
  | { readonly kind: 'administrativeUnit'; readonly id: string }
  | { readonly kind: 'other' };

export interface RoleAssignmentFact {
  /** The role's display name. */
  readonly role: string;
  readonly scope: AssignmentScope;
}

export interface AdministrativeUnitFact {
  readonly id: string;
  readonly name: string;
  /** A restricted management administrative unit: only roles scoped to it reach its members. */
  readonly restricted: boolean;
}

export interface TargetFacts {
  /** Display names of the directory roles the target holds (tenant-wide, directly or through a group). */
  readonly roles: readonly string[];
  /** The target is a member of a role-assignable group. */
  readonly inRoleAssignableGroup: boolean;
  readonly units: readonly AdministrativeUnitFact[];
}

/** Pages followed per listing: more than this many groups or units is a reason to say "unknown", not to guess. */
const MAX_PAGES = 10;
/** Role-assignable groups whose assignments are read (one request each). */
const MAX_ROLE_GROUPS = 20;

export class TooManyToRead extends Error {}

/** Every item of a Graph collection, following @odata.nextLink (at most MAX_PAGES pages). */
async function listAll(client: JsonClient, url: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  for (let page = 0; next; page++) {
    if (page === MAX_PAGES) throw new TooManyToRead(url);
    const res = await client.send({ method: 'GET', url: next, signal });
    const body = isJsonObject(res.json) ? res.json : {};
    const value = Array.isArray(body.value) ? body.value : [];
    items.push(...value.filter(isJsonObject));
    next = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
  }
  return items;
}

const text = (v: unknown, max = 120): string => (typeof v === 'string' ? displayText(v, max) : '');

/** An administrative unit as Graph answers it (transitiveMemberOf or the units' list). */
function unitOf(o: Record<string, unknown>): AdministrativeUnitFact {
  return {
    id: text(o.id).toLowerCase(),
    name: text(o.displayName, 80),
    restricted: o.isMemberManagementRestricted === true,
  };
}

function scopeOf(directoryScopeId: unknown): AssignmentScope {
  if (directoryScopeId === '/') return { kind: 'tenant' };
  const m = typeof directoryScopeId === 'string' ? /^\/administrativeUnits\/([^/]+)$/i.exec(directoryScopeId) : null;
  return m ? { kind: 'administrativeUnit', id: m[1].toLowerCase() } : { kind: 'other' };
}

async function assignmentsOf(client: JsonClient, principalId: string, signal?: AbortSignal) {
  const filter = encodeURIComponent(`principalId eq '${principalId.replace(/'/g, "''")}'`);
  const items = await listAll(
    client,
    `/v1.0/roleManagement/directory/roleAssignments?$filter=${filter}&$expand=roleDefinition($select=displayName,templateId)`,
    signal,
  );
  return items.map((a): RoleAssignmentFact => {
    const def = isJsonObject(a.roleDefinition) ? a.roleDefinition : {};
    const template = text(def.templateId) || text(a.roleDefinitionId);
    return {
      role: roleNameOfTemplate(template) ?? (text(def.displayName) || template),
      scope: scopeOf(a.directoryScopeId),
    };
  });
}

/** The signed-in person's active role assignments, direct and through role-assignable groups. Throws on 403. */
export async function readCallerAssignments(
  client: JsonClient,
  meId: string,
  signal?: AbortSignal,
): Promise<RoleAssignmentFact[]> {
  const direct = await assignmentsOf(client, meId, signal);
  const groups = await listAll(client, '/v1.0/me/memberOf/microsoft.graph.group?$select=id,isAssignableToRole', signal);
  const roleGroups = groups.filter((g) => g.isAssignableToRole === true && typeof g.id === 'string');
  if (roleGroups.length > MAX_ROLE_GROUPS) throw new TooManyToRead('role-assignable groups');
  const viaGroups = await Promise.all(roleGroups.map((g) => assignmentsOf(client, g.id as string, signal)));
  return [...direct, ...viaGroups.flat()];
}

/** What decides who may act on `user`: its roles, role-assignable groups and administrative units. */
export async function readTargetFacts(
  client: JsonClient,
  user: DirectoryUser,
  directoryName: string,
  signal?: AbortSignal,
): Promise<TargetFacts> {
  const items = await listAll(
    client,
    `/v1.0/users/${userIdSegment(user.id, directoryName)}/transitiveMemberOf`,
    signal,
  );
  const roles: string[] = [];
  const units: AdministrativeUnitFact[] = [];
  let inRoleAssignableGroup = false;
  for (const o of items) {
    switch (o['@odata.type']) {
      case '#microsoft.graph.directoryRole':
        roles.push(roleNameOfTemplate(text(o.roleTemplateId)) ?? text(o.displayName, 80));
        break;
      case '#microsoft.graph.group':
        if (o.isAssignableToRole === true) inRoleAssignableGroup = true;
        break;
      case '#microsoft.graph.administrativeUnit':
        units.push(unitOf(o));
        break;
    }
  }
  return { roles: roles.filter(Boolean), inRoleAssignableGroup, units };
}

/** Every user who holds a role, is in a role-assignable group or in a relevant administrative unit; others: none. */
export type TenantStanding = ReadonlyMap<string, TargetFacts>;

/** Groups or units whose members are read (one request each, or more pages); more is "unknown", not a guess. */
const MAX_MEMBER_LISTS = 40;

/** The standing of every user who has any (see the file's comment); `callerUnits`: the units your roles are scoped to. */
export async function readTenantStanding(
  client: JsonClient,
  callerUnits: readonly string[],
  signal?: AbortSignal,
): Promise<TenantStanding> {
  const [assignments, groups, units] = await Promise.all([
    listAll(
      client,
      '/v1.0/roleManagement/directory/roleAssignments?$select=principalId,roleDefinitionId,directoryScopeId',
      signal,
    ),
    listAll(client, '/v1.0/groups?$filter=isAssignableToRole eq true&$select=id', signal),
    listAll(client, '/v1.0/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted', signal),
  ]);
  const facts = new Map<string, { roles: string[]; inRoleAssignableGroup: boolean; units: AdministrativeUnitFact[] }>();
  const of = (id: string) => {
    const key = id.toLowerCase();
    let f = facts.get(key);
    if (!f) facts.set(key, (f = { roles: [], inRoleAssignableGroup: false, units: [] }));
    return f;
  };
  const rolesOf = new Map<string, string[]>();
  for (const a of assignments) {
    if (a.directoryScopeId !== '/' || typeof a.principalId !== 'string') continue;
    const template = text(a.roleDefinitionId);
    const list = rolesOf.get(a.principalId.toLowerCase()) ?? [];
    list.push(roleNameOfTemplate(template) ?? template);
    rolesOf.set(a.principalId.toLowerCase(), list);
  }
  const wanted = units.map(unitOf).filter((u) => u.id && (u.restricted || callerUnits.includes(u.id)));
  const groupIds = groups.map((g) => text(g.id).toLowerCase()).filter(Boolean);
  if (groupIds.length + wanted.length > MAX_MEMBER_LISTS) throw new TooManyToRead('groups and units');
  const membersOf = (path: string) =>
    listAll(client, `${path}/members?$select=id`, signal).then((m) => m.map((o) => text(o.id)).filter(Boolean));
  await Promise.all([
    ...groupIds.map(async (g) => {
      for (const member of await membersOf(`/v1.0/groups/${encodeURIComponent(g)}`)) {
        const f = of(member);
        f.inRoleAssignableGroup = true;
        f.roles.push(...(rolesOf.get(g) ?? [])); // the group's roles are its members' roles
      }
    }),
    ...wanted.map(async (u) => {
      for (const member of await membersOf(`/v1.0/directory/administrativeUnits/${encodeURIComponent(u.id)}`))
        of(member).units.push(u);
    }),
  ]);
  for (const [principal, roles] of rolesOf) if (!groupIds.includes(principal)) of(principal).roles.push(...roles);
  return facts;
}
