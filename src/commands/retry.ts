// Retry on an error node: loads the page that failed again.
import type { CommandContext } from './commandContext';

export async function retry(ctx: CommandContext): Promise<void> {
  await ctx.tree.retry();
}
