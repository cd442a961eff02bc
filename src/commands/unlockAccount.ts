// Directory: Unlock Account... — clears a lockout after failed sign-ins. From the palette (pick a user), a user's context menu, or the profile page; the flow
// is the one every account action shares (accountAction.ts).
import { runAccountAction } from './accountAction';
import type { CommandContext } from './commandContext';
import type { CommandTarget } from './commandTarget';

export function unlockAccount(ctx: CommandContext, target: CommandTarget): Promise<void> {
  return runAccountAction(ctx, 'unlockAccount', target);
}
