// Directory: Open Demo Directory — starts the built-in test directory on 127.0.0.1 and shows it.
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

export async function openDemoDirectory(ctx: CommandContext): Promise<void> {
  const server = await vscode.window.withProgress(
    { location: { viewId: 'directoryReset.users' }, title: vscode.l10n.t('Starting the demo directory') },
    () => ctx.manager.openDemo(),
  );
  ctx.log.info(`Demo directory ready (${server.users.length} users)`);
  await vscode.commands.executeCommand('directoryReset.users.focus');
}
