// /users/{id}/authentication/temporaryAccessPassMethods: list (GET), create (POST, 201 with the pass, shown only
// here), and /{methodId} get and delete, as Graph v1.0 documents them. One pass per user: creating one replaces
// the existing one. Guests from other organisations, users the tenant's policy leaves out, lifetimes outside the
// policy's bounds and multi-use passes under a one-time policy are refused as Graph does (400).

import { createHash, randomInt, randomUUID } from 'node:crypto';
import { mayAct } from '../../../directory/graph/roleRules';
import type { DemoUser } from '../../fixedUsers';
import type { Caller } from '../auth';
import { badRequest, forbidden, isoNow, jsonBody, notFound, type Ctx, type Reply } from '../http';
import { parseQuery } from '../odata';
import type { StoredTap, TapPolicy } from '../temporaryAccessPassPolicy';
import { requireUser, standingOf, type Directory } from './directory';

/** What the routes need besides the directory: the policy, the passes, and where an issued pass is recorded. */
export interface TapDirectory extends Directory {
  readonly tapPolicy: TapPolicy;
  readonly temporaryAccessPasses: Map<string, StoredTap>;
  /** A pass was issued: recorded with a digest of the pass, never the pass (tests compare digests). */
  recordTemporaryAccessPass(entry: {
    userId: string;
    passSha256: string;
    lifetimeInMinutes: number;
    isUsableOnce: boolean;
  }): void;
}

const GRAPH_MIN_LIFETIME = 10;
const GRAPH_MAX_LIFETIME = 43_200;
const PASS_CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789+-=#%&@';

export function temporaryAccessPassMethods(
  dir: TapDirectory,
  ctx: Ctx,
  caller: Caller,
  key: string,
  methodId: string | undefined,
): Reply {
  parseQuery(ctx, new Set(methodId === undefined && ctx.method === 'GET' ? ['$select'] : []));
  const u = requireUser(dir.users, key);
  if (!mayAct('issueTemporaryAccessPass', dir.callerRoles(caller), standingOf(dir, u))) throw forbidden();
  const stored = dir.temporaryAccessPasses.get(u.id);
  if (methodId !== undefined) {
    if (!stored || stored.id !== methodId.toLowerCase()) throw notFound(methodId);
    if (ctx.method === 'DELETE') {
      dir.temporaryAccessPasses.delete(u.id);
      return { status: 204 };
    }
    return { status: 200, body: { '@odata.context': context(dir, u, true), ...shape(stored, null) } };
  }
  if (ctx.method === 'GET') {
    return {
      status: 200,
      body: { '@odata.context': context(dir, u, false), value: stored ? [shape(stored, null)] : [] },
    };
  }
  // Graph documents creating a pass only for other users ("permissions acting on other users").
  if (caller.kind === 'delegated' && caller.userId === u.id) throw forbidden();
  return create(dir, ctx, u, caller);
}

function create(dir: TapDirectory, ctx: Ctx, u: DemoUser, caller: Caller): Reply {
  const body = jsonBody(ctx, false);
  for (const k of Object.keys(body)) {
    if (!['lifetimeInMinutes', 'isUsableOnce', 'startDateTime', '@odata.type'].includes(k)) {
      throw badRequest(
        `Property '${k}' does not exist on type 'microsoft.graph.temporaryAccessPassAuthenticationMethod'.`,
        'badRequest',
      );
    }
  }
  const { lifetimeInMinutes, isUsableOnce, startDateTime } = body;
  if (lifetimeInMinutes !== undefined && !Number.isInteger(lifetimeInMinutes)) {
    throw badRequest("Invalid value specified for property 'lifetimeInMinutes'.", 'badRequest');
  }
  if (isUsableOnce !== undefined && typeof isUsableOnce !== 'boolean') {
    throw badRequest("Invalid value specified for property 'isUsableOnce'.", 'badRequest');
  }
  let start: Date | undefined;
  if (startDateTime !== undefined) {
    start = typeof startDateTime === 'string' ? new Date(startDateTime) : undefined;
    if (!start || Number.isNaN(start.getTime())) {
      throw badRequest("Invalid value specified for property 'startDateTime'.", 'badRequest');
    }
  }
  if (u.creationType === 'Invitation' || u.userPrincipalName.includes('#EXT#')) {
    throw badRequest('Temporary Access Pass cannot be added to an external guest user.', 'badRequest');
  }
  const policy = dir.tapPolicy;
  if (policy.state !== 'enabled' || policy.excludedUserIds.has(u.id)) {
    throw badRequest(
      'Converged UserCredentialPolicy does not allow creating or updating TemporaryAccessPass authentication method for this user.',
      'badRequest',
    );
  }
  const minutes = (lifetimeInMinutes as number | undefined) ?? policy.defaultLifetimeInMinutes;
  const min = Math.max(GRAPH_MIN_LIFETIME, policy.minimumLifetimeInMinutes);
  const max = Math.min(GRAPH_MAX_LIFETIME, policy.maximumLifetimeInMinutes);
  if (minutes < min || minutes > max) {
    throw badRequest(
      `The lifetimeInMinutes value ${minutes} is outside the range the Temporary Access Pass policy allows (${min} to ${max}).`,
      'badRequest',
    );
  }
  const once = isUsableOnce ?? policy.isUsableOnce;
  if (policy.isUsableOnce && !once) {
    throw badRequest(
      'The Temporary Access Pass policy requires passes that are usable once (isUsableOnce).',
      'badRequest',
    );
  }
  // One pass per user: the new one replaces any existing one.
  const now = isoNow();
  const stored: StoredTap = {
    id: randomUUID(),
    createdDateTime: now,
    startDateTime: start ? start.toISOString().slice(0, 19) + 'Z' : now,
    lifetimeInMinutes: minutes,
    isUsableOnce: once,
  };
  const pass = Array.from(
    { length: policy.defaultLength },
    () => PASS_CHARACTERS[randomInt(PASS_CHARACTERS.length)],
  ).join('');
  dir.temporaryAccessPasses.set(u.id, stored);
  dir.audit('Admin registered security info', u.id, caller);
  dir.recordTemporaryAccessPass({
    userId: u.id,
    passSha256: createHash('sha256').update(pass).digest('hex'),
    lifetimeInMinutes: minutes,
    isUsableOnce: once,
  });
  return { status: 201, body: { '@odata.context': context(dir, u, true), ...shape(stored, pass) } };
}

function shape(t: StoredTap, pass: string | null): Record<string, unknown> {
  const usableFrom = Date.parse(t.startDateTime);
  const now = Date.now();
  const reason =
    now < usableFrom ? 'NotYetValid' : now > usableFrom + t.lifetimeInMinutes * 60_000 ? 'Expired' : 'EnabledByPolicy';
  return {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    id: t.id,
    temporaryAccessPass: pass,
    createdDateTime: t.createdDateTime,
    startDateTime: t.startDateTime,
    lifetimeInMinutes: t.lifetimeInMinutes,
    isUsableOnce: t.isUsableOnce,
    isUsable: reason === 'EnabledByPolicy',
    methodUsabilityReason: reason,
  };
}

function context(dir: TapDirectory, u: DemoUser, entity: boolean): string {
  return `${dir.url}/v1.0/$metadata#users('${u.id}')/authentication/temporaryAccessPassMethods${entity ? '/$entity' : ''}`;
}
