// Directory: Select Directory... — which configured directory (or the demo) the view shows.
import * as vscode from 'vscode';
import { describeConfig } from '../directory/config';
import { DEMO_DIRECTORY_NAME } from '../directoryManager';
import type { CommandContext } from './commandContext';

export async function selectDirectory(ctx: CommandContext): Promise<void> {
  const { configs } = ctx.manager.readSettings();
  const current = ctx.manager.current?.name;
  const items: vscode.QuickPickItem[] = [
    ...configs.map((c) => ({ label: c.name, description: describeConfig(c) })),
    { label: DEMO_DIRECTORY_NAME, description: vscode.l10n.t('offline, built in') },
  ].map((i) => (i.label === current ? { ...i, picked: true, detail: vscode.l10n.t('Open now') } : i));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Select Directory'),
    placeHolder: vscode.l10n.t('Which directory should the view show?'),
  });
  if (picked) await ctx.manager.select(picked.label);
}
