// Directory: Show Log — the "Directory Reset" log channel.
import type { CommandContext } from './commandContext';

export function showLog(ctx: CommandContext): void {
  ctx.log.show();
}
