// LDAP results and connection failures in plain words, from the directory's own answer (result code and
// diagnostic text, the ppolicy response control, Active Directory's "data 773"-style sub-codes). Every error
// says what happened and what to do next; none carries a password. Text that comes from the directory (the
// user's name, the server's diagnostic, an error's own message, which can quote a certificate or the server's
// words) goes through displayText: a name or a diagnostic cannot plant a "[x](command:...)" link in a
// notification, nor reorder the message with U+202E.
import { ResultCodeError } from 'ldapts';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import type { LdapFlavor } from './ldapConfig';
import { PASSWORD_POLICY_ERROR_WORDS, type PasswordPolicyResponse } from './passwordPolicyControl';

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

/** Active Directory's sub-code in a bind failure: "... AcceptSecurityContext error, data 773, v1db1". */
export function activeDirectoryDataCode(text: string): string | undefined {
  return /\bdata ([0-9a-f]{1,8})\b/i.exec(text)?.[1]?.toLowerCase();
}

const AD_BIND_DATA: Record<string, string> = {
  '525': 'the account does not exist',
  '52e': 'the password is wrong',
  '530': 'the account may not sign in at this time of day',
  '531': 'the account may not sign in from this computer',
  '532': 'the password has expired',
  '533': 'the account is disabled',
  '568': 'the account has too many security groups',
  '701': 'the account has expired',
  '773': 'the password must be changed before the account can be used',
  '775': 'the account is locked out',
};

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
  const said = text ? ` The directory said: "${displayText(oneLine(text), MAX_SERVER_TEXT)}".` : '';
  const details = { code: String(code), cause: e };
  const result = { ctx, code, text, said, details, who: userWords(ctx), ad: ctx.flavor === 'activeDirectory' };
  const name = RESULT_NAMES.get(code);
  const mapped = name ? RESULT_RULES[name]?.(result) : undefined;
  if (mapped) return mapped;
  return new DirectoryError(
    'badRequest',
    `${ctx.directoryName} refused the ${OPERATION_WORDS[ctx.operation]} (LDAP result ${code}, ${resultName(e)}).${said}${ctx.operation === 'reset' || ctx.operation === 'action' ? ' Nothing was changed.' : ''}`,
    'Check the directory\'s settings and its log; "Directory: Show Log" has the details.',
    details,
  );
}

/** What a rule knows about a failed operation. */
interface LdapFailure {
  readonly ctx: LdapErrorContext;
  readonly code: number;
  /** The server's diagnostic, as sent. */
  readonly text: string;
  /** The diagnostic as a sentence to append, plain and bounded; '' when there is none. */
  readonly said: string;
  readonly details: { readonly code: string; readonly cause: unknown };
  /** The user, as plain, bounded text. */
  readonly who: string;
  readonly ad: boolean;
}

type LdapResultName = keyof typeof LdapResult;

const RESULT_NAMES = new Map<number, LdapResultName>(
  Object.entries(LdapResult).map(([k, v]) => [v, k as LdapResultName]),
);

/**
 * The words for each result code, by the operation that failed. A rule that returns undefined leaves the error
 * to the general "refused the ..." message.
 */
const RESULT_RULES: Partial<Record<LdapResultName, (f: LdapFailure) => DirectoryError | undefined>> = {
  invalidCredentials: ({ ctx, text, details, ad }) => {
    if (ctx.operation !== 'bind') return undefined;
    const data = ad ? activeDirectoryDataCode(text) : undefined;
    const why = data && AD_BIND_DATA[data] ? ` (${AD_BIND_DATA[data]})` : '';
    const expired = data === '773' || data === '532';
    return new DirectoryError(
      'signInRequired',
      `${ctx.directoryName} did not accept the bind password of ${ctx.bindDn}${why}.`,
      expired
        ? `Change the service account's password in the directory first, then run "Directory: Sign In" with the new one.`
        : `Run "Directory: Sign In" and enter the password of ${ctx.bindDn}.`,
      details,
    );
  },
  insufficientAccessRights: ({ ctx, said, details, who, ad }) => {
    if (ctx.operation === 'reset') {
      return new DirectoryError(
        'forbidden',
        `The service account ${ctx.bindDn} may not change the password of ${who} (insufficient access).${said} Nothing was changed.`,
        ad
          ? `Delegate "Reset password" and write access to pwdLastSet on the users' organizational unit to ${ctx.bindDn}.`
          : `Give ${ctx.bindDn} "write" access to userPassword and pwdReset of these users (olcAccess: to attrs=userPassword,pwdReset by dn.exact="${ctx.bindDn}" write). "write" is enough; "manage" would bypass the password policy.`,
        details,
      );
    }
    return new DirectoryError(
      'forbidden',
      `The service account ${ctx.bindDn} may not read ${ctx.operation === 'read' ? who : 'the users'} (insufficient access).${said}`,
      `Give ${ctx.bindDn} read access to the user entries under ${ctx.baseDn ?? 'the base DN'}.`,
      details,
    );
  },
  constraintViolation: ({ ctx, text, said, details, who, ad }) => {
    if (ctx.operation === 'reset') {
      const rule = ctx.policy?.errorName ? ` (${PASSWORD_POLICY_ERROR_WORDS[ctx.policy.errorName]})` : '';
      const adPolicy =
        ad && /0000052D/i.test(text) ? ' (the domain password policy: length, complexity, history or minimum age)' : '';
      return new DirectoryError(
        'passwordRejected',
        `The directory's password policy rejected the generated password for ${who}${rule || adPolicy}.${said} Nothing was changed.`,
        'Make "passwordPolicy.length" of this directory (or "directoryReset.passwordLength") at least the policy\'s minimum, or set "passwordPolicy.symbols" to what it accepts, then try again.',
        details,
      );
    }
    return undefined;
  },
  noSuchObject: ({ ctx, said, details, who }) => {
    if (ctx.operation === 'search') {
      return new DirectoryError(
        'configuration',
        `The base DN ${ctx.baseDn ?? ''} does not exist in ${ctx.directoryName}.${said}`,
        'Check "baseDn" in the directory\'s settings.',
        details,
      );
    }
    return new DirectoryError(
      'notFound',
      `${capitalize(who)} is no longer in ${ctx.directoryName} (it may have been moved, renamed or deleted).${said}${ctx.operation === 'reset' ? ' Nothing was changed.' : ''}`,
      'Refresh the list and find the user again.',
      details,
    );
  },
  unwillingToPerform: ({ ctx, said, details, who, ad }) => {
    if (ctx.operation === 'reset') {
      return new DirectoryError(
        'badRequest',
        `${ctx.directoryName} refused to set the password of ${who} (unwilling to perform).${said} Nothing was changed.`,
        ad
          ? 'Active Directory sets passwords only over an encrypted connection: use an ldaps:// URL, or "startTls": true. If you do, check that the account may have its password set.'
          : "Check the directory's log for why it refused this change.",
        details,
      );
    }
    return new DirectoryError(
      'badRequest',
      `${ctx.directoryName} refused the request (unwilling to perform).${said}`,
      "Check the directory's log.",
      details,
    );
  },
  strongerAuthRequired: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      `${ctx.directoryName} requires an encrypted connection.${said}`,
      'Use an ldaps:// URL, or set "startTls": true for ldap://.',
      details,
    );
  },
  confidentialityRequired: (m) => RESULT_RULES.strongerAuthRequired!(m),
  undefinedAttributeType: ({ ctx, said, details, ad }) => {
    if (ctx.operation === 'reset') {
      return new DirectoryError(
        'configuration',
        `${ctx.directoryName} does not know an attribute the reset needs.${said} Nothing was changed.`,
        ad
          ? 'Check that "flavor" is right: "activeDirectory" sets unicodePwd and pwdLastSet.'
          : 'OpenLDAP needs the ppolicy overlay (for pwdReset, so the user must change the password at next bind); or set "flavor": "activeDirectory" for Active Directory.',
        details,
      );
    }
    return undefined;
  },
  noSuchAttribute: (m) => RESULT_RULES.undefinedAttributeType!(m),
  sizeLimitExceeded: ({ ctx, code, said, details, ad }) => {
    return new DirectoryError(
      'badRequest',
      `${ctx.directoryName} stopped the search at one of its limits (${code === LdapResult.timeLimitExceeded ? 'time' : 'size'}).${said}`,
      ad
        ? 'Search for fewer users, or have the directory administrator raise the limits (MaxPageSize, MaxQueryDuration) for the service account.'
        : `Search for fewer users, or have the directory administrator lift the paged-search limit for the service account (olcLimits: dn.exact="${ctx.bindDn}" size.prtotal=unlimited).`,
      details,
    );
  },
  adminLimitExceeded: (m) => RESULT_RULES.sizeLimitExceeded!(m),
  timeLimitExceeded: (m) => RESULT_RULES.sizeLimitExceeded!(m),
  referral: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      `${ctx.directoryName} does not hold ${ctx.baseDn ?? 'this entry'} itself and referred the request elsewhere.${said}`,
      'Point "url" at a server that holds the base DN (for Active Directory, a domain controller of that domain).',
      details,
    );
  },
  unavailableCriticalExtension: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      `${ctx.directoryName} does not support a control the extension needs (paged results).${said}`,
      'Use a server that supports the simple paged results control (RFC 2696).',
      details,
    );
  },
  invalidDnSyntax: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      `${ctx.directoryName} did not accept a DN as written.${said}`,
      'Check "baseDn" and "bindDn" in the directory\'s settings.',
      details,
    );
  },
  busy: ({ ctx, said, details }) => {
    return new DirectoryError(
      ctx.operation === 'reset' && ctx.requestSent ? 'outcomeUnknown' : 'unavailable',
      `${ctx.directoryName} is busy or unavailable.${said}${ctx.operation === 'reset' ? ' Nothing was changed.' : ''}`,
      'Try again in a minute.',
      { ...details, mayHaveArrived: false },
    );
  },
  unavailable: (m) => RESULT_RULES.busy!(m),
};

const OPERATION_WORDS: Record<LdapOperation, string> = {
  connect: 'connection',
  bind: 'sign-in',
  search: 'search',
  read: 'read of the user',
  reset: 'password change',
  action: 'account change',
};

/** The server's diagnostic and an error's message are shown as plain text of at most this many characters. */
const MAX_SERVER_TEXT = 300;

/** The user a message is about, as plain, bounded text. */
function userWords(ctx: LdapErrorContext): string {
  return ctx.userName ? displayText(ctx.userName, 256) : 'the user';
}

function mapTransportError(e: unknown, ctx: LdapErrorContext): DirectoryError {
  const raw = e instanceof Error ? e : new Error(String(e));
  const code = (raw as { code?: unknown }).code;
  // The message may quote the server (a certificate's names, a TLS alert): plain text only.
  const error = { message: displayText(oneLine(raw.message), MAX_SERVER_TEXT) };
  if (typeof code === 'string' && TLS_VERIFY_CODES.has(code)) {
    return new DirectoryError(
      'configuration',
      `The certificate of ${ctx.url} could not be verified (${error.message}).`,
      'If the directory uses a private certificate authority, set "caCertificateFile" to a PEM file with that CA. The name in the URL must match the certificate.',
      { code, cause: e, mayHaveArrived: false },
    );
  }
  if (ctx.operation === 'reset' && ctx.requestSent) {
    return new DirectoryError(
      'outcomeUnknown',
      `The connection to ${ctx.directoryName} was lost while it changed the password of ${userWords(ctx)} (${error.message}). It is unknown whether the password was changed; no temporary password is shown.`,
      'Open the profile page and check "last password change"; reset again only if it did not change.',
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
    `Could not reach ${ctx.directoryName} at ${ctx.url} (${error.message}).`,
    tlsMismatch
      ? 'The server did not speak TLS as expected: use ldaps:// with the LDAPS port (usually 636), or ldap:// with "startTls": true on the LDAP port (usually 389).'
      : 'Check that the server is running and reachable from this machine, then retry.',
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

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
