// Every text of the profile page that is not data, in VS Code's display language. The page (media/profile.js) gets
// them in its 'init' message and writes them with textContent; its own English copies are only a fallback.
import * as vscode from 'vscode';
import type { ProfileStrings } from './protocol';

export function profileStrings(): ProfileStrings {
  return {
    directoryLabel: vscode.l10n.t('Directory:'),
    cannotReset: vscode.l10n.t('This password cannot be reset here.'),
    resetPassword: vscode.l10n.t('Reset Password...'),
    openPortal: vscode.l10n.t('Open in Microsoft Entra admin center'),
    temporaryPassword: vscode.l10n.t('Temporary password'),
    reveal: vscode.l10n.t('Reveal'),
    hide: vscode.l10n.t('Hide'),
    copy: vscode.l10n.t('Copy'),
    copyLabel: vscode.l10n.t('Copy the temporary password'),
    method: vscode.l10n.t('Method'),
    setAt: vscode.l10n.t('Set at'),
    handOver: vscode.l10n.t(
      'The temporary password does not expire until it is used: it works at the next sign-in, however much later that is. Hand it over privately.',
    ),
    details: vscode.l10n.t('Details'),
    signInName: vscode.l10n.t('Sign-in name'),
    mail: vscode.l10n.t('Mail'),
    jobTitle: vscode.l10n.t('Job title'),
    department: vscode.l10n.t('Department'),
    account: vscode.l10n.t('Account'),
    userType: vscode.l10n.t('User type'),
    source: vscode.l10n.t('Source'),
    lastPasswordChange: vscode.l10n.t('Last password change'),
    thisUser: vscode.l10n.t('This user'),
    enabled: vscode.l10n.t('Enabled'),
    disabled: vscode.l10n.t('Disabled'),
    mustBeChanged: vscode.l10n.t('Must be changed at next sign-in'),
    notReported: vscode.l10n.t('Not reported by this directory'),
    never: vscode.l10n.t('Never'),
    unknown: vscode.l10n.t('Unknown'),
    loading: vscode.l10n.t('Loading the full profile…'),
    loadFailed: vscode.l10n.t('Could not load the full profile: {0}'),
    mustChange: vscode.l10n.t('{0} must change this password at next sign-in.'),
    willNotChange: vscode.l10n.t(
      '{0} will NOT be made to change this password at next sign-in. {1} Ask them to change it themselves after signing in. To have the directory force it: {2}',
    ),
    cannotForce: vscode.l10n.t(
      'This directory cannot force {0} to change this password at next sign-in. Ask them to change it themselves after signing in.',
    ),
    copiedClears: vscode.l10n.t('Copied to the clipboard. It will be cleared in {0} s if it still holds the password.'),
    copied: vscode.l10n.t('Copied to the clipboard'),
    sourceCloud: vscode.l10n.t('Cloud account'),
    sourceSynced: vscode.l10n.t('Synced from on-premises Active Directory'),
    sourceExternal: vscode.l10n.t('External / guest account'),
  };
}
