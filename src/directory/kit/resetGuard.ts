// The two checks every provider makes before a reset sends anything: the account's own refusal (guest,
// synced...), and "a reset of this user is already running" (a double click, a second command) — which
// must never send a second reset.
import * as l10n from '@vscode/l10n';
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
        l10n.t('A password reset for {0} is already running.', displayText(user.displayName, 80)),
        l10n.t('Wait for it to finish; its result opens on the profile page.'),
      );
    }
    return this.once(key, reset);
  }

  /**
   * Runs an action beside the reset unless the same one is already running for this user (`what` names it in the
   * refusal, e.g. "A sign-out everywhere for Ada Lovelace"). The account's resetRefusal does not apply here.
   */
  async runAction<T>(user: DirectoryUser, action: string, what: string, run: () => Promise<T>): Promise<T> {
    const key = `${action}:${user.id}`;
    if (this.inFlight.has(key)) {
      throw new DirectoryError('refused', l10n.t('{0} is already running.', what), l10n.t('Wait for it to finish.'));
    }
    return this.once(key, run);
  }

  private async once<T>(key: string, run: () => Promise<T>): Promise<T> {
    this.inFlight.add(key);
    try {
      return await run();
    } finally {
      this.inFlight.delete(key);
    }
  }
}
