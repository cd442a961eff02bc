// LDAP results and connection failures in plain words, from the directory's own answer (result code and
// diagnostic text, the ppolicy response control, Active Directory's "data 773"-style sub-codes). Every error
// says what happened and what to do next; none carries a password. Text that comes from the directory (the
// user's name, the server's diagnostic, an error's own message, which can quote a certificate or the server's
// words) goes through displayText: a name or a diagnostic cannot plant a "[x](command:...)" link in a
// notification, nor reorder the message with U+202E.
// The words for each result code are in ldapResultRules.ts.
import * as l10n from '@vscode/l10n';
import { ResultCodeError } from 'ldapts';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import type { LdapFlavor } from './ldapConfig';
import { RESULT_RULES, userWords } from './ldapResultRules';
import type { PasswordPolicyResponse } from './passwordPolicyControl';

export { activeDirectoryDataCode } from './ldapResultRules';

/** LDAP result codes this module names (RFC 4511 appendix A). */
export const LdapResult = {
  operationsError: 1,
  protocolError: 2,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  strongerAuthRequired: 8,
  referral: 10,
  adminLimitExceeded: 11,
  unavailableCriticalExtension: 12,
  confidentialityRequired: 13,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  constraintViolation: 19,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  invalidDnSyntax: 34,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  objectClassViolation: 65,
} as const;

/** 'action': enable, disable or unlock (ldapActionErrors.ts words its own cases first). */
export type LdapOperation = 'connect' | 'bind' | 'search' | 'read' | 'reset' | 'action';

export interface LdapErrorContext {
  readonly directoryName: string;
  readonly flavor: LdapFlavor;
  readonly operation: LdapOperation;
  readonly url: string;
  /** ldap:// upgraded with StartTLS. */
  readonly startTls?: boolean;
  readonly bindDn: string;
  readonly baseDn?: string;
  /** The user being read or reset. */
  readonly userName?: string;
  /** The ppolicy response control's answer to the failed operation, if the server sent one. */
  readonly policy?: PasswordPolicyResponse;
  /** For 'reset' and 'action': true once the modify request may have reached the server. */
  readonly requestSent?: boolean;
}

/** The LDAP result code of an ldapts error, if it is one. */
export function ldapResultCode(e: unknown): number | undefined {
  return e instanceof ResultCodeError ? e.code : undefined;
}

/** The server's diagnostic message (ldapts appends " Code: 0x.." to it); '' when the server sent none. */
export function diagnosticText(e: unknown): string {
  if (!(e instanceof ResultCodeError)) return '';
  return e.message.replace(/\s*Code: 0x[0-9a-f]+\s*$/i, '').trim();
}

const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** True for failures of the connection itself (no LDAP answer): refused, reset, closed, timed out, TLS. */
export function isTransportError(e: unknown): boolean {
  if (e instanceof ResultCodeError || !(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || TLS_VERIFY_CODES.has(code) || code.startsWith('ERR_SSL')))
    return true;
  return /Connection (timeout|closed)|Socket (error|connection not established)|Operation timed out|socket hang up|TLS|SSL|certificate/i.test(
    e.message,
  );
}

/** Maps anything an LDAP operation threw to a DirectoryError in plain words. */
export function mapLdapError(e: unknown, ctx: LdapErrorContext): DirectoryError {
  if (e instanceof DirectoryError) return e;
  const code = ldapResultCode(e);
  if (code === undefined) return mapTransportError(e, ctx);
  const text = diagnosticText(e);
  const said = text ? ' ' + l10n.t('The directory said: "{0}".', displayText(oneLine(text), MAX_SERVER_TEXT)) : '';
  const details = { code: String(code), cause: e };
  const result = { ctx, code, text, said, details, who: userWords(ctx), ad: ctx.flavor === 'activeDirectory' };
  const name = RESULT_NAMES.get(code);
  const mapped = name ? RESULT_RULES[name]?.(result) : undefined;
  if (mapped) return mapped;
  return new DirectoryError(
    'badRequest',
    refusedMessage(ctx, code, resultName(e), said),
    l10n.t('Check the directory\'s settings and its log; "Directory: Show Log" has the details.'),
    details,
  );
}

/**
 * The general message for a result without a rule: one whole sentence for each operation (the comments are
 * written out in each call, as the bundle's key includes them).
 */
function refusedMessage(ctx: LdapErrorContext, code: number, name: string, said: string): string {
  const args = [ctx.directoryName, String(code), name, said];
  switch (ctx.operation) {
    case 'connect':
      return l10n.t({
        message: '{0} refused the connection (LDAP result {1}, {2}).{3}',
        args,
        comment: [
          '{1}: an LDAP result code; {2}: its name, e.g. "insufficient access rights"; {3}: nothing, or a sentence with a leading space: The directory said: "..."',
        ],
      });
    case 'bind':
      return l10n.t({
        message: '{0} refused the sign-in (LDAP result {1}, {2}).{3}',
        args,
        comment: [
          '{1}: an LDAP result code; {2}: its name, e.g. "insufficient access rights"; {3}: nothing, or a sentence with a leading space: The directory said: "..."',
        ],
      });
    case 'search':
      return l10n.t({
        message: '{0} refused the search (LDAP result {1}, {2}).{3}',
        args,
        comment: [
          '{1}: an LDAP result code; {2}: its name, e.g. "insufficient access rights"; {3}: nothing, or a sentence with a leading space: The directory said: "..."',
        ],
      });
    case 'read':
      return l10n.t({
        message: '{0} refused the read of the user (LDAP result {1}, {2}).{3}',
        args,
        comment: [
          '{1}: an LDAP result code; {2}: its name, e.g. "insufficient access rights"; {3}: nothing, or a sentence with a leading space: The directory said: "..."',
        ],
      });
    case 'reset':
      return l10n.t({
        message: '{0} refused the password change (LDAP result {1}, {2}).{3} Nothing was changed.',
        args,
        comment: [
          '{1}: an LDAP result code; {2}: its name, e.g. "insufficient access rights"; {3}: nothing, or a sentence with a leading space: The directory said: "..."',
        ],
      });
    case 'action':
      return l10n.t({
        message: '{0} refused the account change (LDAP result {1}, {2}).{3} Nothing was changed.',
        args,
        comment: [
          '{1}: an LDAP result code; {2}: its name, e.g. "insufficient access rights"; {3}: nothing, or a sentence with a leading space: The directory said: "..."',
        ],
      });
  }
}

type LdapResultName = keyof typeof LdapResult;

const RESULT_NAMES = new Map<number, LdapResultName>(
  Object.entries(LdapResult).map(([k, v]) => [v, k as LdapResultName]),
);

/** The server's diagnostic and an error's message are shown as plain text of at most this many characters. */
const MAX_SERVER_TEXT = 300;

function mapTransportError(e: unknown, ctx: LdapErrorContext): DirectoryError {
  const raw = e instanceof Error ? e : new Error(String(e));
  const code = (raw as { code?: unknown }).code;
  // The message may quote the server (a certificate's names, a TLS alert): plain text only.
  const error = { message: displayText(oneLine(raw.message), MAX_SERVER_TEXT) };
  if (typeof code === 'string' && TLS_VERIFY_CODES.has(code)) {
    return new DirectoryError(
      'configuration',
      l10n.t('The certificate of {0} could not be verified ({1}).', ctx.url, error.message),
      l10n.t(
        'If the directory uses a private certificate authority, set "caCertificateFile" to a PEM file with that CA. The name in the URL must match the certificate.',
      ),
      { code, cause: e, mayHaveArrived: false },
    );
  }
  if (ctx.operation === 'reset' && ctx.requestSent) {
    return new DirectoryError(
      'outcomeUnknown',
      l10n.t({
        message:
          'The connection to {0} was lost while it changed the password of {1} ({2}). It is unknown whether the password was changed; no temporary password is shown.',
        args: [ctx.directoryName, userWords(ctx), error.message],
        comment: ['{2}: the connection error, as reported'],
      }),
      l10n.t('Open the profile page and check "last password change"; reset again only if it did not change.'),
      { code: typeof code === 'string' ? code : undefined, cause: e },
    );
  }
  // TLS on a port that does not speak it, or StartTLS sent to an LDAPS port (which closes the connection).
  const tlsMismatch =
    (typeof code === 'string' && code.startsWith('ERR_SSL')) ||
    (ctx.url.startsWith('ldaps:') && /TLS|SSL/.test(raw.message)) ||
    (ctx.startTls === true && /ExtendedRequest/.test(raw.message));
  return new DirectoryError(
    'unavailable',
    l10n.t({
      message: 'Could not reach {0} at {1} ({2}).',
      args: [ctx.directoryName, ctx.url, error.message],
      comment: ['{1}: the LDAP URL; {2}: the connection error, as reported'],
    }),
    tlsMismatch
      ? l10n.t(
          'The server did not speak TLS as expected: use ldaps:// with the LDAPS port (usually 636), or ldap:// with "startTls": true on the LDAP port (usually 389).',
        )
      : l10n.t('Check that the server is running and reachable from this machine, then retry.'),
    {
      code: typeof code === 'string' ? code : undefined,
      cause: e,
      mayHaveArrived: !(ctx.operation === 'reset' && !ctx.requestSent),
    },
  );
}

function resultName(e: unknown): string {
  const name = e instanceof Error ? e.name.replace(/Error$/, '') : 'error';
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
