// The open profile pages: at most one per (directory, user), so a second "Open Profile" or a reset result
// lands in the page that is already open instead of a duplicate.

import * as vscode from 'vscode';
import type { DirectoryProvider, DirectoryUser, ResetResult } from '../../directory/types';
import { ProfilePanel } from './profilePanel';

export class ProfilePanels implements vscode.Disposable {
  private readonly panels = new Map<string, ProfilePanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

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
    const panel = new ProfilePanel(this.extensionUri, directory, user, this.log);
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

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

// JSON keeps any directory name and id apart, whatever characters they contain.
function key(directoryName: string, userId: string): string {
  return JSON.stringify([directoryName, userId]);
}
