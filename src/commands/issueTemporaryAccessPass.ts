// Directory: Issue Temporary Access Pass... — a Temporary Access Pass (Graph), shown on the profile page until it closes. From the palette (pick a user), a user's context menu, or the profile page; the flow
// is the one every account action shares (accountAction.ts).
import { runAccountAction } from './accountAction';
import type { CommandContext } from './commandContext';
import type { CommandTarget } from './commandTarget';

export function issueTemporaryAccessPass(ctx: CommandContext, target: CommandTarget): Promise<void> {
  return runAccountAction(ctx, 'issueTemporaryAccessPass', target);
}
