// The words for each LDAP result code (RFC 4511 appendix A) of a failed operation, by the operation that failed:
// what ldapErrors.ts's mapLdapError says when the server answered with a result it knows more about. Every error
// says what happened and what to do next, in the person's language; the directory's own words (a name, a DN, its
// diagnostic) are arguments, as plain text.
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import type { LdapErrorContext, LdapResult } from './ldapErrors';
import { passwordPolicyErrorWords } from './passwordPolicyControl';

/** What a rule knows about a failed operation. */
export interface LdapFailure {
  readonly ctx: LdapErrorContext;
  readonly code: number;
  /** The server's diagnostic, as sent. */
  readonly text: string;
  /** The diagnostic as a sentence to append (with a leading space), plain and bounded; '' when there is none. */
  readonly said: string;
  readonly details: { readonly code: string; readonly cause: unknown };
  /** The user, as plain, bounded text. */
  readonly who: string;
  readonly ad: boolean;
}

/** The names of the result codes (ldapErrors.ts's LdapResult); not every one has a rule. */
export type LdapRuleName = keyof typeof LdapResult;

/** Active Directory's sub-code in a bind failure: "... AcceptSecurityContext error, data 773, v1db1". */
export function activeDirectoryDataCode(text: string): string | undefined {
  return /\bdata ([0-9a-f]{1,8})\b/i.exec(text)?.[1]?.toLowerCase();
}

/** Why Active Directory refused a bind, from its sub-code (a fragment, shown in parentheses). */
function adBindReason(data: string | undefined): string | undefined {
  switch (data) {
    case '525':
      return l10n.t({ message: 'the account does not exist', comment: ['why a bind failed, in parentheses'] });
    case '52e':
      return l10n.t({ message: 'the password is wrong', comment: ['why a bind failed, in parentheses'] });
    case '530':
      return l10n.t({
        message: 'the account may not sign in at this time of day',
        comment: ['why a bind failed, in parentheses'],
      });
    case '531':
      return l10n.t({
        message: 'the account may not sign in from this computer',
        comment: ['why a bind failed, in parentheses'],
      });
    case '532':
      return l10n.t({ message: 'the password has expired', comment: ['why a bind failed, in parentheses'] });
    case '533':
      return l10n.t({ message: 'the account is disabled', comment: ['why a bind failed, in parentheses'] });
    case '568':
      return l10n.t({
        message: 'the account has too many security groups',
        comment: ['why a bind failed, in parentheses'],
      });
    case '701':
      return l10n.t({ message: 'the account has expired', comment: ['why a bind failed, in parentheses'] });
    case '773':
      return l10n.t({
        message: 'the password must be changed before the account can be used',
        comment: ['why a bind failed, in parentheses'],
      });
    case '775':
      return l10n.t({ message: 'the account is locked out', comment: ['why a bind failed, in parentheses'] });
    default:
      return undefined;
  }
}

/** The user a message is about, as plain, bounded text. */
export function userWords(ctx: LdapErrorContext): string {
  return ctx.userName
    ? displayText(ctx.userName, 256)
    : l10n.t({ message: 'the user', comment: ['in place of the user\'s name, e.g. "the password of {0}"'] });
}

/** The first letter in upper case (a name or "the user" that starts a sentence). */
export function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * The words for each result code, by the operation that failed. A rule that returns undefined leaves the error
 * to the general "refused the ..." message. In every message the server's diagnostic, `said`, is a placeholder:
 * nothing, or the sentence ' The directory said: "...".' with its leading space.
 */
export const RESULT_RULES: Partial<Record<LdapRuleName, (f: LdapFailure) => DirectoryError | undefined>> = {
  invalidCredentials: ({ ctx, text, details, ad }) => {
    if (ctx.operation !== 'bind') return undefined;
    const data = ad ? activeDirectoryDataCode(text) : undefined;
    const why = adBindReason(data);
    const expired = data === '773' || data === '532';
    return new DirectoryError(
      'signInRequired',
      why
        ? l10n.t({
            message: '{0} did not accept the bind password of {1} ({2}).',
            args: [ctx.directoryName, ctx.bindDn, why],
            comment: ['{1}: the service account (bindDn); {2}: why, e.g. "the password is wrong"'],
          })
        : l10n.t('{0} did not accept the bind password of {1}.', ctx.directoryName, ctx.bindDn),
      expired
        ? l10n.t(
            'Change the service account\'s password in the directory first, then run "Directory: Sign In" with the new one.',
          )
        : l10n.t('Run "Directory: Sign In" and enter the password of {0}.', ctx.bindDn),
      details,
    );
  },
  insufficientAccessRights: ({ ctx, said, details, who, ad }) => {
    if (ctx.operation === 'reset') {
      return new DirectoryError(
        'forbidden',
        l10n.t({
          message:
            'The service account {0} may not change the password of {1} (insufficient access).{2} Nothing was changed.',
          args: [ctx.bindDn, who, said],
          comment: ['{2}: nothing, or a sentence with a leading space: The directory said: "..."'],
        }),
        ad
          ? l10n.t(
              'Delegate "Reset password" and write access to pwdLastSet on the users\' organizational unit to {0}.',
              ctx.bindDn,
            )
          : l10n.t(
              'Give {0} "write" access to userPassword and pwdReset of these users (olcAccess: to attrs=userPassword,pwdReset by dn.exact="{0}" write). "write" is enough; "manage" would bypass the password policy.',
              ctx.bindDn,
            ),
        details,
      );
    }
    return new DirectoryError(
      'forbidden',
      ctx.operation === 'read'
        ? l10n.t({
            message: 'The service account {0} may not read {1} (insufficient access).{2}',
            args: [ctx.bindDn, who, said],
            comment: ['{2}: nothing, or a sentence with a leading space: The directory said: "..."'],
          })
        : l10n.t({
            message: 'The service account {0} may not read the users (insufficient access).{1}',
            args: [ctx.bindDn, said],
            comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
          }),
      ctx.baseDn !== undefined
        ? l10n.t('Give {0} read access to the user entries under {1}.', ctx.bindDn, ctx.baseDn)
        : l10n.t('Give {0} read access to the user entries under the base DN.', ctx.bindDn),
      details,
    );
  },
  constraintViolation: ({ ctx, text, said, details, who, ad }) => {
    if (ctx.operation !== 'reset') return undefined;
    const reason = ctx.policy?.errorName
      ? passwordPolicyErrorWords(ctx.policy.errorName)
      : ad && /0000052D/i.test(text)
        ? l10n.t({
            message: 'the domain password policy: length, complexity, history or minimum age',
            comment: ['why a password was rejected, in parentheses'],
          })
        : undefined;
    return new DirectoryError(
      'passwordRejected',
      reason
        ? l10n.t({
            message:
              "The directory's password policy rejected the generated password for {0} ({1}).{2} Nothing was changed.",
            args: [who, reason, said],
            comment: [
              '{1}: the rule it broke; {2}: nothing, or a sentence with a leading space: The directory said: "..."',
            ],
          })
        : l10n.t({
            message: "The directory's password policy rejected the generated password for {0}.{1} Nothing was changed.",
            args: [who, said],
            comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
          }),
      l10n.t(
        'Make "passwordPolicy.length" of this directory (or "directoryReset.passwordLength") at least the policy\'s minimum, or set "passwordPolicy.symbols" to what it accepts, then try again.',
      ),
      details,
    );
  },
  noSuchObject: ({ ctx, said, details, who }) => {
    if (ctx.operation === 'search') {
      return new DirectoryError(
        'configuration',
        l10n.t({
          message: 'The base DN {0} does not exist in {1}.{2}',
          args: [ctx.baseDn ?? '', ctx.directoryName, said],
          comment: ['{2}: nothing, or a sentence with a leading space: The directory said: "..."'],
        }),
        l10n.t('Check "baseDn" in the directory\'s settings.'),
        details,
      );
    }
    return new DirectoryError(
      'notFound',
      ctx.operation === 'reset'
        ? l10n.t({
            message: '{0} is no longer in {1} (it may have been moved, renamed or deleted).{2} Nothing was changed.',
            args: [capitalize(who), ctx.directoryName, said],
            comment: ['{2}: nothing, or a sentence with a leading space: The directory said: "..."'],
          })
        : l10n.t({
            message: '{0} is no longer in {1} (it may have been moved, renamed or deleted).{2}',
            args: [capitalize(who), ctx.directoryName, said],
            comment: ['{2}: nothing, or a sentence with a leading space: The directory said: "..."'],
          }),
      l10n.t('Refresh the list and find the user again.'),
      details,
    );
  },
  unwillingToPerform: ({ ctx, said, details, who, ad }) => {
    if (ctx.operation === 'reset') {
      return new DirectoryError(
        'badRequest',
        l10n.t({
          message: '{0} refused to set the password of {1} (unwilling to perform).{2} Nothing was changed.',
          args: [ctx.directoryName, who, said],
          comment: ['{2}: nothing, or a sentence with a leading space: The directory said: "..."'],
        }),
        ad
          ? l10n.t(
              'Active Directory sets passwords only over an encrypted connection: use an ldaps:// URL, or "startTls": true. If you do, check that the account may have its password set.',
            )
          : l10n.t("Check the directory's log for why it refused this change."),
        details,
      );
    }
    return new DirectoryError(
      'badRequest',
      l10n.t({
        message: '{0} refused the request (unwilling to perform).{1}',
        args: [ctx.directoryName, said],
        comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
      }),
      l10n.t("Check the directory's log."),
      details,
    );
  },
  strongerAuthRequired: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      l10n.t({
        message: '{0} requires an encrypted connection.{1}',
        args: [ctx.directoryName, said],
        comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
      }),
      l10n.t('Use an ldaps:// URL, or set "startTls": true for ldap://.'),
      details,
    );
  },
  confidentialityRequired: (m) => RESULT_RULES.strongerAuthRequired!(m),
  undefinedAttributeType: ({ ctx, said, details, ad }) => {
    if (ctx.operation !== 'reset') return undefined;
    return new DirectoryError(
      'configuration',
      l10n.t({
        message: '{0} does not know an attribute the reset needs.{1} Nothing was changed.',
        args: [ctx.directoryName, said],
        comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
      }),
      ad
        ? l10n.t('Check that "flavor" is right: "activeDirectory" sets unicodePwd and pwdLastSet.')
        : l10n.t(
            'OpenLDAP needs the ppolicy overlay (for pwdReset, so the user must change the password at next bind); or set "flavor": "activeDirectory" for Active Directory.',
          ),
      details,
    );
  },
  noSuchAttribute: (m) => RESULT_RULES.undefinedAttributeType!(m),
  sizeLimitExceeded: (m) => limitReached(m, 'size'),
  adminLimitExceeded: (m) => limitReached(m, 'size'),
  timeLimitExceeded: (m) => limitReached(m, 'time'),
  referral: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      ctx.baseDn !== undefined
        ? l10n.t({
            message: '{0} does not hold {1} itself and referred the request elsewhere.{2}',
            args: [ctx.directoryName, ctx.baseDn, said],
            comment: ['{1}: the base DN; {2}: nothing, or a sentence with a leading space: The directory said: "..."'],
          })
        : l10n.t({
            message: '{0} does not hold this entry itself and referred the request elsewhere.{1}',
            args: [ctx.directoryName, said],
            comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
          }),
      l10n.t(
        'Point "url" at a server that holds the base DN (for Active Directory, a domain controller of that domain).',
      ),
      details,
    );
  },
  unavailableCriticalExtension: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      l10n.t({
        message: '{0} does not support a control the extension needs (paged results).{1}',
        args: [ctx.directoryName, said],
        comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
      }),
      l10n.t('Use a server that supports the simple paged results control (RFC 2696).'),
      details,
    );
  },
  invalidDnSyntax: ({ ctx, said, details }) => {
    return new DirectoryError(
      'configuration',
      l10n.t({
        message: '{0} did not accept a DN as written.{1}',
        args: [ctx.directoryName, said],
        comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
      }),
      l10n.t('Check "baseDn" and "bindDn" in the directory\'s settings.'),
      details,
    );
  },
  busy: ({ ctx, said, details }) => {
    return new DirectoryError(
      ctx.operation === 'reset' && ctx.requestSent ? 'outcomeUnknown' : 'unavailable',
      ctx.operation === 'reset'
        ? l10n.t({
            message: '{0} is busy or unavailable.{1} Nothing was changed.',
            args: [ctx.directoryName, said],
            comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
          })
        : l10n.t({
            message: '{0} is busy or unavailable.{1}',
            args: [ctx.directoryName, said],
            comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
          }),
      l10n.t('Try again in a minute.'),
      { ...details, mayHaveArrived: false },
    );
  },
  unavailable: (m) => RESULT_RULES.busy!(m),
};

/** A search stopped at one of the server's limits (size, time, or an administrative limit). */
function limitReached({ ctx, said, details, ad }: LdapFailure, limit: 'size' | 'time'): DirectoryError {
  return new DirectoryError(
    'badRequest',
    limit === 'time'
      ? l10n.t({
          message: '{0} stopped the search at one of its limits (time).{1}',
          args: [ctx.directoryName, said],
          comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
        })
      : l10n.t({
          message: '{0} stopped the search at one of its limits (size).{1}',
          args: [ctx.directoryName, said],
          comment: ['{1}: nothing, or a sentence with a leading space: The directory said: "..."'],
        }),
    ad
      ? l10n.t(
          'Search for fewer users, or have the directory administrator raise the limits (MaxPageSize, MaxQueryDuration) for the service account.',
        )
      : l10n.t(
          'Search for fewer users, or have the directory administrator lift the paged-search limit for the service account (olcLimits: dn.exact="{0}" size.prtotal=unlimited).',
          ctx.bindDn,
        ),
    details,
  );
}
