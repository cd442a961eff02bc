// Microsoft Graph error answers -> DirectoryError in plain words with the next step.
// Graph's shape: {"error":{"code","message","innerError":{"request-id",...}}}. We branch on the status
// and `code`; only where Graph uses one code for several causes (400 Request_BadRequest: password
// policy vs. on-premises mastered account) do we look at the message, loosely.
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import { parseClaimsChallenge } from '../http/authChallenge';
import { badResponse, describeNonJson, NOT_JSON, type ErrorResponse } from '../http/jsonClient';
import { SERVER_UNAVAILABLE } from '../kit/answers';

/** Graph's own message is shown to the person: as plain text, and never more than this many characters. */
const MAX_SERVER_MESSAGE = 300;

export interface GraphErrorBody {
  readonly code: string;
  readonly message: string;
}

export function readGraphError(json: unknown): GraphErrorBody | undefined {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!error || typeof error.code !== 'string') return undefined;
  return {
    code: displayText(error.code, 100),
    message: typeof error.message === 'string' ? displayText(error.message, MAX_SERVER_MESSAGE) : '',
  };
}

/** Generic mapping; operations that know more (a reset's 403) refine it. */
export function mapGraphError(res: ErrorResponse, directoryName: string): DirectoryError {
  const details = { status: res.status, requestId: res.requestId };
  if (res.json === NOT_JSON) return badResponse(res.status, describeNonJson(res.text));
  const error = readGraphError(res.json);
  const code = error?.code;
  const withCode = { ...details, code };
  switch (res.status) {
    case 401:
      if (parseClaimsChallenge(res.headers['www-authenticate'])) {
        return new DirectoryError(
          'signInRequired',
          l10n.t(
            '{0} asks for a sign-in that meets its Conditional Access policy (for example multi-factor authentication, or a sign-in after your session was revoked).',
            directoryName,
          ),
          l10n.t('Sign in again with "Directory: Sign In" and complete the steps the sign-in window asks for.'),
          withCode,
        );
      }
      return new DirectoryError(
        'signInRequired',
        l10n.t('{0} did not accept your sign-in (it may have expired or been revoked).', directoryName),
        l10n.t('Sign in again with "Directory: Sign In".'),
        withCode,
      );
    case 403:
      return new DirectoryError(
        'forbidden',
        l10n.t('{0} refused: the signed-in account or app lacks the permission or admin role for this.', directoryName),
        l10n.t('Ask a Global Administrator to grant the permission (see the README, "Permissions and roles").'),
        withCode,
      );
    case 404:
      return new DirectoryError(
        'notFound',
        l10n.t('That user no longer exists in the directory (it may have been deleted or renamed).'),
        l10n.t('Refresh the list.'),
        withCode,
      );
    case 429:
      return new DirectoryError(
        'throttled',
        l10n.t('{0} is throttling requests and kept asking to wait.', directoryName),
        l10n.t('Wait a minute, then try again.'),
        withCode,
      );
  }
  if (SERVER_UNAVAILABLE.has(res.status)) {
    return new DirectoryError(
      'unavailable',
      l10n.t('{0} is temporarily unavailable (HTTP {1}).', directoryName, res.status),
      l10n.t('Try again in a few minutes; Microsoft 365 service health may show an incident.'),
      withCode,
    );
  }
  if (res.status === 400 && code === 'Request_UnsupportedQuery') {
    return new DirectoryError(
      'badRequest',
      l10n.t('{0} could not run this query: {1}.', directoryName, error?.message ?? l10n.t('unsupported query')),
      l10n.t('Change the search text and try again.'),
      withCode,
    );
  }
  return new DirectoryError(
    'badRequest',
    code
      ? l10n.t(
          '{0} refused the request (HTTP {1}, {2}): {3}',
          directoryName,
          res.status,
          code,
          error?.message ?? l10n.t('no details'),
        )
      : l10n.t(
          '{0} refused the request (HTTP {1}): {2}',
          directoryName,
          res.status,
          error?.message ?? l10n.t('no details'),
        ),
    l10n.t('Check the "Directory Reset" log for the request-id and report it to your directory administrator.'),
    withCode,
  );
}

/** True for Graph's "password does not comply with password complexity requirements". */
export function isPasswordPolicyError(res: ErrorResponse): boolean {
  const error = readGraphError(res.json);
  return (
    res.status === 400 &&
    error !== undefined &&
    /password/i.test(error.message) &&
    /complex|policy|comply/i.test(error.message)
  );
}

/** True for Graph's refusal to write a synced (on-premises mastered) account. */
export function isOnPremisesMasteredError(res: ErrorResponse): boolean {
  const error = readGraphError(res.json);
  return res.status === 400 && error !== undefined && /on-premises|Directory Sync/i.test(error.message);
}
