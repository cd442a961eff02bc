// Directory: Cancel Loading — the stop button in the view's title bar while a page of users loads.
import type { CommandContext } from './commandContext';

export function cancelLoading(ctx: CommandContext): void {
  ctx.tree.cancelLoading();
}
