// Directory: Filter History... — a text matched case-insensitively against every field of a record.
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

export async function filterHistory(ctx: CommandContext, text?: unknown): Promise<void> {
  const value =
    typeof text === 'string'
      ? text
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Filter History'),
          prompt: vscode.l10n.t(
            'Show the records that contain this text (user, directory, action, result, reason...).',
          ),
          value: ctx.historyTree.filter ?? '',
        });
  if (value === undefined) return;
  ctx.historyTree.setFilter(value);
}
