// Directory: Open Profile — what clicking a user in the tree does.
import * as vscode from 'vscode';
import type { DirectoryUser } from '../directory/types';
import type { UserNode } from '../views/nodes';
import type { CommandContext } from './commandContext';
import { pickUser } from './pickUser';

export async function openProfile(ctx: CommandContext, target?: UserNode | { user: DirectoryUser }): Promise<void> {
  const directory = ctx.manager.current;
  if (!directory) return;
  const user = target?.user ?? (await pickUser(directory.provider, vscode.l10n.t('Open Profile: pick a user')));
  if (user) ctx.profiles.show(directory.provider, user);
}
