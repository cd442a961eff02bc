// The palette's user picker: a quick pick that searches the directory (server-side) as you type.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError } from '../directory/errors';
import { SearchAsYouType } from '../directory/searchAsYouType';
import type { DirectoryProvider, DirectoryUser } from '../directory/types';

interface UserItem extends vscode.QuickPickItem {
  readonly user: DirectoryUser;
}

const RESULTS = 25;

export function pickUser(directory: DirectoryProvider, title: string): Promise<DirectoryUser | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<UserItem>();
    qp.title = title;
    qp.placeholder = vscode.l10n.t('Type a name, sign-in name or email to search {0}', directory.name);
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    let settled = false;
    const finish = (user: DirectoryUser | undefined) => {
      if (settled) return;
      settled = true;
      search.dispose();
      qp.dispose();
      resolve(user);
    };
    const search = new SearchAsYouType({
      search: (text, signal) => directory.listUsers({ search: text || undefined, pageSize: RESULTS, signal }),
      onBusy: (busy) => (qp.busy = busy),
      onResult: (text, page) => {
        qp.items = page.users.map(toItem);
        qp.placeholder =
          page.users.length === 0 && text
            ? vscode.l10n.t('Nobody in {0} matches "{1}"', directory.name, text)
            : qp.placeholder;
      },
      onError: (_text, e) => {
        qp.items = [];
        qp.placeholder = e instanceof DirectoryError ? e.fullMessage : vscode.l10n.t('Search failed: {0}', String(e));
      },
    });
    qp.onDidChangeValue((text) => search.update(text));
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.user));
    qp.onDidHide(() => finish(undefined));
    qp.show();
    void search.now('');
  });
}

function toItem(user: DirectoryUser): UserItem {
  return {
    user,
    label: displayText(user.displayName, 120),
    description: displayText(user.signInName, 120),
    detail: user.resetRefusal
      ? `$(circle-slash) ${vscode.l10n.t('Cannot be reset here: {0}', user.source === 'synced' ? vscode.l10n.t('synced from on-premises') : vscode.l10n.t('guest or external account'))}`
      : [user.jobTitle, user.department].filter(Boolean).join(' · ') || undefined,
    iconPath: new vscode.ThemeIcon(
      user.source === 'external' ? 'globe' : user.source === 'synced' ? 'sync' : 'account',
    ),
    // The directory already matched these (by mail too); the picker must not filter them out again.
    alwaysShow: true,
  };
}
