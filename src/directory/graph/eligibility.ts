// Which Entra ID accounts can have their password reset here, decided from the user's own fields
// before any request (the seed's note: only passwords that live in this tenant can be reset).
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import type { AccountSource } from '../types';

/** The Graph fields the decision needs; all must be in the list's $select. */
export interface GraphAccountFields {
  readonly displayName?: string | null;
  readonly userPrincipalName?: string | null;
  readonly userType?: string | null;
  readonly creationType?: string | null;
  readonly externalUserState?: string | null;
  readonly onPremisesSyncEnabled?: boolean | null;
  readonly identities?: ReadonlyArray<{ signInType?: string; issuer?: string }> | null;
}

export interface Eligibility {
  readonly source: AccountSource;
  /** Plain words: why the password cannot be reset here and where it can be. */
  readonly refusal?: string;
}

/**
 * `resetsSynced`: the provider resets through resetPassword (delegated sign-in), which writes a synced user's new
 * password back to on-premises Active Directory where password writeback is on; whether it is on, only the directory's
 * answer says. Without it (passwordProfile), a synced user is refused before any request.
 */
export function accountEligibility(u: GraphAccountFields, resetsSynced = false): Eligibility {
  // The refusal is shown in dialogs and on the profile page: the name in it as plain, bounded text.
  // Built only for a refusal: this runs for every listed user, and most can be reset.
  const name = () => displayText(u.displayName || u.userPrincipalName || l10n.t('This user'), 80);
  if (
    u.creationType === 'Invitation' ||
    u.userType === 'Guest' ||
    u.externalUserState ||
    u.userPrincipalName?.includes('#EXT#')
  ) {
    return {
      source: 'external',
      refusal: l10n.t(
        '{0} is a guest from another organisation or email provider. Their password is not kept in this directory, so it cannot be reset here: they reset it with their own organisation or account provider.',
        name(),
      ),
    };
  }
  if (u.creationType === 'SelfServiceSignUp') {
    return {
      source: 'external',
      refusal: l10n.t(
        '{0} signed up with an external account (self-service sign-up). Its password is managed by that account provider, so it cannot be reset here.',
        name(),
      ),
    };
  }
  const federated = u.identities?.find((i) => i?.signInType === 'federated');
  if (federated) {
    return {
      source: 'external',
      refusal: l10n.t(
        '{0} signs in through a federated identity provider ({1}). The password is managed there, so it cannot be reset here.',
        name(),
        displayText(federated.issuer ?? l10n.t('another provider'), 100),
      ),
    };
  }
  if (u.onPremisesSyncEnabled) {
    if (resetsSynced) return { source: 'synced' };
    return {
      source: 'synced',
      refusal: l10n.t(
        '{0} is synced from on-premises Active Directory, so the password is mastered there. With password writeback on, it can be reset here when you sign in as yourself ("authentication": "vscode"), not with an app secret. Otherwise reset it in Active Directory.',
        name(),
      ),
    };
  }
  return { source: 'cloud' };
}
