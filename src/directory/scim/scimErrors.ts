// SCIM error answers -> DirectoryError in plain words with the next step.
// RFC 7644 §3.12: {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400",
// "scimType":"invalidValue","detail":"..."}; `status` is a string in the RFC and a number in some services.
// We branch on the HTTP status and scimType and quote the service's `detail` (trimmed, one line, and never
// the password we sent: some services echo the rejected value).
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import { NOT_JSON, type ErrorResponse } from '../http/jsonClient';
import { SERVER_UNAVAILABLE } from '../kit/answers';

// Control characters and line separators (matching them is the point of this pattern).
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_AND_LINE_BREAKS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimErrorBody {
  readonly status?: number;
  readonly scimType?: string;
  readonly detail?: string;
}

/** What was being done, so one status can say the right thing (a 404 on the list is a wrong baseUrl). */
export type ScimOperation = 'list' | 'search' | 'read' | 'reset' | 'signIn';

export interface ScimErrorContext {
  readonly directoryName: string;
  readonly baseUrl: string;
  readonly operation: ScimOperation;
  /** The user concerned (read, reset), for the message. */
  readonly userLabel?: string;
  /** Removed from any detail the service sends back. */
  readonly secret?: string;
}

const MAX_DETAIL = 300;

/** The SCIM error body, or undefined when the body is not one (a proxy page, another API's error). */
export function readScimError(json: unknown): ScimErrorBody | undefined {
  if (json === NOT_JSON || typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const body = json as { schemas?: unknown; status?: unknown; scimType?: unknown; detail?: unknown };
  const isScim = Array.isArray(body.schemas) && body.schemas.includes(SCIM_ERROR_SCHEMA);
  if (!isScim && body.detail === undefined && body.scimType === undefined) return undefined;
  const status = Number(body.status);
  return {
    status: Number.isInteger(status) ? status : undefined,
    scimType: typeof body.scimType === 'string' && body.scimType ? displayText(body.scimType, 40) : undefined,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
  };
}

/**
 * The service's detail as one short line of plain text (see displayText: nothing invisible or reordering,
 * no links), without the secret; '' when there is none.
 */
export function cleanDetail(detail: string | undefined, secret?: string): string {
  if (!detail) return '';
  let text = detail;
  if (secret) text = text.split(secret).join('[password]');
  text = text.replace(CONTROL_AND_LINE_BREAKS, ' ').replace(/\s+/g, ' ').trim();
  return displayText(text, MAX_DETAIL);
}

/** " (HTTP 400, invalidValue: detail)" style suffix. */
function said(status: number, body: ScimErrorBody | undefined, secret?: string): string {
  const detail = cleanDetail(body?.detail, secret);
  const code = body?.scimType ? `, ${body.scimType}` : '';
  return ` (HTTP ${status}${code}${detail ? `: ${detail}` : ''})`;
}

/** Maps any SCIM error answer. The reset adds its own reading first (see resetErrorFromAnswer). */
export function mapScimError(res: ErrorResponse, ctx: ScimErrorContext): DirectoryError {
  const body = readScimError(res.json);
  const details = { status: res.status, requestId: res.requestId, code: body?.scimType };
  const name = ctx.directoryName;
  const why = said(res.status, body, ctx.secret);

  switch (res.status) {
    case 401:
      return new DirectoryError(
        'signInRequired',
        l10n.t('{0} did not accept the bearer token; it may have expired or been revoked{1}.', name, why),
        l10n.t('Get a new token from the SCIM service\'s administrator, then run "Directory: Sign In" and paste it.'),
        details,
      );
    case 403:
      return new DirectoryError(
        'forbidden',
        ctx.operation === 'reset'
          ? l10n.t(
              '{0} refused to change the password of {1}: the bearer token lacks the right to do it{2}. Nothing was changed.',
              name,
              ctx.userLabel ?? l10n.t('this user'),
              why,
            )
          : l10n.t('{0} refused: the bearer token lacks the right to read users{1}.', name, why),
        l10n.t(
          'Ask the SCIM service\'s administrator for a token that may read users and write their password, then run "Directory: Sign In" with it.',
        ),
        details,
      );
    case 404:
      if (ctx.operation === 'list' || ctx.operation === 'search' || ctx.operation === 'signIn') {
        return new DirectoryError(
          'configuration',
          l10n.t('{0} has no SCIM Users endpoint at {1}{2}.', name, `${ctx.baseUrl}/Users`, why),
          l10n.t(
            'Check "baseUrl" in "directoryReset.directories": it must be the SCIM service root, e.g. https://example.com/scim/v2.',
          ),
          details,
        );
      }
      return new DirectoryError(
        'notFound',
        ctx.userLabel
          ? l10n.t('{0} no longer exists in {1} (it may have been deleted or deprovisioned).', ctx.userLabel, name)
          : l10n.t('That user no longer exists in {0} (it may have been deleted or deprovisioned).', name),
        l10n.t('Refresh the list.'),
        details,
      );
    case 409:
    case 412:
      return new DirectoryError(
        'badRequest',
        l10n.t(
          '{0} refused the change because the user was changed at the same time or conflicts with another{1}.',
          name,
          why,
        ) + (ctx.operation === 'reset' ? ` ${l10n.t('Nothing was changed.')}` : ''),
        l10n.t('Refresh the list and try again.'),
        details,
      );
    case 429:
      return new DirectoryError(
        'throttled',
        l10n.t('{0} is throttling requests and kept asking to wait{1}.', name, why),
        l10n.t('Wait a minute, then try again.'),
        details,
      );
    case 501:
      return new DirectoryError(
        'configuration',
        ctx.operation === 'reset'
          ? l10n.t('{0} does not support changing passwords over SCIM (PATCH){1}. Nothing was changed.', name, why)
          : l10n.t('{0} does not support this SCIM request{1}.', name, why),
        ctx.operation === 'reset'
          ? l10n.t("Reset the password in the service's own admin console.")
          : l10n.t("Check the service's SCIM documentation; it may not support listing or filtering users."),
        details,
      );
  }
  if (SERVER_UNAVAILABLE.has(res.status)) {
    return new DirectoryError(
      'unavailable',
      l10n.t('{0} is temporarily unavailable{1}.', name, why),
      l10n.t("Try again in a few minutes; if it persists, check the service's status page."),
      details,
    );
  }
  if (res.status === 400 && body?.scimType === 'invalidFilter') {
    return new DirectoryError(
      'badRequest',
      l10n.t('{0} could not run this search{1}.', name, why),
      l10n.t('Change the search text and try again; some SCIM services do not accept every character in a filter.'),
      details,
    );
  }
  if (res.status === 400 && body?.scimType === 'tooMany') {
    return new DirectoryError(
      'badRequest',
      l10n.t('{0} found too many users for one answer{1}.', name, why),
      l10n.t('Search with a longer text.'),
      details,
    );
  }
  if (res.json === NOT_JSON && /^\s*</.test(res.text)) {
    return new DirectoryError(
      'badResponse',
      l10n.t('{0} answered HTTP {1} with a web page instead of a SCIM answer.', name, res.status),
      l10n.t(
        'A proxy or gateway may be in the way, or "baseUrl" may point at a website rather than the SCIM service root.',
      ),
      details,
    );
  }
  return new DirectoryError(
    'badRequest',
    l10n.t('{0} refused the request{1}.', name, why),
    l10n.t('Check the "Directory Reset" log for the request, and report it to the SCIM service\'s administrator.'),
    details,
  );
}

/**
 * A reset's own reading of a 400: the service's password policy refused the generated password
 * (invalidValue, invalidSyntax, or no scimType), or the service does not let SCIM write passwords at all
 * (mutability, noTarget, invalidPath). Undefined: let mapScimError decide.
 */
export function resetErrorFromAnswer(res: ErrorResponse, ctx: ScimErrorContext): DirectoryError | undefined {
  if (res.status !== 400) return undefined;
  const body = readScimError(res.json);
  const details = { status: res.status, requestId: res.requestId, code: body?.scimType };
  const name = ctx.directoryName;
  const user = ctx.userLabel ?? l10n.t('this user');
  const detail = cleanDetail(body?.detail, ctx.secret);
  const scimType = body?.scimType;
  if (scimType === 'mutability' || scimType === 'noTarget' || scimType === 'invalidPath') {
    return new DirectoryError(
      'refused',
      l10n.t(
        '{0} does not let passwords be set over SCIM{1}. Nothing was changed.',
        name,
        said(res.status, body, ctx.secret),
      ),
      l10n.t("Reset the password of {0} in the service's own admin console.", user),
      details,
    );
  }
  if (scimType === undefined || scimType === 'invalidValue' || scimType === 'invalidSyntax') {
    return new DirectoryError(
      'passwordRejected',
      detail
        ? l10n.t(
            "{0}'s password policy rejected the generated password for {1}: {2}. Nothing was changed.",
            name,
            user,
            detail,
          )
        : l10n.t("{0}'s password policy rejected the generated password for {1}. Nothing was changed.", name, user),
      l10n.t(
        'Set "passwordPolicy" (length, symbols) for {0} in "directoryReset.directories" to match the service\'s rules, then try again.',
        name,
      ),
      details,
    );
  }
  return undefined;
}
