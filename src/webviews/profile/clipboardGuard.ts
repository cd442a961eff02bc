// Clears the clipboard some seconds after the temporary password was copied, but only if it still holds that
// password: whatever the person copied since is left alone. No 'vscode' import (the clipboard is passed in), so
// it is tested in plain Node. It keeps no copy of the password: only a keyed digest (HMAC with a random key made
// for this guard), so the password is still gone from memory when its profile page closes.

import { createHmac, randomBytes } from 'node:crypto';

export interface ClipboardLike {
  readText(): PromiseLike<string>;
  writeText(value: string): PromiseLike<void>;
}

/** The setting's bounds: 0 (off) to one hour. */
export const MAX_CLEAR_CLIPBOARD_SECONDS = 3600;

export class ClipboardGuard {
  private readonly key = randomBytes(32);
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Clipboard checks done and clears done, for tests. */
  readonly stats = { checked: 0, cleared: 0 };

  constructor(
    private readonly clipboard: ClipboardLike,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  /**
   * After `seconds` (0 or less: never), empties the clipboard if it still holds `secret`. Copying the same secret
   * again restarts its countdown.
   */
  clearLater(secret: string, seconds: number): void {
    const ms = clampSeconds(seconds) * 1000;
    if (ms <= 0 || secret === '') return;
    const digest = this.digest(secret);
    clearTimeout(this.pending.get(digest));
    const timer = setTimeout(() => {
      this.pending.delete(digest);
      void this.clearIfStill(digest);
    }, ms);
    // Never keeps VS Code (or a test run) alive just to clear the clipboard.
    (timer as { unref?: () => void }).unref?.();
    this.pending.set(digest, timer);
  }

  /** Countdowns still running. */
  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private async clearIfStill(digest: string): Promise<void> {
    try {
      this.stats.checked++;
      const now = await this.clipboard.readText();
      if (this.digest(now) !== digest) return;
      await this.clipboard.writeText('');
      this.stats.cleared++;
    } catch (e) {
      // Could not read (e.g. a browser denied access): leave the clipboard alone rather than clobber it.
      this.onError(e);
    }
  }

  private digest(value: string): string {
    return createHmac('sha256', this.key).update(value, 'utf8').digest('base64');
  }
}

/** A setting's value as whole seconds in 0..MAX_CLEAR_CLIPBOARD_SECONDS; anything unreadable is 0 (off). */
export function clampSeconds(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return Math.min(MAX_CLEAR_CLIPBOARD_SECONDS, Math.max(0, n));
}
