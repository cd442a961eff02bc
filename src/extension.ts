// Entry point: builds the parts, registers them, and returns a small API that the in-VS Code tests use.
// Nothing touches the network at activation: the demo directory starts only when asked for.
import * as vscode from 'vscode';
import type { CommandContext } from './commands/commandContext';
import { registerCommands } from './commands/registerCommands';
import { DirectoryManager } from './directoryManager';
import { createLogChannel, loggerFor } from './log';
import { UsersTreeProvider } from './views/usersTree';
import { ProfilePanels } from './webviews/profile/profilePanels';

/** Returned from activate(); the in-VS Code tests reach the running parts through it. */
export interface ExtensionApi {
  readonly commands: CommandContext;
  readonly storage: {
    readonly globalState: vscode.Memento;
    readonly workspaceState: vscode.Memento;
    readonly logUri: vscode.Uri;
    readonly globalStorageUri: vscode.Uri;
  };
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = createLogChannel();
  const manager = new DirectoryManager(context.secrets, loggerFor(log), context.globalState);
  const tree = new UsersTreeProvider(manager);
  const treeView = vscode.window.createTreeView('directoryReset.users', { treeDataProvider: tree, showCollapseAll: false });
  const profiles = new ProfilePanels(context.extensionUri, log);
  const ctx: CommandContext = { manager, tree, treeView, profiles, log, resetsInProgress: new Set() };
  // The view's title names the open directory: an administrator with several tenants always sees which one.
  const showDirectoryName = () => (treeView.title = manager.current?.name ?? 'Users');
  context.subscriptions.push(log, manager, tree, treeView, profiles, ...registerCommands(ctx), manager.onDidChange(showDirectoryName));
  showDirectoryName();
  log.info(`Activated (VS Code ${vscode.version})`);

  // `npm run demo` sets this so the workbench opens straight onto the demo directory.
  if (process.env.DIRECTORY_RESET_OPEN_DEMO === '1') {
    void vscode.commands.executeCommand('directoryReset.openDemoDirectory');
  }
  return {
    commands: ctx,
    storage: {
      globalState: context.globalState,
      workspaceState: context.workspaceState,
      logUri: context.logUri,
      globalStorageUri: context.globalStorageUri,
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
