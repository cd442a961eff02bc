// The users tree's nodes: a user, "Load more...", and an error with a retry.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import type { AccessReport, DirectoryUser, ProviderCapabilities } from '../directory/types';
import { actionsContextValue } from './actionAvailability';

export type TreeNode = UserNode | LoadMoreNode | ErrorNode;

export class UserNode {
  readonly kind = 'user';
  /** True while a reset of this user runs: the row shows a spinner. */
  resetting = false;
  /** The pre-flight check's verdicts for this user, once read (Graph with delegated sign-in). */
  access?: AccessReport;

  constructor(
    /** Replaced only by what the directory answered (a re-read, or an action's confirmed result). */
    public user: DirectoryUser,
    readonly directoryName: string,
    /** The directory's capabilities: which account actions its context menu offers. */
    readonly capabilities?: ProviderCapabilities,
  ) {}

  /** member, guest, synced or disabled: drives the icon and the context value. */
  get variant(): 'member' | 'guest' | 'synced' | 'disabled' {
    if (this.user.accountEnabled === false) return 'disabled';
    if (this.user.source === 'external') return 'guest';
    if (this.user.source === 'synced') return 'synced';
    return 'member';
  }

  toTreeItem(): vscode.TreeItem {
    const u = this.user;
    const item = new vscode.TreeItem(oneLine(u.displayName), vscode.TreeItemCollapsibleState.None);
    item.id = `user:${this.directoryName}:${u.id}`;
    const state = [stateWords(u), this.mayNotReset ? vscode.l10n.t('you may not reset') : '']
      .filter(Boolean)
      .join(', ');
    const signIn = oneLine(u.signInName || u.mail || '');
    item.description = state ? (signIn ? `${signIn} · ${state}` : state) : signIn;
    item.iconPath = this.resetting
      ? new vscode.ThemeIcon('loading~spin')
      : u.locked === true && this.variant !== 'disabled'
        ? LOCKED_ICON
        : ICONS[this.variant];
    // "user:<variant>[:noReset][:locked][:can-<action>]...": menus match the parts with `viewItem =~ /.../`.
    item.contextValue =
      `user:${this.variant}${u.resetRefusal ? ':noReset' : ''}${u.locked === true ? ':locked' : ''}` +
      (this.capabilities ? actionsContextValue(u, this.capabilities, this.access) : '');
    item.tooltip = tooltip(u, this.variant, this.access);
    item.accessibilityInformation = {
      label: [
        oneLine(u.displayName),
        variantWords()[this.variant],
        u.locked === true ? lockedWords() : '',
        this.mayNotReset ? vscode.l10n.t('you may not reset') : '',
        oneLine(u.signInName),
      ]
        .filter(Boolean)
        .join(', '),
    };
    item.command = { command: 'directoryReset.openProfile', title: vscode.l10n.t('Open Profile'), arguments: [this] };
    return item;
  }

  /** The pre-flight check says the directory would refuse this user's reset to the signed-in person. */
  get mayNotReset(): boolean {
    return this.access?.verdicts.resetPassword?.kind === 'denied';
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  loading = false;
  constructor(readonly loadedCount: number) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.loading ? vscode.l10n.t('Loading...') : vscode.l10n.t('Load more...'),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = 'loadMore';
    item.iconPath = new vscode.ThemeIcon(this.loading ? 'loading~spin' : 'ellipsis');
    item.description = vscode.l10n.t('{0} shown', this.loadedCount);
    item.contextValue = 'loadMore';
    item.command = { command: 'directoryReset.loadMore', title: vscode.l10n.t('Load More Users'), arguments: [this] };
    return item;
  }
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(
    readonly message: string,
    readonly nextStep: string,
    /** Command run on click: retry by default, "open settings" for settings problems. */
    readonly command: vscode.Command = { command: 'directoryReset.retry', title: vscode.l10n.t('Retry') },
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      vscode.l10n.t('Error: {0}', oneLine(this.message)),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = 'error';
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.description = this.command.title;
    const tip = new vscode.MarkdownString();
    tip.appendText(`${this.message}\n\n${this.nextStep}`);
    item.tooltip = tip;
    item.contextValue = 'error';
    item.command = this.command;
    return item;
  }
}

const ICONS = {
  member: new vscode.ThemeIcon('account'),
  guest: new vscode.ThemeIcon('globe'),
  synced: new vscode.ThemeIcon('sync'),
  disabled: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

const LOCKED_ICON = new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.warningForeground'));

const lockedWords = () => vscode.l10n.t('locked after failed sign-ins');

/** The row's state after the sign-in name: what a helpdesk must see at a glance (disabled, locked). */
function stateWords(u: DirectoryUser): string {
  const words = [
    u.accountEnabled === false ? vscode.l10n.t('disabled') : '',
    u.locked === true ? vscode.l10n.t('locked') : '',
  ];
  return words.filter(Boolean).join(', ');
}

const variantWords = () => ({
  member: vscode.l10n.t('member'),
  guest: vscode.l10n.t('guest or external account'),
  synced: vscode.l10n.t('synced from on-premises'),
  disabled: vscode.l10n.t('disabled account'),
});

function tooltip(u: DirectoryUser, variant: UserNode['variant'], access?: AccessReport): vscode.MarkdownString {
  // appendText escapes Markdown and HTML: a display name is data, never markup.
  const md = new vscode.MarkdownString();
  md.appendText(`${oneLine(u.displayName, 300)}\n`);
  const lines: Array<[string, string | undefined]> = [
    [vscode.l10n.t('Sign-in name'), u.signInName],
    [vscode.l10n.t('Mail'), u.mail],
    [vscode.l10n.t('Job title'), u.jobTitle],
    [vscode.l10n.t('Department'), u.department],
    [
      vscode.l10n.t('Account'),
      `${u.accountEnabled === false ? vscode.l10n.t('disabled') : vscode.l10n.t('enabled')}, ${variantWords()[variant]}${u.locked === true ? `, ${lockedWords()}` : ''}`,
    ],
  ];
  for (const [label, value] of lines) if (value) md.appendText(`\n${label}: ${oneLine(value, 300)}`);
  if (u.resetRefusal)
    md.appendText(`\n\n${vscode.l10n.t('Password reset not possible here: {0}', displayText(u.resetRefusal, 600))}`);
  const denied = access?.verdicts.resetPassword;
  if (denied?.kind === 'denied') md.appendText(`\n\n${displayText(denied.reason, 600)}`);
  return md;
}

/**
 * Tree labels are single, bounded lines of plain text: control characters (newlines, tabs) become spaces,
 * and direction overrides cannot reorder what is shown (see displayText).
 */
function oneLine(text: string, maxChars = 256): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  return displayText(text.replace(/[\u0000-\u001f\u007f]+/g, ' '), maxChars);
}
