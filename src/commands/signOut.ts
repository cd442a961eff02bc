// Directory: Sign Out — forgets the stored secret (app secret, SCIM token, LDAP bind password). With VS Code sign-in
// the account belongs to VS Code: only its Accounts menu signs out, and the command says so.
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

export async function signOut(ctx: CommandContext): Promise<void> {
  const elsewhere = await ctx.manager.signOut();
  if (elsewhere) void vscode.window.showInformationMessage(elsewhere);
}
