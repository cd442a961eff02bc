// Directory: Sign In — VS Code's Microsoft sign-in, or the app's client secret into secret storage.
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { openDemoDirectory } from './openDemoDirectory';

export async function signIn(ctx: CommandContext): Promise<void> {
  const directory = ctx.manager.current;
  if (!directory) {
    const choice = await vscode.window.showInformationMessage(
      'No directory is configured yet. Add one to the "directoryReset.directories" setting, or try the demo directory.',
      'Open Settings',
      'Try the Demo Directory',
    );
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'directoryReset.directories');
    if (choice === 'Try the Demo Directory') await openDemoDirectory(ctx);
    return;
  }
  // The settings suggest VS Code would sign in to another cloud than the directory's: say so before the window opens.
  const warning = directory.connection?.signInWarning;
  if (warning) void vscode.window.showWarningMessage(warning);
  await ctx.manager.signIn();
}
