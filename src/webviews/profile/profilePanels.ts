// The open profile pages: at most one per (directory, user), so a second "Open Profile" or a reset result
// lands in the page that is already open instead of a duplicate.

import * as vscode from 'vscode';
import type { DirectoryProvider, DirectoryUser, ResetResult, TemporaryAccessPassResult } from '../../directory/types';
import type { ActionOutcome } from './actionOutcomes';
import { ClipboardGuard, clampSeconds } from './clipboardGuard';
import { ProfilePanel, type ClipboardClearing } from './profilePanel';

/** Off unless the person turns it on (see SECURITY.md, "Clipboard"). Keep in step with package.json. */
export const CLEAR_CLIPBOARD_DEFAULT_SECONDS = 0;

/**
 * directoryReset.clearClipboardAfterSeconds from the user's own settings only (inspect().globalValue): a
 * workspace can neither turn it off nor change it.
 */
export function clearClipboardAfterSeconds(): number {
  const value = vscode.workspace
    .getConfiguration('directoryReset')
    .inspect<number>('clearClipboardAfterSeconds')?.globalValue;
  return clampSeconds(value ?? CLEAR_CLIPBOARD_DEFAULT_SECONDS);
}

export interface ProfilePanelsOptions {
  /** Seconds after Copy to clear the clipboard (0 = off). Default: the user setting. Tests pass their own. */
  readonly clearClipboardAfterSeconds?: () => number;
  /** Default: vscode.env.clipboard. */
  readonly clipboard?: vscode.Clipboard;
}

export class ProfilePanels implements vscode.Disposable {
  private readonly panels = new Map<string, ProfilePanel>();
  private readonly clipboardClearing: ClipboardClearing;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    options: ProfilePanelsOptions = {},
  ) {
    const guard = new ClipboardGuard(options.clipboard ?? vscode.env.clipboard, (e) =>
      log.warn(`Could not check the clipboard before clearing it: ${e instanceof Error ? e.message : String(e)}`),
    );
    this.clipboardClearing = { guard, seconds: options.clearClipboardAfterSeconds ?? clearClipboardAfterSeconds };
  }

  /** The clipboard guard shared by every page (its countdowns outlive the page they started from). */
  get clipboardGuard(): ClipboardGuard {
    return this.clipboardClearing.guard;
  }

  get size(): number {
    return this.panels.size;
  }

  get(directoryName: string, userId: string): ProfilePanel | undefined {
    return this.panels.get(key(directoryName, userId));
  }

  /** Opens the user's page (or reveals the open one) and reads the full profile from the directory. */
  show(directory: DirectoryProvider, user: DirectoryUser): ProfilePanel {
    const existing = this.get(directory.name, user.id);
    if (existing) {
      existing.reveal();
      existing.refresh(directory);
      return existing;
    }
    const panel = new ProfilePanel(this.extensionUri, directory, user, this.log, this.clipboardClearing);
    const k = key(directory.name, user.id);
    this.panels.set(k, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(k) === panel) this.panels.delete(k);
    });
    return panel;
  }

  /** Shows the page with the temporary password; the re-read profile picks up the new password date. */
  showResetResult(directory: DirectoryProvider, user: DirectoryUser, result: ResetResult): ProfilePanel {
    const panel = this.show(directory, user);
    panel.setResetResult(result);
    return panel;
  }

  /** Shows the page with the new Temporary Access Pass (held in that page's memory only) and its outcome. */
  showTemporaryAccessPass(
    directory: DirectoryProvider,
    user: DirectoryUser,
    result: TemporaryAccessPassResult,
    message: string,
  ): ProfilePanel {
    const panel = this.show(directory, user);
    panel.setTemporaryAccessPass(result, message);
    return panel;
  }

  /** An account action's outcome, on the user's page if it is open (and `user`, when the directory answered it). */
  showActionOutcome(directoryName: string, userId: string, outcome: ActionOutcome, user?: DirectoryUser): void {
    const panel = this.get(directoryName, userId);
    if (!panel) return;
    if (user) panel.setUser(user);
    panel.setActionOutcome(outcome);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
    this.clipboardClearing.guard.dispose();
  }
}

// JSON keeps any directory name and id apart, whatever characters they contain.
function key(directoryName: string, userId: string): string {
  return JSON.stringify([directoryName, userId]);
}
