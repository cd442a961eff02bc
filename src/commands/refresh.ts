// Directory: Refresh — forgets the loaded pages (and the roles the pre-flight check read, so a role activated in
// Privileged Identity Management meanwhile counts) and loads the first one again.
import type { CommandContext } from './commandContext';

export function refresh(ctx: CommandContext): void {
  ctx.manager.current?.provider.forgetAccess?.();
  ctx.tree.refresh();
}
