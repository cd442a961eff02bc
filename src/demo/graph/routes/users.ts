// /users, /users/{id} (GET, PATCH), /users/{id}/memberOf and /users/{id}/revokeSignInSessions; /me is getUser.

import { createHash, randomBytes } from 'node:crypto';
import { mayAct } from '../../../directory/graph/roleRules';
import { checkEntraPasswordPolicy } from '../../passwordPolicy';
import type { DemoUser } from '../../seed';
import type { Caller } from '../auth';
import { badRequest, forbidden, isoNow, jsonBody, type Ctx, type Reply } from '../http';
import {
  filterMatches,
  parseFilter,
  parseQuery,
  parseSearch,
  parseSelect,
  searchMatches,
  type SearchExpr,
} from '../odata';
import type { RecordedReset } from '../types';
import { DIRECTORY_ROLE_PROPERTIES, hashGuid, project, roleTemplateIdOf, USER_PROPERTIES } from '../userType';
import { requireUser, standingOf, type Directory } from './directory';
import { groupObject, unitObject } from './roles';

/** Paging links remembered; older ones answer "Invalid skip token" (each entry is a few dozen bytes). */
export const MAX_SKIPTOKENS = 2_000;
const MAX_CACHED_QUERIES = 64;

export class UserRoutes {
  private readonly skipTokens = new Map<string, { offset: number; bound: string }>();
  private readonly listCache = new Map<string, { version: number; list: DemoUser[] }>();
  private sorted: { version: number; list: DemoUser[] } | undefined;

  constructor(private readonly dir: Directory) {}

  /** How many paging links are remembered now. */
  get skipTokenCount(): number {
    return this.skipTokens.size;
  }

  private sortedUsers(): DemoUser[] {
    if (this.sorted && this.sorted.version === this.dir.users.version) return this.sorted.list;
    const keyed = Array.from(this.dir.users.values(), (u) => ({ k: u.displayName.toLowerCase(), u }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.u.id < b.u.id ? -1 : a.u.id > b.u.id ? 1 : 0));
    const list = keyed.map((x) => x.u);
    this.sorted = { version: this.dir.users.version, list };
    this.listCache.clear();
    return list;
  }

  listUsers(ctx: Ctx): Reply {
    const allowed = new Set(['$select', '$filter', '$search', '$top', '$count', '$orderby', '$expand', '$skiptoken']);
    const { options, segments } = parseQuery(ctx, allowed);

    const topRaw = options.get('$top');
    let top = 100;
    if (topRaw !== undefined) {
      const n = /^\d{1,9}$/.test(topRaw.trim()) ? Number(topRaw.trim()) : NaN;
      if (!(n >= 1 && n <= 999)) {
        throw badRequest(
          `Invalid page size specified: '${topRaw}'. Must be between 1 and 999 inclusive.`,
          'Request_UnsupportedQuery',
        );
      }
      top = n;
    }
    const select = parseSelect(options.get('$select'), USER_PROPERTIES, 'microsoft.graph.user');

    const eventual = (ctx.req.headers['consistencylevel'] ?? '').toString().trim().toLowerCase() === 'eventual';
    const countRaw = options.get('$count');
    if (countRaw !== undefined && countRaw !== 'true' && countRaw !== 'false') {
      throw badRequest(`The value '${countRaw}' is not valid for $count: use true or false.`, 'BadRequest');
    }
    const search = options.get('$search');
    let searchExpr: SearchExpr | undefined;
    if (search !== undefined) {
      if (!eventual) {
        throw badRequest(
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
          'Request_UnsupportedQuery',
        );
      }
      searchExpr = parseSearch(search);
    }
    const filter = options.get('$filter');
    const filterExpr = filter !== undefined ? parseFilter(filter) : undefined;
    const orderby = options.get('$orderby');
    let descending = false;
    if (orderby !== undefined) {
      const m = /^\s*displayName(?:\s+(asc|desc))?\s*$/.exec(orderby);
      if (!m) throw badRequest(`Sorting by '${orderby}' is not supported.`, 'Request_UnsupportedQuery');
      descending = m[1] === 'desc';
    }

    // The result list for this query, cached until the users change.
    const listKey = JSON.stringify([filter ?? null, search ?? null, descending]);
    const all = this.sortedUsers();
    let cached = this.listCache.get(listKey);
    if (!cached || cached.version !== this.dir.users.version) {
      let list = all;
      if (filterExpr || searchExpr) {
        list = all.filter(
          (u) => (!filterExpr || filterMatches(u, filterExpr)) && (!searchExpr || searchMatches(u, searchExpr)),
        );
      }
      if (descending) list = [...list].reverse();
      cached = { version: this.dir.users.version, list };
      this.listCache.delete(listKey);
      this.listCache.set(listKey, cached);
      if (this.listCache.size > MAX_CACHED_QUERIES) this.listCache.delete(this.listCache.keys().next().value as string);
    } else {
      // refresh LRU position
      this.listCache.delete(listKey);
      this.listCache.set(listKey, cached);
    }
    const list = cached.list;

    // A skiptoken is bound to every query option but $count and itself (kept as a digest: a fixed size per token).
    const bound = createHash('sha256')
      .update(JSON.stringify([listKey, options.get('$select') ?? null, top, orderby ?? null]))
      .digest('base64url');
    let offset = 0;
    const skipToken = options.get('$skiptoken');
    if (skipToken !== undefined) {
      const entry = this.skipTokens.get(skipToken);
      if (!entry || entry.bound !== bound) throw badRequest('Invalid skip token');
      offset = entry.offset;
    }

    const page = list.slice(offset, offset + top);
    const body: Record<string, unknown> = {
      '@odata.context': `${this.dir.url}/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}`,
    };
    if (countRaw === 'true' && eventual && skipToken === undefined) body['@odata.count'] = list.length;
    if (offset + top < list.length) {
      const token = randomBytes(24).toString('base64url');
      this.skipTokens.set(token, { offset: offset + top, bound });
      while (this.skipTokens.size > MAX_SKIPTOKENS)
        this.skipTokens.delete(this.skipTokens.keys().next().value as string);
      const carried = segments.filter((s) => s.name !== '$count' && s.name !== '$skiptoken').map((s) => s.raw);
      carried.push(`$skiptoken=${token}`);
      body['@odata.nextLink'] = `${this.dir.url}/v1.0/users?${carried.join('&')}`;
    }
    body.value = page.map((u) => project(u, select));
    return { status: 200, body };
  }

  getUser(ctx: Ctx, key: string): Reply {
    const { options } = parseQuery(ctx, new Set(['$select', '$expand']));
    const select = parseSelect(options.get('$select'), USER_PROPERTIES, 'microsoft.graph.user');
    const u = requireUser(this.dir.users, key);
    return {
      status: 200,
      body: {
        '@odata.context': `${this.dir.url}/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}/$entity`,
        ...project(u, select),
      },
    };
  }

  /**
   * The user's directory roles; uncast (memberOf, transitiveMemberOf) also its groups and administrative units, and
   * transitively the roles of its groups. $select applies to the roles only (the check reads the others whole).
   */
  memberOf(ctx: Ctx, key: string, cast: boolean, transitive = false): Reply {
    const { options } = parseQuery(ctx, new Set(['$select', '$top', '$skiptoken', '$count', '$filter', '$search']));
    if (options.has('$filter') || options.has('$search')) {
      throw badRequest(
        'Filtering the directory roles of a user is not supported by this test directory.',
        'Request_UnsupportedQuery',
      );
    }
    const select = parseSelect(options.get('$select'), DIRECTORY_ROLE_PROPERTIES, 'microsoft.graph.directoryRole');
    const u = requireUser(this.dir.users, key);
    const groups = cast ? [] : this.dir.groups.filter((g) => g.members.includes(u.id));
    const roles = [...u.roles, ...(transitive ? groups.flatMap((g) => g.roles) : [])];
    const value: Record<string, unknown>[] = [...new Set(roles)].map((name) => {
      const full: Record<string, unknown> = {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: hashGuid(`role:${name}`),
        deletedDateTime: null,
        description: null,
        displayName: name,
        roleTemplateId: roleTemplateIdOf(name),
      };
      if (!select) return full;
      const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.directoryRole' };
      for (const p of select) out[p] = full[p];
      return out;
    });
    value.push(...groups.map(groupObject));
    if (!cast) value.push(...this.dir.administrativeUnits.filter((x) => x.members.includes(u.id)).map(unitObject));
    return {
      status: 200,
      body: {
        '@odata.context': `${this.dir.url}/v1.0/$metadata#${cast ? 'directoryRoles' : 'directoryObjects'}`,
        value,
      },
    };
  }

  // -------------------------------------------------------------------------------------------------------------

  patchUser(ctx: Ctx, caller: Caller, key: string): Reply {
    parseQuery(ctx, new Set());
    const body = jsonBody(ctx, false);
    const u = requireUser(this.dir.users, key);
    for (const k of Object.keys(body)) {
      if (k !== 'passwordProfile' && k !== 'accountEnabled') {
        if (USER_PROPERTIES.has(k)) {
          throw badRequest(`Updating '${k}' is not supported by this test directory.`);
        }
        throw badRequest(
          `Property '${k}' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type.`,
        );
      }
    }
    let profile: { password?: string; force?: boolean; forceMfa?: boolean } | undefined;
    if ('passwordProfile' in body) {
      const pp = body.passwordProfile;
      if (typeof pp !== 'object' || pp === null || Array.isArray(pp)) {
        throw badRequest("Invalid value specified for property 'passwordProfile' of resource 'User'.");
      }
      const rec = pp as Record<string, unknown>;
      for (const k of Object.keys(rec)) {
        if (!['password', 'forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa'].includes(k)) {
          throw badRequest(`Property '${k}' does not exist on type 'microsoft.graph.passwordProfile'.`);
        }
      }
      if (rec.password !== undefined && typeof rec.password !== 'string') {
        throw badRequest("Invalid value specified for property 'password' of resource 'PasswordProfile'.");
      }
      for (const k of ['forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa']) {
        if (rec[k] !== undefined && typeof rec[k] !== 'boolean') {
          throw badRequest(`Invalid value specified for property '${k}' of resource 'PasswordProfile'.`);
        }
      }
      profile = {
        password: rec.password,
        force: rec.forceChangePasswordNextSignIn as boolean | undefined,
        forceMfa: rec.forceChangePasswordNextSignInWithMfa as boolean | undefined,
      };
    }
    if ('accountEnabled' in body && typeof body.accountEnabled !== 'boolean') {
      throw badRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.");
    }
    if (Object.keys(body).length === 0) return { status: 204 };

    // Each change needs its own permission: a password one for passwordProfile, enable/disable for accountEnabled.
    const roles = this.dir.callerRoles(caller);
    if (profile && !mayAct('resetPassword', roles, standingOf(this.dir, u))) throw forbidden();
    if (typeof body.accountEnabled === 'boolean') {
      const action = body.accountEnabled ? 'enableAccount' : 'disableAccount';
      if (!mayAct(action, roles, standingOf(this.dir, u))) throw forbidden();
    }
    // Both are mastered on-premises for a synced user.
    if (u.onPremisesSyncEnabled === true && (profile || 'accountEnabled' in body)) {
      throw badRequest(
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      );
    }
    if (profile?.password !== undefined && checkEntraPasswordPolicy(profile.password) !== undefined) {
      throw badRequest(
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    }
    // Everything is valid: apply.
    if (typeof body.accountEnabled === 'boolean') {
      u.accountEnabled = body.accountEnabled;
      this.dir.audit(body.accountEnabled ? 'Enable account' : 'Disable account', u.id, caller);
    }
    if (profile?.password !== undefined) {
      this.dir.audit('Reset user password', u.id, caller);
      u.password = profile.password;
      u.lastPasswordChangeDateTime = isoNow();
      const reset: RecordedReset = {
        userId: u.id,
        password: profile.password,
        forceChangePasswordNextSignIn: profile.force ?? false,
        method: 'passwordProfile',
        at: Date.now(),
      };
      if (profile.forceMfa !== undefined) reset.forceChangePasswordNextSignInWithMfa = profile.forceMfa;
      this.dir.recordReset(reset);
    }
    return { status: 204 };
  }

  revoke(ctx: Ctx, caller: Caller, key: string): Reply {
    parseQuery(ctx, new Set());
    const u = requireUser(this.dir.users, key);
    if (!mayAct('revokeSessions', this.dir.callerRoles(caller), standingOf(this.dir, u))) throw forbidden();
    this.dir.recordRevocation(u.id);
    this.dir.audit('Invalidate all refresh tokens for user', u.id, caller);
    return { status: 200, body: { '@odata.context': `${this.dir.url}/v1.0/$metadata#Edm.Boolean`, value: true } };
  }
}
