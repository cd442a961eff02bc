// An enable, disable or unlock that failed, in plain words: which rights the service account lacks (per server
// and action), "outcome unknown" when the connection went while the modify was on its way, "changed meanwhile"
// when the compare-and-swap found another value. Everything else is ldapErrors.ts's general mapping.
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import { actionMayHaveHappened, type AccountStateAction } from '../kit/accountState';
import { actionOutcomeUnknown, nameOf } from '../kit/outcome';
import type { DirectoryUser } from '../types';
import { diagnosticText, ldapResultCode, LdapResult, mapLdapError, type LdapErrorContext } from './ldapErrors';

export interface LdapActionErrorContext extends LdapErrorContext {
  readonly action: AccountStateAction;
  readonly user: DirectoryUser;
}

/** "It is unknown whether the account of Ada was disabled", with how to find out. */
export function ldapActionOutcomeUnknown(ctx: LdapActionErrorContext, why: string): DirectoryError {
  return actionOutcomeUnknown(
    why,
    actionMayHaveHappened(ctx.user, ctx.action),
    l10n.t(
      'Refresh {0} in the list to see the account as the directory has it now, then try again if needed.',
      nameOf(ctx.user),
    ),
  );
}

/** The rights `action` needs on this server, as the next step of an "insufficient access". */
export function rightsNeeded(ctx: Pick<LdapActionErrorContext, 'flavor' | 'action' | 'bindDn'>): string {
  const unlock = ctx.action === 'unlockAccount';
  if (ctx.flavor === 'activeDirectory') {
    return unlock
      ? l10n.t(
          'Delegate write access to the lockoutTime attribute of user objects ("Read and write lockoutTime", as for unlocking accounts) on the users\' organizational unit to {0}.',
          ctx.bindDn,
        )
      : l10n.t(
          'Delegate write access to the userAccountControl attribute of user objects ("Read and write userAccountControl") on the users\' organizational unit to {0}.',
          ctx.bindDn,
        );
  }
  if (ctx.flavor === '389ds') {
    return l10n.t(
      'Give {0} write access to nsAccountLock of these users (an ACI with allow (write) on it).',
      ctx.bindDn,
    );
  }
  return unlock
    ? l10n.t(
        'Give {0} "manage" access to pwdAccountLockedTime and pwdFailureTime of these users (olcAccess: to attrs=pwdAccountLockedTime,pwdFailureTime by dn.exact="{0}" manage), before the rules that stop at "read". pwdFailureTime is an operational attribute: only "manage", with the Relax Rules control the extension sends, may clear it.',
        ctx.bindDn,
      )
    : l10n.t(
        'Give {0} "write" access to pwdAccountLockedTime of these users (olcAccess: to attrs=pwdAccountLockedTime,pwdFailureTime by dn.exact="{0}" manage also allows Unlock), before the rules that stop at "read".',
        ctx.bindDn,
      );
}

/** Maps anything a modify of `ctx.action` threw. */
export function mapLdapActionError(e: unknown, ctx: LdapActionErrorContext): DirectoryError {
  if (e instanceof DirectoryError) return e;
  const code = ldapResultCode(e);
  const text = diagnosticText(e);
  const said = text ? ' ' + l10n.t('The directory said: "{0}".', displayText(text.replace(/\s+/g, ' '), 300)) : '';
  const details = { code: code === undefined ? undefined : String(code), cause: e };
  const nothing = l10n.t('Nothing was changed.');
  if (code === undefined) {
    if (!ctx.requestSent) return mapLdapError(e, { ...ctx, operation: 'connect' });
    const message = displayText((e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' '), 300);
    return ldapActionOutcomeUnknown(
      ctx,
      l10n.t('The connection to {0} was lost while the change was on its way ({1}).', ctx.directoryName, message),
    );
  }
  const noUserModification = code === LdapResult.constraintViolation && /no user modification/i.test(text);
  if (code === LdapResult.insufficientAccessRights || noUserModification) {
    return new DirectoryError(
      'forbidden',
      l10n.t(
        'The service account {0} may not change whether {1} can sign in (insufficient access).{2} {3}',
        ctx.bindDn,
        nameOf(ctx.user),
        said,
        nothing,
      ),
      rightsNeeded(ctx),
      details,
    );
  }
  if (code === LdapResult.noSuchAttribute) {
    return new DirectoryError(
      'badRequest',
      l10n.t(
        'The account of {0} changed in {1} while this ran.{2} {3}',
        nameOf(ctx.user),
        ctx.directoryName,
        said,
        nothing,
      ),
      l10n.t('Refresh the list to see the account as it is now, then try again if it is still needed.'),
      details,
    );
  }
  if (code === LdapResult.unavailableCriticalExtension && ctx.action === 'unlockAccount') {
    return new DirectoryError(
      'configuration',
      l10n.t(
        '{0} does not support the Relax Rules control that clearing pwdFailureTime needs.{1} {2}',
        ctx.directoryName,
        said,
        nothing,
      ),
      l10n.t(
        'Unlock the account on the server as its administrator, or use OpenLDAP 2.4 or later with the ppolicy overlay.',
      ),
      details,
    );
  }
  if (code === LdapResult.busy || code === LdapResult.unavailable) {
    return new DirectoryError(
      'unavailable',
      l10n.t('{0} is busy or unavailable.{1} {2}', ctx.directoryName, said, nothing),
      l10n.t('Try again in a minute.'),
      { ...details, mayHaveArrived: false },
    );
  }
  if (code === LdapResult.unwillingToPerform) {
    return new DirectoryError(
      'badRequest',
      l10n.t(
        '{0} refused to change the account of {1} (unwilling to perform).{2} {3}',
        ctx.directoryName,
        nameOf(ctx.user),
        said,
        nothing,
      ),
      l10n.t("Check the directory's log for why it refused this change."),
      details,
    );
  }
  if (code === LdapResult.noSuchObject) return mapLdapError(e, { ...ctx, operation: 'read' });
  return mapLdapError(e, ctx);
}
