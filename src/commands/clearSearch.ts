// Directory: Clear Search — back to the whole directory.
import type { CommandContext } from './commandContext';

export async function clearSearch(ctx: CommandContext): Promise<void> {
  ctx.tree.showSearchIn(ctx.treeView);
  await ctx.tree.setSearch(undefined);
  ctx.treeView.description = undefined;
}
