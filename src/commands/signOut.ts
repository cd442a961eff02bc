// Directory: Sign Out — forgets the sign-in for this view (and the stored client secret).
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

export async function signOut(ctx: CommandContext): Promise<void> {
  const directory = ctx.manager.current;
  await ctx.manager.signOut();
  if (directory && !directory.isDemo && directory.config?.provider === 'microsoftGraph' && directory.config.authentication === 'vscode') {
    void vscode.window.showInformationMessage(
      `Signed out of ${directory.name} in this view. To remove the Microsoft account from VS Code entirely, use the Accounts menu.`,
    );
  }
}
