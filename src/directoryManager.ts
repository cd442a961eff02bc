// Which directory is active, how it is signed in to, and its provider. Settings are read from the
// application (user) scope only, so a workspace can never point the extension at another server.
import * as vscode from 'vscode';
import { SOVEREIGN_CUSTOM_SETTING, SOVEREIGN_SETTING } from './auth/cloud';
import type { AccountStore, AuthApi, SessionsChangeEvent } from './auth/vscodeTokenSource';
import type { Connection, ConnectionDeps } from './connections/connection';
import { createConnection } from './connections/createConnection';
import { DEMO_DIRECTORY_NAME, demoSignedInRoles, openDemoConnection } from './connections/demoConnection';
import { parseDirectoryConfig, type DirectoryConfig } from './directory/config';
import type { DirectoryProvider, Logger } from './directory/types';
import type { GraphServer, TestInstruments } from './demo/index';

export { DEMO_DIRECTORY_NAME } from './connections/demoConnection';

export type DirectoryState = 'notConfigured' | 'invalidSettings' | 'signedOut' | 'ready';

/**
 * The directory open in the view, configured or the demo, opened the same way: through its connection (its
 * provider and sign-in, src/connections), and for a configured one its settings.
 */
export interface OpenDirectory {
  readonly name: string;
  readonly provider: DirectoryProvider;
  readonly isDemo: boolean;
  readonly config?: DirectoryConfig;
  readonly connection: Connection;
}

export class DirectoryManager implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active directory, its settings or the sign-in changed: the tree reloads. */
  readonly onDidChange = this.changed.event;
  private active?: OpenDirectory;
  /** A configured directory that could not be opened (e.g. its provider failed to start). */
  private activeProblem?: string;
  private demo?: { server: GraphServer; directory: OpenDirectory };
  private demoActive = false;
  private readonly signedOutByUser = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private auth: AuthApi = vscodeAuthentication;
  private authProviderId?: string;
  private authAuthority?: string;
  private sessionsSubscription?: { dispose(): unknown };
  private demoTestInstruments?: () => TestInstruments;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
    /** Where the account chosen per directory is remembered (the extension's globalState). */
    private readonly accounts: AccountStore,
  ) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('directoryReset.demo.signedInRoles') && this.demo) {
          // The demo signs in as someone else: its server takes the roles, its pre-flight check reads them again.
          this.demo.server.setDelegatedCallerRoles(demoSignedInRoles((key, fallback) => this.setting(key, fallback)));
          this.demo.directory.provider.forgetAccess?.();
        }
        if (e.affectsConfiguration('directoryReset') || e.affectsConfiguration('microsoft-sovereign-cloud'))
          void this.reload();
      }),
    );
    this.subscribeToSessions();
  }

  /**
   * Tests: use another authentication API and/or provider id than vscode.authentication's 'microsoft' (e.g. a
   * provider the test registered), and another authority for tenant-domain lookups. `undefined` restores the real
   * ones. Rebuilds the active directory.
   */
  async useAuthentication(auth: AuthApi | undefined, providerId?: string, authority?: string): Promise<void> {
    this.auth = auth ?? vscodeAuthentication;
    this.authProviderId = auth ? providerId : undefined;
    this.authAuthority = auth ? authority : undefined;
    this.subscribeToSessions();
    await this.reload();
  }

  /**
   * Tests: the demo directory opened from now on records its requests and resets and takes injected faults
   * (src/demo/testInstruments.ts, handed in by the in-VS Code test run). A person's demo has neither.
   */
  useDemoTestInstruments(make: (() => TestInstruments) | undefined): void {
    this.demoTestInstruments = make;
  }

  private subscribeToSessions(): void {
    this.sessionsSubscription?.dispose();
    this.sessionsSubscription = this.auth.onDidChangeSessions((e) => void this.onSessionsChanged(e));
  }

  /**
   * Reloads the view only when the open directory's own sign-in changed. Before, every event reloaded the tree,
   * and the reload's own silent getSession could refresh a token and fire the next event: an endless loop.
   */
  private async onSessionsChanged(e: SessionsChangeEvent): Promise<void> {
    const active = this.active;
    if (this.demoActive || !active?.connection.sessionsChanged) return;
    try {
      if ((await active.connection.sessionsChanged(e)) && this.active === active) {
        this.logger.info(`${active.name}: the VS Code account changed; reloading`);
        this.changed.fire();
      }
    } catch (err) {
      this.logger.warn(
        `${active.name}: checking the VS Code account failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
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

  get current(): OpenDirectory | undefined {
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
    return (await active.connection.isSignedIn()) === false ? 'signedOut' : 'ready';
  }

  /** Starts the in-process demo directory (once) and makes it the active directory. */
  async openDemo(): Promise<GraphServer> {
    if (!this.demo) {
      const connection = await openDemoConnection(this.connectionDeps(), this.demoTestInstruments?.());
      const { server, provider } = connection;
      this.demo = { server, directory: { name: DEMO_DIRECTORY_NAME, provider, isDemo: true, connection } };
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
    await vscode.workspace
      .getConfiguration('directoryReset')
      .update('activeDirectory', name, vscode.ConfigurationTarget.Global);
    await this.reload();
  }

  async signIn(): Promise<void> {
    const active = this.current;
    // The demo is always signed in (its own token): nothing to do, nothing to reload.
    if (!active || active.isDemo) return;
    this.signedOutByUser.delete(active.name);
    await active.connection.signIn();
    this.changed.fire();
  }

  /** VS Code sign-in: choose another account for the active directory. False when the directory has no such choice. */
  async signInWithAnotherAccount(): Promise<boolean> {
    const active = this.current;
    if (!active?.connection.signInWithAnotherAccount) return false;
    this.signedOutByUser.delete(active.name);
    await active.connection.signInWithAnotherAccount();
    this.changed.fire();
    return true;
  }

  /**
   * Signs out of the active directory. For VS Code sign-in nothing happens here: the returned text says where
   * sign-out happens (VS Code's Accounts menu).
   */
  async signOut(): Promise<string | undefined> {
    const active = this.current;
    if (!active) return undefined;
    if (active.connection.signOutElsewhere) return active.connection.signOutElsewhere;
    if (active.isDemo) {
      this.demoActive = false;
    } else {
      this.signedOutByUser.add(active.name);
      await active.connection.signOut();
    }
    this.changed.fire();
    return undefined;
  }

  /** Rebuilds the active provider from the settings. */
  async reload(): Promise<void> {
    const old = this.active;
    this.active = undefined;
    this.activeProblem = undefined;
    await old?.provider.dispose();
    this.changed.fire();
  }

  private buildActive(): OpenDirectory | undefined {
    const { configs } = this.readSettings();
    if (configs.length === 0) return undefined;
    const wanted = this.setting('activeDirectory', '');
    const config = configs.find((c) => c.name === wanted) ?? configs[0];
    try {
      const connection = createConnection(config, this.connectionDeps());
      this.active = { name: config.name, provider: connection.provider, isDemo: false, config, connection };
      return this.active;
    } catch (e) {
      this.activeProblem = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  }

  /** What every connection, the demo's too, is built with. */
  private connectionDeps(): ConnectionDeps {
    return {
      secrets: this.secrets,
      logger: this.logger,
      setting: (key, fallback) => this.setting(key, fallback),
      auth: this.auth,
      authProviderId: this.authProviderId,
      authAuthority: this.authAuthority,
      accounts: this.accounts,
      sovereignSetting: () => ({
        environment: vscode.workspace.getConfiguration().get(SOVEREIGN_SETTING),
        customEnvironment: vscode.workspace.getConfiguration().get(SOVEREIGN_CUSTOM_SETTING),
      }),
      warn: (message) => void vscode.window.showWarningMessage(message),
    };
  }

  dispose(): void {
    this.sessionsSubscription?.dispose();
    void this.active?.provider.dispose();
    void this.demo?.directory.provider.dispose();
    void this.demo?.server.close();
    for (const d of this.disposables) d.dispose();
  }
}

/** The real vscode.authentication, in the shape the token source uses. */
const vscodeAuthentication: AuthApi = {
  getSession: (providerId, scopesOrRequest, options) =>
    vscode.authentication.getSession(providerId, scopesOrRequest, options as vscode.AuthenticationGetSessionOptions),
  onDidChangeSessions: (listener) => vscode.authentication.onDidChangeSessions(listener),
};
