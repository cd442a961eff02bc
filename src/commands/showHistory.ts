// Directory: Show History — reveals the History view in the Directory container.
import * as vscode from 'vscode';

export async function showHistory(): Promise<void> {
  await vscode.commands.executeCommand('directoryReset.history.focus');
}
