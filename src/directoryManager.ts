// Which directory is active, how it is signed in to, and its provider. Settings are read from the
// application (user) scope only, so a workspace can never point the extension at another server.
import * as vscode from 'vscode';
import { ClientCredentialsTokenSource } from './auth/clientCredentialsTokenSource';
import { StaticTokenSource } from './auth/staticTokenSource';
import { VsCodeTokenSource } from './auth/vscodeTokenSource';
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
}

export class DirectoryManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active directory, its settings or the sign-in changed: the tree reloads. */
  readonly onDidChange = this.changed.event;
  private active?: ActiveDirectory;
  private tokenSource?: VsCodeTokenSource | ClientCredentialsTokenSource;
  private demo?: { server: GraphServer; directory: ActiveDirectory };
  private demoActive = false;
  private signedOutByUser = new Set<string>();
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
    const { configs, problems } = this.readSettings();
    if (configs.length === 0) return problems.length ? 'invalidSettings' : 'notConfigured';
    const active = this.current;
    if (!active) return 'notConfigured';
    if (this.signedOutByUser.has(active.name)) return 'signedOut';
    if (this.tokenSource instanceof VsCodeTokenSource) return (await this.tokenSource.isSignedIn()) ? 'ready' : 'signedOut';
    if (this.tokenSource instanceof ClientCredentialsTokenSource) {
      return (await this.secrets.get(secretKey(active.name))) ? 'ready' : 'signedOut';
    }
    return 'ready';
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
    if (!active || active.isDemo) return;
    this.signedOutByUser.delete(active.name);
    if (this.tokenSource instanceof VsCodeTokenSource) {
      await this.tokenSource.signIn(true);
    } else if (this.tokenSource instanceof ClientCredentialsTokenSource) {
      const secret = await vscode.window.showInputBox({
        title: `Sign in to ${active.name}`,
        prompt: `Client secret of the app registration ${active.config?.clientId} (kept only in VS Code's secret storage)`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Paste the client secret value (not its ID).'),
      });
      if (!secret) return;
      await this.secrets.store(secretKey(active.name), secret.trim());
      this.tokenSource.clear();
      await this.tokenSource.getToken({ refresh: true }); // proves the secret now, not at the first list
    }
    this.changed.fire();
  }

  async signOut(): Promise<void> {
    const active = this.current;
    if (!active) return;
    if (active.isDemo) {
      this.demoActive = false;
    } else {
      this.signedOutByUser.add(active.name);
      if (this.tokenSource instanceof ClientCredentialsTokenSource) {
        await this.secrets.delete(secretKey(active.name));
        this.tokenSource.clear();
      }
    }
    this.changed.fire();
  }

  /** Rebuilds the active provider from the settings. */
  async reload(): Promise<void> {
    const old = this.active;
    this.active = undefined;
    this.tokenSource = undefined;
    await old?.provider.dispose();
    this.changed.fire();
  }

  private buildActive(): ActiveDirectory | undefined {
    const { configs } = this.readSettings();
    if (configs.length === 0) return undefined;
    const wanted = this.setting('activeDirectory', '');
    const config = configs.find((c) => c.name === wanted) ?? configs[0];
    const resetMethod = this.setting('resetMethod', 'auto');
    this.tokenSource =
      config.authentication === 'clientSecret'
        ? new ClientCredentialsTokenSource({
            directoryName: config.name,
            authorityHost: config.authorityHost,
            tenantId: config.tenantId,
            clientId: config.clientId,
            graphEndpoint: config.graphEndpoint,
            getSecret: async () => this.secrets.get(secretKey(config.name)),
            logger: this.logger,
          })
        : new VsCodeTokenSource(config, resetMethod);
    const provider = new GraphProvider({
      name: config.name,
      graphEndpoint: config.graphEndpoint,
      tokenSource: this.tokenSource,
      logger: this.logger,
      resetMethod: resetMethod as 'auto',
      passwordLength: this.setting('passwordLength', 16),
    });
    this.active = { name: config.name, provider, isDemo: false, config };
    return this.active;
  }

  dispose(): void {
    void this.active?.provider.dispose();
    void this.demo?.directory.provider.dispose();
    void this.demo?.server.close();
    this.disposables.forEach((d) => d.dispose());
  }
}

export function secretKey(directoryName: string): string {
  return `directoryReset.clientSecret:${directoryName}`;
}
