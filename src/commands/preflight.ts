// The pre-flight check in a command, after the refusals and before the ticket and the confirmation: an action the
// directory would refuse (403) is refused here with the reason and recorded, and nothing is sent; an allowed one
// names the role that allows it in the confirmation. Without a verdict (app-only sign-in, roles unreadable, a read
// that failed), the command goes on as without the check: the directory decides.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import type { AccessAction, DirectoryUser } from '../directory/types';
import type { OpenDirectory } from '../directoryManager';
import { sayRolesUnreadableOnce } from '../views/accessNotice';
import type { CommandContext } from './commandContext';

/** `refused`: said and recorded, stop. `roleLine`: the confirmation's line naming the role that allows it. */
export type Preflight = { readonly refused: true } | { readonly refused: false; readonly roleLine?: string };

export async function preflight(
  ctx: CommandContext,
  directory: OpenDirectory,
  user: DirectoryUser,
  action: AccessAction,
): Promise<Preflight> {
  if (!directory.provider.checkAccess) return { refused: false };
  let report;
  try {
    report = await directory.provider.checkAccess(user);
  } catch (e) {
    ctx.log.warn(
      `Roles of ${user.id} could not be checked before ${action}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return { refused: false };
  }
  if (report.unreadable) sayRolesUnreadableOnce(directory.name, report.unreadable);
  const verdict = report.verdicts[action];
  if (verdict?.kind === 'denied') {
    ctx.history.refused(directory, user, action, verdict.reason);
    await vscode.window.showWarningMessage(displayText(verdict.reason, 600), {
      modal: true,
      detail: `${displayText(verdict.nextStep, 600)}\n\n${vscode.l10n.t('Nothing was sent to {0}.', directory.name)}`,
    });
    return { refused: true };
  }
  if (verdict?.kind === 'allowed') {
    return { refused: false, roleLine: vscode.l10n.t('Allowed by your role: {0}', displayText(verdict.asRole, 200)) };
  }
  return { refused: false };
}
