// What clicking a History record does: the user's profile page, read again from the directory, when the record's
// directory is the open one; otherwise it says which directory to open.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError } from '../directory/errors';
import type { HistoryRecord } from '../history/record';
import type { CommandContext } from './commandContext';
import { MAX_NAME, readUser } from './commandTarget';

export async function openHistoryRecord(ctx: CommandContext, record?: HistoryRecord): Promise<void> {
  if (!record?.target?.id) return;
  const directory = ctx.manager.current;
  const name = displayText(record.target.displayName || record.target.id, MAX_NAME);
  if (directory?.name !== record.directory) {
    const other = displayText(record.directory, MAX_NAME);
    void vscode.window.showInformationMessage(
      directory
        ? vscode.l10n.t(
            'This record of {0} is from {1}, which is not the open directory ({2}). Switch to {1} with "Directory: Select Directory..." to open the user.',
            name,
            other,
            directory.name,
          )
        : vscode.l10n.t(
            'This record of {0} is from {1}, which is not open. Open it with "Directory: Select Directory..." to open the user.',
            name,
            other,
          ),
    );
    return;
  }
  try {
    ctx.profiles.show(directory.provider, await readUser(directory, record.target.id));
  } catch (e) {
    if (e instanceof DirectoryError && e.kind === 'notFound') {
      throw new DirectoryError(
        'notFound',
        vscode.l10n.t('{0} is no longer in {1}.', name, directory.name),
        vscode.l10n.t('The record stays in the History.'),
      );
    }
    throw e;
  }
}
