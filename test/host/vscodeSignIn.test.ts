// "authentication": "vscode" inside a real VS Code: the real vscode.authentication (consent dialog, account
// preference, onDidChangeSessions routed through the workbench) with an authentication provider this test registers,
// and the extension pointed at it through DirectoryManager.useAuthentication (in production: 'microsoft'). The
// directory is the demo Graph directory, so the tree really loads with the provider's token.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { AuthApi, GetSessionOptions, WwwAuthenticateRequest } from '../../src/auth/vscodeTokenSource';
import type { GraphServer } from '../../src/demo/graphServer';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes';

const EXTENSION_ID = 'directory-reset.directory-password-reset';
const DIRECTORY = 'Signed in with VS Code';
const TENANT = '0e5b3c4a-1111-4222-8333-944445555666';
const CLIENT_ID = '3c7a1b2d-0000-4000-8000-00000000abcd';
const TEST_PROVIDER = 'directory-reset-test-auth';
const OTHER_PROVIDER = 'directory-reset-test-other';

const settle = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

/** A provider VS Code hosts like any other: sessions per account, events when they change. */
class TestProvider implements vscode.AuthenticationProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  readonly sessions: vscode.AuthenticationSession[] = [];
  private n = 0;
  /**
   * Set: behave like VS Code's Microsoft provider, which compares the requested VSCODE_TENANT with the cached
   * account's tenant GUID and, when they differ, refreshes over the network and announces the refresh.
   */
  accountTenant?: string;
  forcedRefreshes = 0;
  getSessionsCalls = 0;

  constructor(private readonly newToken: () => string) {}

  async getSessions(scopes: readonly string[] | undefined, options?: vscode.AuthenticationProviderSessionOptions) {
    this.getSessionsCalls++;
    const tenant = scopes?.find((s) => s.startsWith('VSCODE_TENANT:'))?.slice('VSCODE_TENANT:'.length);
    if (this.accountTenant && tenant && tenant !== this.accountTenant && this.sessions.length) {
      this.forcedRefreshes++;
      this.refresh();
    }
    return this.sessions.filter((s) => !options?.account || s.account.id === options.account.id);
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const id = `account-${++this.n}`;
    const session = {
      id,
      accessToken: this.newToken(),
      account: { id, label: `helpdesk${this.n}@contoso.test` },
      scopes,
    };
    this.sessions.push(session);
    this.emitter.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(id: string): Promise<void> {
    const i = this.sessions.findIndex((s) => s.id === id);
    if (i < 0) return;
    const [removed] = this.sessions.splice(i, 1);
    this.emitter.fire({ added: [], removed: [removed], changed: [] });
  }

  /** What MSAL does all day: a new access token for the same account, announced as "changed". */
  refresh(): void {
    const s = this.sessions[0];
    this.sessions[0] = { ...s, accessToken: this.newToken() };
    this.emitter.fire({ added: [], removed: [], changed: [this.sessions[0]] });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The real vscode.authentication, recording what the extension asks. */
function recordingAuth(): AuthApi & {
  calls: Array<{ providerId: string; request: readonly string[] | WwwAuthenticateRequest; options: GetSessionOptions }>;
} {
  const calls: Array<{
    providerId: string;
    request: readonly string[] | WwwAuthenticateRequest;
    options: GetSessionOptions;
  }> = [];
  return {
    calls,
    getSession: (providerId, request, options) => {
      calls.push({ providerId, request, options });
      return vscode.authentication.getSession(providerId, request, options as vscode.AuthenticationGetSessionOptions);
    },
    onDidChangeSessions: (listener) => vscode.authentication.onDidChangeSessions(listener),
  };
}

/**
 * Lets the extension use an account of `providerId` the way a person does without a modal: a plain getSession
 * (neither silent nor createIfNone) puts "Sign in with ... to use Directory Password Reset" into VS Code's Accounts
 * menu, and running that menu item creates the session, allows the extension and makes it the preferred account.
 * (The consent modal that createIfNone shows when no allowed session exists is refused in the smoke-test workbench
 * these tests run in, so a first sign-in here must find an allowed session, as a returning user's does.)
 */
async function allowAccountThroughAccountsMenu(providerId: string, scopes: readonly string[]): Promise<void> {
  assert.equal(await vscode.authentication.getSession(providerId, scopes, {}), undefined, 'no session yet');
  const prefix = `${providerId}:${EXTENSION_ID}:signIn`;
  let command: string | undefined;
  for (let i = 0; i < 50 && !command; i++) {
    command = (await vscode.commands.getCommands(true)).find((c) => c.toLowerCase().startsWith(prefix.toLowerCase()));
    if (!command) await settle(100);
  }
  assert.ok(command, `the Accounts menu offers ${prefix}...`);
  await vscode.commands.executeCommand(command);
}

describe('VS Code sign-in ("authentication": "vscode") in a real VS Code', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let server: GraphServer;
  let provider: TestProvider;
  let other: TestProvider;
  const registrations: vscode.Disposable[] = [];
  let reloads = 0;
  const config = () => vscode.workspace.getConfiguration('directoryReset');
  const rootNodes = async (): Promise<TreeNode[]> => (await api.commands.tree.getChildren()) ?? [];

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
    server = await api.commands.manager.openDemo();
    provider = new TestProvider(() => server.issueDelegatedToken());
    other = new TestProvider(() => 'not-for-us');
    registrations.push(
      vscode.authentication.registerAuthenticationProvider(TEST_PROVIDER, 'Directory Reset Test', provider),
      vscode.authentication.registerAuthenticationProvider(OTHER_PROVIDER, 'Another Extension', other),
      api.commands.manager.onDidChange(() => reloads++),
    );
    await config().update(
      'directories',
      [
        {
          name: DIRECTORY,
          provider: 'microsoftGraph',
          tenantId: TENANT,
          clientId: CLIENT_ID,
          authentication: 'vscode',
          graphEndpoint: server.url,
        },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await config().update('activeDirectory', DIRECTORY, vscode.ConfigurationTarget.Global);
    await api.commands.manager.select(DIRECTORY);
    await rootNodes();
    await settle(500);
  });

  after(async () => {
    try {
      const manager = api.commands.manager as { useAuthentication?: (a: undefined) => Promise<void> };
      await manager.useAuthentication?.(undefined);
    } finally {
      for (const key of ['directories', 'activeDirectory'])
        await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      await api.commands.manager.reload();
      registrations.forEach((d) => d.dispose());
      provider?.dispose();
      other?.dispose();
    }
  });

  it("does not reload the view when another provider's sessions change (Azure, Copilot... refresh theirs all day)", async () => {
    // The directory uses the real 'microsoft' provider here; the events come from a provider that is not it.
    assert.equal(api.commands.manager.current?.name, DIRECTORY);
    await rootNodes();
    await settle(500);
    reloads = 0;
    await other.createSession([]);
    other.refresh();
    other.refresh();
    await settle();
    assert.equal(reloads, 0, `the view reloaded ${reloads} time(s) for another provider's events`);
  });

  describe('with a provider registered by the test', () => {
    const auth = recordingAuth();

    before(async () => {
      const manager = api.commands.manager as { useAuthentication?: (a: AuthApi, id: string) => Promise<void> };
      assert.ok(manager.useAuthentication, 'the manager lets a test choose the provider');
      await manager.useAuthentication(auth, TEST_PROVIDER);
    });

    it('is signed out before the first sign-in, without asking VS Code for any account', async () => {
      assert.deepEqual(await rootNodes(), []);
      assert.equal(await api.commands.manager.state(), 'signedOut');
      assert.deepEqual(auth.calls, []);
    });

    it('first sign-in: createIfNone (not forceNewSession), the tenant GUID, then the tree loads with the token', async () => {
      await allowAccountThroughAccountsMenu(TEST_PROVIDER, ['User.Read']);
      assert.equal(provider.sessions.length, 1);
      await settle(500);
      auth.calls.length = 0;
      await vscode.commands.executeCommand('directoryReset.signIn');
      const first = auth.calls[0];
      assert.ok(first, 'VS Code was asked');
      assert.equal(first.providerId, TEST_PROVIDER);
      assert.equal(first.options.createIfNone, true);
      assert.equal(first.options.forceNewSession, undefined);
      assert.ok((first.request as string[]).includes(`VSCODE_TENANT:${TENANT}`));
      assert.ok((first.request as string[]).includes(`VSCODE_CLIENT_ID:${CLIENT_ID}`));
      assert.equal(provider.sessions.length, 1, 'the allowed session was used, no second one created');
      assert.equal(await api.commands.manager.state(), 'ready');
      const users = (await rootNodes()).filter((n) => n.kind === 'user');
      assert.ok(users.length > 0, 'the tree lists users with the VS Code session');
      const remembered = api.storage.globalState.get(`directoryReset.account/${DIRECTORY}/${TENANT}`);
      assert.deepEqual(
        remembered,
        { id: provider.sessions[0].account.id, label: provider.sessions[0].account.label },
        'id and label only',
      );
    });

    it('pins the remembered account on every silent request', async () => {
      auth.calls.length = 0;
      await vscode.commands.executeCommand('directoryReset.refresh');
      await rootNodes();
      assert.ok(auth.calls.length > 0);
      for (const c of auth.calls) {
        assert.equal(c.options.silent, true);
        assert.equal(c.options.account?.id, provider.sessions[0].account.id);
      }
    });

    it('a token refresh of the same account does not reload the view; it is checked once, silently', async () => {
      await settle(500);
      reloads = 0;
      auth.calls.length = 0;
      provider.refresh();
      await settle();
      assert.equal(reloads, 0, `the view reloaded ${reloads} time(s) for a token refresh`);
      assert.equal(auth.calls.length, 1, 'one silent check');
      assert.equal(auth.calls[0].options.silent, true);
      other.refresh();
      await settle();
      assert.equal(reloads, 0);
      assert.equal(auth.calls.length, 1, "another provider's event asks nothing");
    });

    it('signing out of the account in VS Code reloads the view, which then offers Sign In', async () => {
      reloads = 0;
      await provider.removeSession(provider.sessions[0].id);
      await settle();
      assert.ok(reloads >= 1, 'the view reloaded');
      assert.equal(await api.commands.manager.state(), 'signedOut');
    });

    it('"Directory: Sign Out" says that sign-out happens in the Accounts menu', async () => {
      const shown: string[] = [];
      const original = vscode.window.showInformationMessage;
      (vscode.window as { showInformationMessage: unknown }).showInformationMessage = async (m: string) => {
        shown.push(m);
        return undefined;
      };
      try {
        await vscode.commands.executeCommand('directoryReset.signOut');
      } finally {
        (vscode.window as { showInformationMessage: unknown }).showInformationMessage = original;
      }
      assert.equal(shown.length, 1);
      assert.match(shown[0], /Accounts menu/);
      assert.match(shown[0], /Sign In with Another Account/);
    });
  });

  describe('a tenant written as a domain', () => {
    const DOMAIN_DIRECTORY = 'Signed in with a tenant domain';
    const auth = recordingAuth();
    let authority: http.Server;

    before(async () => {
      // The sign-in authority's openid-configuration, as login.microsoftonline.com serves it.
      authority = http.createServer((req, res) => {
        const ok = req.url === '/contoso-test.onmicrosoft.com/v2.0/.well-known/openid-configuration';
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok ? { issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` } : { error: 'invalid_tenant' },
          ),
        );
      });
      await new Promise<void>((r) => authority.listen(0, '127.0.0.1', r));
      await config().update(
        'directories',
        [
          {
            name: DOMAIN_DIRECTORY,
            provider: 'microsoftGraph',
            tenantId: 'contoso-test.onmicrosoft.com',
            clientId: CLIENT_ID,
            authentication: 'vscode',
            graphEndpoint: server.url,
          },
        ],
        vscode.ConfigurationTarget.Global,
      );
      await config().update('activeDirectory', DOMAIN_DIRECTORY, vscode.ConfigurationTarget.Global);
      await api.commands.manager.select(DOMAIN_DIRECTORY);
      const manager = api.commands.manager as {
        useAuthentication?: (a: AuthApi, id: string, authority: string) => Promise<void>;
      };
      await manager.useAuthentication!(
        auth,
        TEST_PROVIDER,
        `http://127.0.0.1:${(authority.address() as AddressInfo).port}`,
      );
      provider.accountTenant = TENANT;
    });

    after(async () => {
      provider.accountTenant = undefined;
      await new Promise<void>((r) => authority.close(() => r()));
    });

    it('reaches the provider as its GUID, so silent requests need no refresh and nothing reloads in a loop', async () => {
      await allowAccountThroughAccountsMenu(TEST_PROVIDER, ['User.Read']);
      await settle(500);
      auth.calls.length = 0;
      await vscode.commands.executeCommand('directoryReset.signIn');
      assert.ok((auth.calls[0].request as string[]).includes(`VSCODE_TENANT:${TENANT}`), 'the GUID, not the domain');
      assert.ok(
        (await rootNodes()).some((n) => n.kind === 'user'),
        'the tree loads',
      );
      await settle(500);
      reloads = 0;
      provider.forcedRefreshes = 0;
      provider.getSessionsCalls = 0;
      await settle(3000);
      console.log(
        `  (3 s after sign-in: ${reloads} reloads, ${provider.getSessionsCalls} provider requests, ${provider.forcedRefreshes} forced refreshes)`,
      );
      assert.equal(provider.forcedRefreshes, 0);
      assert.equal(reloads, 0);
    });

    it('even a tenant the provider never matches (every check refreshes and fires) neither reloads nor asks in a busy loop', async () => {
      provider.accountTenant = '00000000-0000-4000-8000-000000000000'; // now every request "refreshes"
      reloads = 0;
      provider.forcedRefreshes = 0;
      provider.getSessionsCalls = 0;
      provider.refresh(); // one event starts it
      await settle(5000);
      const refreshes = provider.forcedRefreshes;
      console.log(
        `  (5 s with a never-matching tenant: ${reloads} reloads, ${provider.getSessionsCalls} provider requests, ${refreshes} forced refreshes)`,
      );
      provider.accountTenant = TENANT;
      assert.equal(reloads, 0, 'the account never changed');
      assert.ok(refreshes <= 5, `${refreshes} forced refreshes in 5 s: at most one check every 2 s`);
    });
  });
});
