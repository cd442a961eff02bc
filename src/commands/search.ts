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
          title: `Search ${directory?.name ?? 'the directory'}`,
          prompt: 'Matches the start of any word of the display name, or the start of the sign-in name or email.',
          placeHolder: "e.g. Alain, O'Brien, alain.charon@contoso.com",
          value: ctx.tree.searchText ?? '',
          validateInput: (v) =>
            v.length > MAX_SEARCH_LENGTH ? `Keep the search under ${MAX_SEARCH_LENGTH} characters.` : undefined,
        });
  if (value === undefined) return;
  ctx.tree.showSearchIn(ctx.treeView);
  const clean = Array.from(normalizeSearchText(value)).slice(0, MAX_SEARCH_LENGTH).join('');
  await ctx.tree.setSearch(clean || undefined);
  ctx.treeView.description = clean ? `Search: ${clean}` : undefined;
}
