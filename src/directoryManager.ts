// Which directory is active, how it is signed in to, and its provider. Settings are read from the
// application (user) scope only, so a workspace can never point the extension at another server.
import * as vscode from 'vscode';
import { StaticTokenSource } from './auth/staticTokenSource';
import type { Connection } from './connections/connection';
import { createConnection } from './connections/createConnection';
import { parseDirectoryConfig, type DirectoryConfig } from './directory/config';
import { GraphProvider } from './directory/graph/graphProvider';
import type { DirectoryProvider, Logger } from './directory/types';
import type { GraphServer } from './demo/graphServer';

export const DEMO_DIRECTORY_NAME = 'Demo directory (Contoso)';

export type DirectoryState = 'notConfigured' | 'invalidSettings' | 'signedOut' | 'ready';

export interface ActiveDirectory {
  readonly name: string;
  readonly provider: DirectoryProvider;
  readonly isDemo: boolean;
  readonly config?: DirectoryConfig;
  readonly connection?: Connection;
}

export class DirectoryManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active directory, its settings or the sign-in changed: the tree reloads. */
  readonly onDidChange = this.changed.event;
  private active?: ActiveDirectory;
  /** A configured directory that could not be opened (e.g. its provider failed to start). */
  private activeProblem?: string;
  private demo?: { server: GraphServer; directory: ActiveDirectory };
  private demoActive = false;
  private readonly signedOutByUser = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('directoryReset')) void this.reload();
      }),
      vscode.authentication.onDidChangeSessions(() => this.changed.fire()),
    );
  }

  /** The configured directories (user settings only) and the problems found in them. */
  readSettings(): { configs: DirectoryConfig[]; problems: string[] } {
    const section = vscode.workspace.getConfiguration('directoryReset');
    // inspect().globalValue: the user's own settings; workspace and folder values are ignored on purpose.
    const raw = section.inspect<unknown[]>('directories')?.globalValue ?? [];
    const configs: DirectoryConfig[] = [];
    const problems: string[] = [];
    (Array.isArray(raw) ? raw : [raw]).forEach((entry, i) => {
      const result = parseDirectoryConfig(entry, i);
      if (result.ok) configs.push(result.config);
      else problems.push(result.problem);
    });
    if (this.activeProblem) problems.unshift(this.activeProblem);
    return { configs, problems };
  }

  setting<T>(key: string, fallback: T): T {
    return vscode.workspace.getConfiguration('directoryReset').inspect<T>(key)?.globalValue ?? fallback;
  }

  get current(): ActiveDirectory | undefined {
    if (this.demoActive && this.demo) return this.demo.directory;
    return this.active ?? this.buildActive();
  }

  get demoServer(): GraphServer | undefined {
    return this.demo?.server;
  }

  async state(): Promise<DirectoryState> {
    if (this.demoActive) return 'ready';
    const active = this.current;
    const { configs, problems } = this.readSettings();
    if (!active) return problems.length ? 'invalidSettings' : 'notConfigured';
    if (configs.length === 0) return 'notConfigured';
    if (this.signedOutByUser.has(active.name)) return 'signedOut';
    return (await active.connection?.isSignedIn()) === false ? 'signedOut' : 'ready';
  }

  /** Starts the in-process demo directory (once) and makes it the active directory. */
  async openDemo(): Promise<GraphServer> {
    if (!this.demo) {
      const { startDemoDirectory } = await import('./demo/index');
      const server = await startDemoDirectory();
      const provider = new GraphProvider({
        name: DEMO_DIRECTORY_NAME,
        graphEndpoint: server.url,
        tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
        logger: this.logger,
        resetMethod: this.setting('resetMethod', 'auto'),
        passwordLength: this.setting('passwordLength', 16),
      });
      this.demo = { server, directory: { name: DEMO_DIRECTORY_NAME, provider, isDemo: true } };
      this.logger.info(`Demo directory started at ${server.url} with ${server.users.length} users`);
    }
    this.demoActive = true;
    this.changed.fire();
    return this.demo.server;
  }

  /** Makes a configured directory (by name) or the demo the active one. */
  async select(name: string): Promise<void> {
    if (name === DEMO_DIRECTORY_NAME) {
      await this.openDemo();
      return;
    }
    this.demoActive = false;
    await vscode.workspace.getConfiguration('directoryReset').update('activeDirectory', name, vscode.ConfigurationTarget.Global);
    await this.reload();
  }

  async signIn(): Promise<void> {
    const active = this.current;
    if (!active?.connection) return;
    this.signedOutByUser.delete(active.name);
    await active.connection.signIn();
    this.changed.fire();
  }

  async signOut(): Promise<void> {
    const active = this.current;
    if (!active) return;
    if (active.isDemo) {
      this.demoActive = false;
    } else {
      this.signedOutByUser.add(active.name);
      await active.connection?.signOut();
    }
    this.changed.fire();
  }

  /** Rebuilds the active provider from the settings. */
  async reload(): Promise<void> {
    const old = this.active;
    this.active = undefined;
    this.activeProblem = undefined;
    await old?.provider.dispose();
    this.changed.fire();
  }

  private buildActive(): ActiveDirectory | undefined {
    const { configs } = this.readSettings();
    if (configs.length === 0) return undefined;
    const wanted = this.setting('activeDirectory', '');
    const config = configs.find((c) => c.name === wanted) ?? configs[0];
    try {
      const connection = createConnection(config, {
        secrets: this.secrets,
        logger: this.logger,
        setting: (key, fallback) => this.setting(key, fallback),
        warn: (message) => void vscode.window.showWarningMessage(message),
      });
      this.active = { name: config.name, provider: connection.provider, isDemo: false, config, connection };
      return this.active;
    } catch (e) {
      this.activeProblem = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  }

  dispose(): void {
    void this.active?.provider.dispose();
    void this.demo?.directory.provider.dispose();
    void this.demo?.server.close();
    this.disposables.forEach((d) => d.dispose());
  }
}
