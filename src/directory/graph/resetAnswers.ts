// What a reset's answer says when it is not a confirmation: the "outcome unknown" words of a Graph reset, and the
// checks that tell a real answer from a proxy's or a sign-in page's.
import { describeAnswer } from '../http/answer';
import type { JsonResponse } from '../http/jsonClient';
import type { DirectoryError } from '../errors';
import { isJsonObject } from '../kit/answers';
import { nameOf, outcomeUnknown } from '../kit/outcome';
import type { DirectoryUser } from '../types';

export function unknownOutcome(user: DirectoryUser, why: string): DirectoryError {
  return outcomeUnknown(
    user,
    why,
    'Check "last password change" on the profile page or in the Microsoft Entra admin center; reset again only if it did not change.',
  );
}

/** True for a JSON object that is the user `id` (Graph's ids are GUIDs: compared without case). */
export function isUserNamed(json: unknown, id: string): boolean {
  if (!isJsonObject(json)) return false;
  const got = (json as { id?: unknown }).id;
  return typeof got === 'string' && got.toLowerCase() === id.toLowerCase();
}

/** What arrived instead of a confirmation, e.g. "HTTP 200 with a web page (text/html)", and what may cause it. */
export function notAConfirmation(res: JsonResponse, jsonWords: string, user: DirectoryUser): string {
  return `The answer to the reset of ${nameOf(user)} was ${describeAnswer(res, jsonWords)}, not a confirmation; a proxy, firewall or sign-in page may be in the way`;
}
