// Directory: Why Some Actions Are Missing... — on a user whose menu lacks actions because the pre-flight check says
// the directory would refuse them: each missing action with the reason (the user's roles against yours) and what to
// do. Reads only; nothing is sent.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { deniedActions } from '../views/actionAvailability';
import type { CommandContext } from './commandContext';
import { MAX_NAME, readUser, requireDirectory, targetUser, type CommandTarget } from './commandTarget';

export async function explainAccess(ctx: CommandContext, target: CommandTarget): Promise<void> {
  const directory = requireDirectory(ctx);
  const given = target ? targetUser(target, directory) : undefined;
  if (!given) return;
  const user = await readUser(directory, given.id);
  const report = await directory.provider.checkAccess?.(user);
  // Only what the menu would offer for the user's state (no "enable" for an enabled account).
  const denied = deniedActions(user, directory.provider.capabilities, report);
  const name = displayText(user.displayName, MAX_NAME);
  if (denied.length === 0) {
    await vscode.window.showInformationMessage(vscode.l10n.t('Your roles allow every action for {0} now.', name), {
      modal: true,
      detail: vscode.l10n.t('Refresh the list to show them in the menu.'),
    });
    return;
  }
  await vscode.window.showInformationMessage(vscode.l10n.t('What you may not do for {0}', name), {
    modal: true,
    detail: [...denied.map((d) => d.reason), denied[0].nextStep].map((t) => displayText(t, 600)).join('\n\n'),
  });
}
