// Directory: Show Audit Log Entries... — on a History record of a Microsoft Entra ID directory: the directory's own
// audit log entries about that user around the record's time, so the two can be reconciled (who, when, what), and
// the admin center's audit log one click away. Reads only. The record's directory must be the open one.
import * as vscode from 'vscode';
import { displayText } from '../directory/displayText';
import { DirectoryError } from '../directory/errors';
import type { HistoryRecord } from '../history/record';
import type { CommandContext } from './commandContext';
import { MAX_NAME } from './commandTarget';

export async function showAuditLog(ctx: CommandContext, record?: HistoryRecord): Promise<void> {
  if (!record?.target?.id) return;
  const directory = ctx.manager.current;
  const name = displayText(record.target.displayName || record.target.id, MAX_NAME);
  const read = directory?.provider.auditEntries?.bind(directory.provider);
  if (!directory || directory.name !== record.directory || !read) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The audit log of {0} can be read only while its Microsoft Entra ID directory is the open one. Open it with "Directory: Select Directory...".',
        displayText(record.directory, MAX_NAME),
      ),
    );
    return;
  }
  let entries;
  try {
    entries = await vscode.window.withProgress({ location: { viewId: 'directoryReset.history' } }, () =>
      read(record.target.id, new Date(record.at)),
    );
  } catch (e) {
    if (e instanceof DirectoryError && e.kind === 'forbidden') {
      throw new DirectoryError(
        'forbidden',
        vscode.l10n.t('You may not read the audit log of {0}.', directory.name),
        vscode.l10n.t(
          'Reading it needs AuditLog.Read.All for the app and a role such as Reports Reader, Security Reader or Global Reader.',
        ),
        e.details,
      );
    }
    throw e;
  }
  const portal = directory.provider.auditLogPortalUrl?.();
  const open = { label: `$(link-external) ${vscode.l10n.t('Open the audit log in the Microsoft Entra admin center')}` };
  const items: vscode.QuickPickItem[] = entries.map((e) => ({
    label: e.activity || vscode.l10n.t('(no activity name)'),
    description: `${new Date(e.at).toLocaleString()} · ${e.result}`,
    detail: [
      e.initiatedBy ? vscode.l10n.t('by {0}', e.initiatedBy) : '',
      e.correlationId ? vscode.l10n.t('correlation id {0}', e.correlationId) : '',
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  if (portal) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, open);
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Audit log of {0} around {1}', name, new Date(record.at).toLocaleString()),
    placeHolder:
      entries.length === 0
        ? vscode.l10n.t(
            'No entries from 10 minutes before to 30 minutes after this record (they can take a few minutes to appear).',
          )
        : vscode.l10n.t('{0} entries, newest first', entries.length),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked === open && portal) await vscode.env.openExternal(vscode.Uri.parse(portal));
}
