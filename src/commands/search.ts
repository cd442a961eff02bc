// Directory: Search Users... — a server-side search that filters the tree.
import * as vscode from 'vscode';
import { MAX_SEARCH_CHARS, normalizeSearchText } from '../directory/kit/searchText';
import type { CommandContext } from './commandContext';

/** Longer text is almost surely a paste by mistake; every directory kind refuses it (see kit/searchText.ts). */
export const MAX_SEARCH_LENGTH = MAX_SEARCH_CHARS;

export async function search(ctx: CommandContext, text?: string): Promise<void> {
  const directory = ctx.manager.current;
  const value =
    typeof text === 'string'
      ? text
      : await vscode.window.showInputBox({
          title: directory ? vscode.l10n.t('Search {0}', directory.name) : vscode.l10n.t('Search the directory'),
          prompt: vscode.l10n.t(
            'Matches the start of any word of the display name, or the start of the sign-in name or email.',
          ),
          placeHolder: vscode.l10n.t("e.g. Alain, O'Brien, alain.charon@contoso.com"),
          value: ctx.tree.searchText ?? '',
          validateInput: (v) =>
            v.length > MAX_SEARCH_LENGTH
              ? vscode.l10n.t('Keep the search under {0} characters.', MAX_SEARCH_LENGTH)
              : undefined,
        });
  if (value === undefined) return;
  ctx.tree.showSearchIn(ctx.treeView);
  const clean = Array.from(normalizeSearchText(value)).slice(0, MAX_SEARCH_LENGTH).join('');
  await ctx.tree.setSearch(clean || undefined);
  ctx.treeView.description = clean ? vscode.l10n.t('Search: {0}', clean) : undefined;
}
