// What every command gets: the parts built in activate().
import type * as vscode from 'vscode';
import type { DirectoryManager } from '../directoryManager';
import type { HistoryRecorder } from '../history/recorder';
import type { HistoryTreeProvider } from '../views/historyTree';
import type { UsersTreeProvider } from '../views/usersTree';
import type { ProfilePanels } from '../webviews/profile/profilePanels';

export interface CommandContext {
  readonly manager: DirectoryManager;
  readonly tree: UsersTreeProvider;
  readonly treeView: vscode.TreeView<unknown>;
  readonly profiles: ProfilePanels;
  readonly log: vscode.LogOutputChannel;
  /** The extension's globalState: the reset options picked last time (names only, never a secret). */
  readonly state: vscode.Memento;
  /** Keys ("directory/userId") of resets that are being confirmed or running. */
  readonly resetsInProgress: Set<string>;
  /** Keys ("<action>:directory/userId"; enable and disable share one) of account actions being confirmed or running. */
  readonly actionsInProgress: Set<string>;
  /** Where every reset and account action adds its record (src/history). */
  readonly history: HistoryRecorder;
  readonly historyTree: HistoryTreeProvider;
}
