// The History view: every record, newest first, filtered by a text over all its fields. Text from a directory is
// shown as text (displayText, a plain-string tooltip), never as markup. Clicking a record opens the user.
import * as vscode from 'vscode';
import { actionWords } from '../commands/accountActionWords';
import { displayText } from '../directory/displayText';
import { matchesFilter, type HistoryAction, type HistoryRecord, type HistoryResult } from '../history/record';
import type { HistoryStore } from '../history/store';

export function historyActionLabel(action: HistoryAction): string {
  return action === 'resetPassword' ? vscode.l10n.t('Reset Password') : actionWords(action).label;
}

export function historyResultLabel(result: HistoryResult): string {
  switch (result) {
    case 'done':
      return vscode.l10n.t('done');
    case 'refused':
      return vscode.l10n.t('refused');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'unknown':
      return vscode.l10n.t('outcome unknown');
  }
}

export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText?: string;
  private view?: vscode.TreeView<HistoryRecord>;
  private readonly subscription: { dispose(): void };

  constructor(readonly store: HistoryStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  /** The view whose description shows the filter. */
  attach(view: vscode.TreeView<HistoryRecord>): void {
    this.view = view;
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  setFilter(text: string | undefined): void {
    this.filterText = text?.trim() || undefined;
    if (this.view) {
      this.view.description = this.filterText
        ? vscode.l10n.t('Filter: {0}', displayText(this.filterText, 100))
        : undefined;
    }
    void vscode.commands.executeCommand('setContext', 'directoryReset.historyFiltered', !!this.filterText);
    this.changed.fire();
  }

  /** The records the view shows: newest first, with the filter. */
  async records(): Promise<HistoryRecord[]> {
    const all = (await this.store.read()).reverse();
    const shown = all.filter((r) =>
      matchesFilter(r, this.filterText, [historyActionLabel(r.action), historyResultLabel(r.result)]),
    );
    const state = all.length === 0 ? 'empty' : shown.length === 0 ? 'noMatch' : 'records';
    void vscode.commands.executeCommand('setContext', 'directoryReset.historyState', state);
    return shown;
  }

  async getChildren(element?: HistoryRecord): Promise<HistoryRecord[]> {
    return element ? [] : this.records();
  }

  getTreeItem(record: HistoryRecord): vscode.TreeItem {
    const name = displayText(record.target.displayName || record.target.id, 120);
    const item = new vscode.TreeItem(vscode.l10n.t('{0}: {1}', historyActionLabel(record.action), name));
    item.description = `${historyResultLabel(record.result)} · ${new Date(record.at).toLocaleString()}`;
    item.tooltip = tooltip(record);
    item.contextValue = `historyRecord:${record.result}:${record.directoryKind}`;
    item.iconPath = new vscode.ThemeIcon(
      record.result === 'done'
        ? 'pass'
        : record.result === 'refused'
          ? 'circle-slash'
          : record.result === 'failed'
            ? 'error'
            : 'question',
    );
    item.command = {
      command: 'directoryReset.openHistoryRecord',
      title: vscode.l10n.t('Open Profile'),
      arguments: [record],
    };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Every field as plain text, one per line. */
function tooltip(r: HistoryRecord): string {
  const t = (value: string | undefined) => displayText(value ?? '', 600);
  return [
    vscode.l10n.t('When: {0}', t(r.at)),
    vscode.l10n.t('Directory: {0} ({1})', t(r.directory), t(r.directoryKind)),
    vscode.l10n.t('By: {0}', r.actor ? t(r.actor) : vscode.l10n.t('(not known)')),
    vscode.l10n.t('User: {0} ({1}), id {2}', t(r.target.displayName), t(r.target.signInName), t(r.target.id)),
    vscode.l10n.t('Action: {0}', historyActionLabel(r.action)),
    ...(r.options.length ? [vscode.l10n.t('Options: {0}', t(r.options.join(', ')))] : []),
    vscode.l10n.t('Result: {0}', historyResultLabel(r.result)),
    ...(r.reason ? [vscode.l10n.t('Why: {0}', t(r.reason))] : []),
    ...(r.requestId ? [vscode.l10n.t('Request id: {0}', t(r.requestId))] : []),
    ...(r.ticket ? [vscode.l10n.t('Ticket: {0}', t(r.ticket))] : []),
  ].join('\n');
}
