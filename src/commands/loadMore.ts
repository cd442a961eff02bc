// "Load more..." in the tree: appends the next page (Graph's @odata.nextLink).
import type { CommandContext } from './commandContext';

export async function loadMore(ctx: CommandContext): Promise<void> {
  await ctx.tree.loadMore();
}
