// Directory: Refresh — forgets the loaded pages and loads the first one again.
import type { CommandContext } from './commandContext';

export function refresh(ctx: CommandContext): void {
  ctx.tree.refresh();
}
