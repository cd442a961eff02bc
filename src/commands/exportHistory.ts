// Directory: Export History... — the records the History view shows (its filter applied), newest first, as CSV with
// every cell a spreadsheet would run as a formula made text (src/history/csv.ts).
import * as vscode from 'vscode';
import { toCsv } from '../history/csv';
import type { CommandContext } from './commandContext';

export async function exportHistory(ctx: CommandContext, target?: unknown): Promise<vscode.Uri | undefined> {
  const records = await ctx.historyTree.records();
  const name = `directory-reset-history-${new Date().toISOString().slice(0, 10)}.csv`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target instanceof vscode.Uri
      ? target
      : await vscode.window.showSaveDialog({
          title: vscode.l10n.t('Export History'),
          defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
          filters: { [vscode.l10n.t('CSV files')]: ['csv'] },
          saveLabel: vscode.l10n.t('Export'),
        });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(toCsv(records)));
  ctx.log.info(`History: ${records.length} records exported`);
  const open = vscode.l10n.t('Open');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('{0} records of the History were exported.', records.length), open)
    .then((answer) => (answer === open ? vscode.commands.executeCommand('vscode.open', uri) : undefined));
  return uri;
}
