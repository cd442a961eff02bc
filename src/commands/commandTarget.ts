// Which directory and which user a command acts on, shared by Reset Password and the account actions. What a
// command is handed (a tree node, the profile page's message, any other caller) only says which user: the
// confirmation and every refusal are decided on the directory's own copy, read again here.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError } from '../directory/errors';
import type { DirectoryUser } from '../directory/types';
import type { OpenDirectory } from '../directoryManager';
import type { UserNode } from '../views/nodes';
import type { CommandContext } from './commandContext';

/** What the commands accept: a tree node, or {directoryName, user} from the profile page. */
export type CommandTarget = UserNode | { directoryName: string; user: DirectoryUser } | undefined;

/** Graph allows display names of up to 256 characters; anything longer is cut (and marked) in dialogs. */
export const MAX_NAME = 256;

/** The open directory, or the error that says how to open one. */
export function requireDirectory(ctx: CommandContext): OpenDirectory {
  const directory = ctx.manager.current;
  if (!directory) {
    throw new DirectoryError(
      'configuration',
      vscode.l10n.t('No directory is open.'),
      vscode.l10n.t('Open the Directory view and connect a directory, or try the demo directory.'),
    );
  }
  return directory;
}

/** The user as the directory has it now (one GET), with progress in the status bar. */
export async function readUser(directory: OpenDirectory, id: string): Promise<DirectoryUser> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the user from {0}...', directory.name) },
    () => directory.provider.getUser(id),
  );
}

/** Which user the caller means; only its id is used (see above). */
export function targetUser(target: NonNullable<CommandTarget>, directory: OpenDirectory): DirectoryUser {
  const directoryName = target.directoryName;
  if (directoryName !== directory.name) {
    const other = displayText(directoryName, MAX_NAME);
    throw new DirectoryError(
      'configuration',
      vscode.l10n.t(
        '{0} belongs to {1}, which is not the open directory ({2}).',
        displayText(target.user?.displayName, MAX_NAME),
        other,
        directory.name,
      ),
      vscode.l10n.t('Switch to {0} with "Directory: Select Directory..." and try again.', other),
    );
  }
  if (typeof target.user?.id !== 'string') {
    throw new DirectoryError(
      'badRequest',
      vscode.l10n.t('The command was given no user to act on.'),
      vscode.l10n.t('Pick the user in the Directory view and try again.'),
    );
  }
  return target.user;
}
