// Directory: Sign In with Another Account — VS Code sign-in only: forget VS Code's account preference, let the
// person pick (or add) an account, and remember it for this directory.
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

export async function signInWithAnotherAccount(ctx: CommandContext): Promise<void> {
  const directory = ctx.manager.current;
  const warning = directory?.connection?.signInWarning;
  if (warning) void vscode.window.showWarningMessage(warning);
  if (await ctx.manager.signInWithAnotherAccount()) return;
  void vscode.window.showInformationMessage(
    directory
      ? vscode.l10n.t(
          '{0} does not sign in with a VS Code account, so there is no other account to choose. Use "Directory: Sign In" to give it new credentials.',
          directory.name,
        )
      : vscode.l10n.t('No directory is configured yet. Add one to the "{0}" setting.', 'directoryReset.directories'),
  );
}
