// The user as the profile page shows it: only displayable fields cross to the page, with the account actions the
// directory can do for this user now and the notes on those it cannot.
import * as vscode from 'vscode';
import { displayText } from '../../directory/displayText';
import type { AccessReport, DirectoryUser, ProviderCapabilities } from '../../directory/types';
import { actionWords } from '../../commands/accountActionWords';
import { deniedActions, offeredActions } from '../../views/actionAvailability';
import type { ProfileMessage, ProfileUserView } from './protocol';

const sourceLabels = () => ({
  synced: vscode.l10n.t('Synced from on-premises Active Directory'),
  external: vscode.l10n.t('External / guest account'),
});

/** Only displayable fields cross to the page. After a full read, no date means the directory has none. */
export function toView(u: DirectoryUser, fullProfile: boolean, capabilities: ProviderCapabilities): ProfileUserView {
  return {
    id: u.id,
    displayName: u.displayName,
    signInName: u.signInName,
    mail: u.mail,
    jobTitle: u.jobTitle,
    department: u.department,
    accountEnabled: u.accountEnabled,
    locked: u.locked,
    userType: u.userType,
    source: u.source,
    sourceLabel: u.source === 'cloud' ? capabilities.accountLabel : sourceLabels()[u.source],
    mustChangePassword: u.mustChangePassword,
    passwordChangeNotReported: !capabilities.reportsLastPasswordChange || undefined,
    resetRefusal: u.resetRefusal,
    lastPasswordChangeDateTime: u.lastPasswordChangeDateTime ?? (fullProfile ? null : undefined),
  };
}

/** The page's action buttons and notes for `user`. */
export function actionsView(
  u: DirectoryUser,
  capabilities: ProviderCapabilities,
  access?: AccessReport,
): Pick<ProfileMessage, 'actions' | 'actionNotes'> {
  const denied = deniedActions(u, capabilities, access);
  return {
    actions: offeredActions(u, capabilities)
      .filter((a) => !denied.some((d) => d.action === a))
      .map((action) => ({ action, label: actionWords(action).label })),
    actionNotes: [
      ...Object.entries(capabilities.actionNotes ?? {})
        .filter(([action, note]) => note && !(capabilities.actions as readonly string[]).includes(action))
        .map(([, note]) => note ?? ''),
      // The pre-flight check's reasons, in place of the buttons it took away (and of the reset, which stays).
      ...denied.map((d) => d.reason),
    ].map((note) => displayText(note, 600)),
  };
}
