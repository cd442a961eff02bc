// Entry point: builds the parts, registers them, and returns a small API that only the in-VS Code tests get.
// Nothing touches the network at activation: the demo directory starts only when asked for.
// First: the directory layer's words are German (or any bundle's language) from the moment its modules load.
import { configureDirectoryLocalisation } from './directoryLocalisation';
import * as vscode from 'vscode';
import type { CommandContext } from './commands/commandContext';
import { registerCommands } from './commands/registerCommands';
import { DirectoryManager } from './directoryManager';
import { HistoryRecorder } from './history/recorder';
import { HistoryStore } from './history/store';
import { createLogChannel, loggerFor } from './log';
import { HistoryTreeProvider } from './views/historyTree';
import { UsersTreeProvider } from './views/usersTree';
import { ProfilePanels } from './webviews/profile/profilePanels';

/**
 * Returned from activate() only under the extension's own tests; the in-VS Code tests reach the running parts
 * through it. Any other extension gets undefined (see testApi).
 */
export interface ExtensionApi {
  readonly commands: CommandContext;
  readonly storage: {
    readonly globalState: vscode.Memento;
    readonly workspaceState: vscode.Memento;
    readonly logUri: vscode.Uri;
    readonly globalStorageUri: vscode.Uri;
  };
}

/**
 * The API, or undefined unless VS Code runs this extension under its tests. `vscode.extensions.getExtension(id)
 * .activate()` hands activate()'s result to ANY extension, and this one holds providers whose resetPassword runs
 * without a confirmation and the manager that reads the secret storage. ExtensionMode.Test is set by VS Code
 * itself, only when this extension is loaded from source (extensionDevelopmentPath) together with a test runner
 * (extensionTestsPath): no setting, environment variable or other extension can turn it on in an installed copy.
 */
export function testApi(mode: vscode.ExtensionMode, api: ExtensionApi): ExtensionApi | undefined {
  return mode === vscode.ExtensionMode.Test ? api : undefined;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  // Again, before any directory code builds a message: the bundle as VS Code has it now.
  configureDirectoryLocalisation();
  const log = createLogChannel();
  const manager = new DirectoryManager(context.secrets, loggerFor(log), context.globalState);
  const tree = new UsersTreeProvider(manager);
  const treeView = vscode.window.createTreeView('directoryReset.users', {
    treeDataProvider: tree,
    showCollapseAll: false,
  });
  const profiles = new ProfilePanels(context.extensionUri, log);
  // The History: JSON lines in the extension's global storage, bounded by a user setting (src/history).
  const historyStore = new HistoryStore(context.globalStorageUri.fsPath, () =>
    manager.setting<unknown>('history.maxRecords', undefined),
  );
  const historyTree = new HistoryTreeProvider(historyStore);
  const historyView = vscode.window.createTreeView('directoryReset.history', { treeDataProvider: historyTree });
  historyTree.attach(historyView);
  const ctx: CommandContext = {
    manager,
    tree,
    treeView,
    profiles,
    log,
    state: context.globalState,
    resetsInProgress: new Set(),
    actionsInProgress: new Set(),
    history: new HistoryRecorder(historyStore, loggerFor(log)),
    historyTree,
  };
  // The view's title names the open directory: an administrator with several tenants always sees which one.
  const showDirectoryName = () => (treeView.title = manager.current?.name ?? vscode.l10n.t('Users'));
  context.subscriptions.push(
    log,
    manager,
    tree,
    treeView,
    profiles,
    historyTree,
    historyView,
    ...registerCommands(ctx),
    manager.onDidChange(showDirectoryName),
  );
  showDirectoryName();
  log.info(`Activated (VS Code ${vscode.version})`);

  // `npm run demo` sets this so the workbench opens straight onto the demo directory.
  if (process.env.DIRECTORY_RESET_OPEN_DEMO === '1') {
    void vscode.commands.executeCommand('directoryReset.openDemoDirectory');
  }
  return testApi(context.extensionMode, {
    commands: ctx,
    storage: {
      globalState: context.globalState,
      workspaceState: context.workspaceState,
      logUri: context.logUri,
      globalStorageUri: context.globalStorageUri,
    },
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
