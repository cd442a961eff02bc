// Directory: Sign In — VS Code's Microsoft sign-in, or the app's client secret into secret storage.
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { openDemoDirectory } from './openDemoDirectory';

export async function signIn(ctx: CommandContext): Promise<void> {
  const directory = ctx.manager.current;
  if (!directory) {
    const openSettings = vscode.l10n.t('Open Settings');
    const tryDemo = vscode.l10n.t('Try the Demo Directory');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No directory is configured yet. Add one to the "{0}" setting, or try the demo directory.',
        'directoryReset.directories',
      ),
      openSettings,
      tryDemo,
    );
    if (choice === openSettings)
      await vscode.commands.executeCommand('workbench.action.openSettings', 'directoryReset.directories');
    if (choice === tryDemo) await openDemoDirectory(ctx);
    return;
  }
  // The settings suggest VS Code would sign in to another cloud than the directory's: say so before the window opens.
  const warning = directory.connection?.signInWarning;
  if (warning) void vscode.window.showWarningMessage(warning);
  await ctx.manager.signIn();
}
