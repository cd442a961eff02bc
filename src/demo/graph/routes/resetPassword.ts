// POST /users/{id}/authentication/methods/{PASSWORD_METHOD_ID}/resetPassword: a long-running operation (202 and
// a Location to poll, see operations.ts), delegated callers only, with a system-generated password when none is given.

import { randomInt, randomUUID } from 'node:crypto';
import { mayAct } from '../../../directory/graph/roleRules';
import { checkEntraPasswordPolicy } from '../../passwordPolicy';
import type { Caller } from '../auth';
import { badRequest, forbidden, isoNow, jsonBody, type Ctx, type Reply } from '../http';
import { parseQuery } from '../odata';
import { requireUser, standingOf, type Directory } from './directory';
import type { Operation, Operations } from './operations';

export function resetPassword(dir: Directory, operations: Operations, ctx: Ctx, caller: Caller, key: string): Reply {
  parseQuery(ctx, new Set());
  const u = requireUser(dir.users, key);
  if (caller.kind !== 'delegated') throw forbidden(); // delegated permission only
  if (caller.userId === u.id) {
    throw badRequest('You cannot reset your own password with this method; use changePassword instead.');
  }
  if (!mayAct('resetPassword', dir.callerRoles(caller), standingOf(dir, u))) throw forbidden();
  const body = jsonBody(ctx, true);
  for (const k of Object.keys(body)) {
    if (k !== 'newPassword') {
      throw badRequest(`Property '${k}' does not exist on type 'microsoft.graph.passwordResetResponse'.`);
    }
  }
  const given = body.newPassword;
  if (given !== undefined && given !== null && typeof given !== 'string') {
    throw badRequest("Invalid value specified for property 'newPassword'.");
  }
  let password: string;
  const generated = given === undefined || given === null;
  if (generated) {
    if (u.onPremisesSyncEnabled === true) {
      throw badRequest(
        'This user is synchronized from on-premises: password writeback requires newPassword in the request body.',
      );
    }
    password = systemGeneratedPassword();
  } else {
    if (u.onPremisesSyncEnabled === true && u.passwordWriteback === false) {
      // Graph does not document this answer; the test directory gives the one it documents for writes to users
      // mastered on-premises, so the extension's refusal is tested against a real Graph error.
      throw badRequest(
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      );
    }
    if (checkEntraPasswordPolicy(given) !== undefined) {
      throw badRequest(
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    }
    password = given;
  }
  const now = isoNow();
  const op: Operation = {
    id: randomUUID(),
    userId: u.id,
    password,
    polls: 0,
    status: 'notStarted',
    statusDetail: null,
    createdDateTime: now,
    lastActionDateTime: now,
  };
  operations.add(op);
  dir.audit('Reset password (by admin)', u.id, caller);
  const headers = {
    location: `${dir.url}/v1.0/users/${u.id}/authentication/operations/${op.id}`,
    'retry-after': operations.retryAfter,
  };
  const replyBody = generated
    ? { '@odata.context': `${dir.url}/v1.0/$metadata#microsoft.graph.passwordResetResponse`, newPassword: password }
    : {};
  return { status: 202, headers, body: replyBody };
}

const CONSONANTS = 'bcdfghjklmnprstvwxyz';
const VOWELS = 'aeiou';

/** Like Graph's system-generated passwords ("Cuyo5459"): a pronounceable capitalised syllable pair and 4 digits. */
export function systemGeneratedPassword(): string {
  const c = () => CONSONANTS[randomInt(CONSONANTS.length)];
  const v = () => VOWELS[randomInt(VOWELS.length)];
  const letters = c().toUpperCase() + v() + c() + v();
  return letters + String(randomInt(10_000)).padStart(4, '0');
}
