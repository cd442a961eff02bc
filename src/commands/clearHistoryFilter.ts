// Directory: Clear History Filter — every record again.
import type { CommandContext } from './commandContext';

export function clearHistoryFilter(ctx: CommandContext): void {
  ctx.historyTree.setFilter(undefined);
}
