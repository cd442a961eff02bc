// Directory: Sign Out Everywhere... — signs the user out of every session. From the palette (pick a user), a user's context menu, or the profile page; the flow
// is the one every account action shares (accountAction.ts).
import { runAccountAction } from './accountAction';
import type { CommandContext } from './commandContext';
import type { CommandTarget } from './commandTarget';

export function revokeSessions(ctx: CommandContext, target: CommandTarget): Promise<void> {
  return runAccountAction(ctx, 'revokeSessions', target);
}
