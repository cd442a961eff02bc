// The two checks every provider makes before a reset sends anything: the account's own refusal (guest,
// synced...), and "a reset of this user is already running" (a double click, a second command) — which
// must never send a second reset.
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import type { DirectoryUser } from '../types';

export class ResetGuard {
  private readonly inFlight = new Set<string>();

  /** Runs `reset` unless the user is refused or already being reset. `key` defaults to the user's id. */
  async run<T>(user: DirectoryUser, reset: () => Promise<T>, key = user.id): Promise<T> {
    if (user.resetRefusal) throw new DirectoryError('refused', displayText(user.resetRefusal, 500), '');
    if (this.inFlight.has(key)) {
      throw new DirectoryError(
        'refused',
        `A password reset for ${displayText(user.displayName, 80)} is already running.`,
        'Wait for it to finish; its result opens on the profile page.',
      );
    }
    this.inFlight.add(key);
    try {
      return await reset();
    } finally {
      this.inFlight.delete(key);
    }
  }
}
