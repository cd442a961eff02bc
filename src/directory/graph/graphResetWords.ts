// The words of a Graph password reset that did not go through: refused by the directory's policy or its roles,
// or with an outcome that cannot be told. Kept apart from graphProvider.ts, which sends the requests.
import * as l10n from '@vscode/l10n';
import { DirectoryError } from '../errors';
import { describeAnswer } from '../http/answer';
import type { JsonResponse } from '../http/jsonClient';
import { isJsonObject } from '../kit/answers';
import { nameOf, outcomeUnknown } from '../kit/outcome';
import type { DirectoryUser, MustChangeNote } from '../types';
import { listWords } from './targetRoles';

type Details = DirectoryError['details'];

export function unknownOutcome(user: DirectoryUser, why: string): DirectoryError {
  return outcomeUnknown(
    user,
    why,
    l10n.t(
      'Check "last password change" on the profile page or in the Microsoft Entra admin center; reset again only if it did not change.',
    ),
  );
}

/** What arrived instead of a confirmation, e.g. "HTTP 200 with a web page (text/html)", and what may cause it. */
export function notAConfirmation(res: JsonResponse, jsonWords: string, user: DirectoryUser): string {
  return l10n.t(
    'The answer to the reset of {0} was {1}, not a confirmation; a proxy, firewall or sign-in page may be in the way',
    nameOf(user),
    describeAnswer(res, jsonWords),
  );
}

export function passwordRejected(user: DirectoryUser, details: Details): DirectoryError {
  return new DirectoryError(
    'passwordRejected',
    l10n.t(
      "The directory's password policy rejected the generated password for {0}. Nothing was changed.",
      nameOf(user),
    ),
    l10n.t('Raise "directoryReset.passwordLength" or check the tenant\'s custom banned-password list, then try again.'),
    details,
  );
}

/**
 * Graph refused to write a synced user's password. `method`: resetPassword reaches on-premises only through password
 * writeback, so its refusal means writeback is off; passwordProfile never writes a synced user.
 */
export function syncedRefusal(
  user: DirectoryUser,
  details: Details,
  method: 'systemGenerated' | 'passwordProfile',
): DirectoryError {
  return new DirectoryError(
    'refused',
    l10n.t(
      '{0} is synced from on-premises Active Directory, so the password is mastered there. Nothing was changed.',
      nameOf(user),
    ),
    method === 'systemGenerated'
      ? l10n.t(
          'Password writeback is off for this account. A Hybrid Identity Administrator or Global Administrator can turn it on (Microsoft Entra Connect or Cloud Sync, and Protection > Password reset > On-premises integration); until then, reset it in Active Directory.',
        )
      : l10n.t(
          'Sign in as yourself ("authentication": "vscode") so that the reset goes through resetPassword, which reaches Active Directory where password writeback is on; or reset it in Active Directory.',
        ),
    details,
  );
}

/**
 * After a 403: who may reset this user. `targetRoles`: the user's own admin roles (undefined when they could not
 * be read); `roles`: the roles that may reset such a user.
 */
export function forbiddenToReset(
  user: DirectoryUser,
  targetRoles: readonly string[] | undefined,
  roles: readonly string[],
  details: Details,
): DirectoryError {
  const message = targetRoles?.length
    ? l10n.t(
        'You may not reset the password of {0}. {0} holds {1}, so only someone with one of these roles may: {2}.',
        nameOf(user),
        listWords(targetRoles),
        listWords(roles),
      )
    : l10n.t(
        'You may not reset the password of {0}. Only someone with one of these roles may: {1}.',
        nameOf(user),
        listWords(roles),
      );
  const unread =
    targetRoles === undefined
      ? ` ${l10n.t('(For users who hold admin roles themselves, stronger roles are needed.)')}`
      : '';
  return new DirectoryError(
    'forbidden',
    message + unread,
    l10n.t(
      'Ask a colleague with one of those roles, or ask for the role in Privileged Identity Management. If you have the role, the app may lack the permission User-PasswordProfile.ReadWrite.All or UserAuthenticationMethod.ReadWrite.All with admin consent.',
    ),
    details,
  );
}

/** True for a JSON object that is the user `id` (Graph's ids are GUIDs: compared without case). */
export function isUserNamed(json: unknown, id: string): boolean {
  if (!isJsonObject(json)) return false;
  const got = (json as { id?: unknown }).id;
  return typeof got === 'string' && got.toLowerCase() === id.toLowerCase();
}

/** Asked for MFA with a reset that cannot carry it: refuse before any request rather than leave it out. */
export function mfaNeedsPasswordProfile(): DirectoryError {
  return new DirectoryError(
    'configuration',
    l10n.t(
      'Microsoft Graph can require MFA before the new password only when it resets through the password profile, and this directory resets through resetPassword.',
    ),
    l10n.t('Set "directoryReset.resetMethod" to "passwordProfile", or reset without "Require MFA".'),
  );
}

/** Graph took a passwordProfile PATCH with another 2xx than 204: it did not say it stored the flag. */
export function unconfirmedFlagNote(status: number): MustChangeNote {
  return {
    why: l10n.t(
      'Microsoft Graph accepted the new password but answered HTTP {0} instead of 204 No Content, so it did not confirm that it stored "change password at next sign-in".',
      status,
    ),
    nextStep: l10n.t(
      'Open the user in the Microsoft Entra admin center and reset the password there with "Require this user to change their password when they first sign in".',
    ),
  };
}
