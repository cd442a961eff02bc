// The VS Code sign-in's decisions, driven through its AuthApi seam: which getSession options each situation uses,
// the account remembered per directory, the session-change filter, and claims challenges end to end against the
// test Graph directory on 127.0.0.1. (Inside a real VS Code: test/host/vscodeSignIn.test.ts.)
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCloud } from '../../../src/auth/cloud';
import { clearTenantCache } from '../../../src/auth/tenantResolver';
import {
  signInOptions,
  VsCodeTokenSource,
  type AccountStore,
  type AuthApi,
  type AuthSession,
  type GetSessionOptions,
  type SessionsChangeEvent,
  type WwwAuthenticateRequest,
} from '../../../src/auth/vscodeTokenSource';
import { startGraphServer, type GraphServer } from '../../../src/demo/graphServer';
import { seedUsers } from '../../../src/demo/seed';
import type { GraphDirectoryConfig } from '../../../src/directory/graph/graphConfig';
import { GraphProvider } from '../../../src/directory/graph/graphProvider';
import { recordingLogger, rejection } from '../../support/recording';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-2222-3333-4444-555555555555';
const PUBLIC = checkCloud('x', { graphEndpoint: 'https://graph.microsoft.com' }, {});

interface Call {
  providerId: string;
  request: readonly string[] | WwwAuthenticateRequest;
  options: GetSessionOptions;
}

/** Stands in for vscode.authentication: one provider with accounts whose tokens a test can refresh. */
class FakeAuth implements AuthApi {
  readonly calls: Call[] = [];
  /** account id -> label and current access token */
  readonly accounts = new Map<string, { label: string; token: string }>();
  /** The account an interactive sign-in without a pinned account ends with. */
  picks = 'alice-id';
  /** Whether a silent request for a claims challenge can be satisfied. */
  challengeSilently = false;
  private readonly listeners: Array<(e: SessionsChangeEvent) => unknown> = [];
  private n = 0;

  constructor(readonly providerId = 'microsoft') {}

  add(id: string, label = id.replace(/-id$/, '@contoso.com')): void {
    this.accounts.set(id, { label, token: `token-${id}-${++this.n}` });
  }

  refresh(id: string): void {
    this.accounts.get(id)!.token = `token-${id}-${++this.n}`;
  }

  async getSession(
    providerId: string,
    request: readonly string[] | WwwAuthenticateRequest,
    options: GetSessionOptions,
  ): Promise<AuthSession | undefined> {
    this.calls.push({ providerId, request, options });
    await new Promise((r) => setTimeout(r, 5));
    const isChallenge = !Array.isArray(request);
    if (options.silent) {
      if (isChallenge && !this.challengeSilently) return undefined;
      const id = options.account?.id;
      const a = id ? this.accounts.get(id) : undefined;
      return a ? { accessToken: a.token, account: { id: id!, label: a.label } } : undefined;
    }
    const id = options.account && !options.clearSessionPreference ? options.account.id : this.picks;
    if (!this.accounts.has(id) || options.forceNewSession) this.add(id);
    const a = this.accounts.get(id)!;
    return { accessToken: a.token, account: { id, label: a.label } };
  }

  onDidChangeSessions(listener: (e: SessionsChangeEvent) => unknown) {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  }
}

/** vscode.Memento in memory. */
class Store implements AccountStore {
  readonly values = new Map<string, unknown>();
  get(key: string) {
    return this.values.get(key);
  }
  async update(key: string, value: unknown) {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
  keys() {
    return [...this.values.keys()];
  }
}

function graphConfig(over: Partial<GraphDirectoryConfig> = {}): GraphDirectoryConfig {
  return {
    name: 'Contoso',
    provider: 'microsoftGraph',
    tenantId: TENANT,
    clientId: '00000000-0000-0000-0000-00000000c11d',
    authentication: 'vscode',
    graphEndpoint: 'https://graph.microsoft.com',
    authorityHost: 'https://login.microsoftonline.com',
    ...over,
  };
}

function tokenSource(
  auth: FakeAuth,
  store: Store,
  over: Partial<GraphDirectoryConfig> = {},
  cloud = PUBLIC,
  minCheckIntervalMs = 0,
) {
  return new VsCodeTokenSource({
    config: graphConfig(over),
    resetMethod: 'auto',
    auth,
    accounts: store,
    cloud,
    logger: recordingLogger(),
    minCheckIntervalMs,
  });
}

const ev = (id: string): SessionsChangeEvent => ({ provider: { id } });

describe('VS Code sign-in', () => {
  beforeEach(() => clearTenantCache());

  describe('which getSession options a sign-in uses', () => {
    const base = {
      directoryName: 'Contoso',
      otherDirectoriesRemembered: false,
      rejected: false,
      anotherAccount: false,
    };
    const alice = { id: 'alice-id', label: 'alice@contoso.com' };

    it('first sign-in: createIfNone, never forceNewSession (which would say "sign in again")', () => {
      assert.deepEqual(signInOptions(base), { createIfNone: true });
    });

    it("first sign-in while another directory has an account: VS Code asks which account, instead of reusing the other tenant's", () => {
      const o = signInOptions({ ...base, otherDirectoriesRemembered: true });
      assert.ok(o.createIfNone);
      assert.equal(o.clearSessionPreference, true);
      assert.equal(o.forceNewSession, undefined);
    });

    it('later sign-ins pin the remembered account', () => {
      assert.deepEqual(signInOptions({ ...base, remembered: alice }), { createIfNone: true, account: alice });
    });

    it('forceNewSession only after the directory rejected a token, for the same account, without createIfNone', () => {
      const o = signInOptions({ ...base, remembered: alice, rejected: true });
      assert.ok(o.forceNewSession);
      assert.match((o.forceNewSession as { detail: string }).detail, /Contoso no longer accepts your sign-in/);
      assert.equal(o.createIfNone, undefined);
      assert.deepEqual(o.account, alice);
    });

    it('a pending claims challenge asks for a new session that meets it', () => {
      const o = signInOptions({
        ...base,
        remembered: alice,
        challenge: { wwwAuthenticate: 'Bearer claims="e30="', claims: '{}' },
      });
      assert.match((o.forceNewSession as { detail: string }).detail, /Conditional Access/);
    });

    it('"another account": clearSessionPreference + createIfNone, and no account pinned', () => {
      const o = signInOptions({ ...base, remembered: alice, rejected: true, anotherAccount: true });
      assert.equal(o.clearSessionPreference, true);
      assert.ok(o.createIfNone);
      assert.equal(o.account, undefined);
      assert.equal(o.forceNewSession, undefined);
    });
  });

  describe('the token source with a fake provider', () => {
    it('before any sign-in for this directory: signed out, and VS Code is not even asked', async () => {
      const auth = new FakeAuth();
      auth.add('alice-id'); // an account another extension or directory uses
      const tokens = tokenSource(auth, new Store());
      assert.equal(await tokens.isSignedIn(), false);
      const e = await rejection(tokens.getToken());
      assert.equal(e.kind, 'signInRequired');
      assert.deepEqual(auth.calls, []);
    });

    it('signs in with createIfNone, remembers only the account id and label, then asks silently for that account', async () => {
      const auth = new FakeAuth();
      const store = new Store();
      const tokens = tokenSource(auth, store);
      const account = await tokens.signIn();
      assert.deepEqual(account, { id: 'alice-id', label: 'alice@contoso.com' });
      assert.deepEqual(auth.calls[0].options, { createIfNone: true });
      assert.deepEqual(auth.calls[0].request, [
        'VSCODE_CLIENT_ID:00000000-0000-0000-0000-00000000c11d',
        `VSCODE_TENANT:${TENANT}`,
        'https://graph.microsoft.com/User.Read.All',
        'https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All',
      ]);
      assert.deepEqual(
        [...store.values],
        [[`directoryReset.account/Contoso/${TENANT}`, { id: 'alice-id', label: 'alice@contoso.com' }]],
      );
      assert.ok(!JSON.stringify([...store.values]).includes('token'), 'no token is persisted');

      const token = await tokens.getToken();
      assert.equal(token, auth.accounts.get('alice-id')!.token);
      assert.deepEqual(auth.calls[1].options, {
        silent: true,
        account: { id: 'alice-id', label: 'alice@contoso.com' },
      });
    });

    it('two tenants keep two accounts: each directory pins its own', async () => {
      const auth = new FakeAuth();
      const store = new Store();
      const contoso = tokenSource(auth, store);
      await contoso.signIn();
      auth.picks = 'bob-id';
      const fabrikam = tokenSource(auth, store, { name: 'Fabrikam', tenantId: OTHER_TENANT });
      await fabrikam.signIn();
      assert.equal(
        auth.calls[1].options.clearSessionPreference,
        true,
        "the second directory's first sign-in lets the person choose",
      );
      await contoso.getToken();
      await fabrikam.getToken();
      assert.equal(auth.calls[2].options.account?.id, 'alice-id');
      assert.equal(auth.calls[3].options.account?.id, 'bob-id');
    });

    it('uses forceNewSession only after the directory rejected the token, and createIfNone again afterwards', async () => {
      const auth = new FakeAuth();
      const tokens = tokenSource(auth, new Store());
      await tokens.signIn();
      await tokens.getToken();
      // The directory answered 401 and VS Code has nothing newer: that is a rejection.
      const e = await rejection(tokens.getToken({ refresh: true }));
      assert.match(e.message, /no longer accepts your sign-in/);
      await tokens.signIn();
      const forced = auth.calls.at(-1)!.options;
      assert.ok(forced.forceNewSession);
      assert.equal(forced.createIfNone, undefined);
      await tokens.signIn();
      assert.deepEqual(auth.calls.at(-1)!.options, {
        createIfNone: true,
        account: { id: 'alice-id', label: 'alice@contoso.com' },
      });
    });

    it('"another account" clears the session preference and remembers the new account for this directory', async () => {
      const auth = new FakeAuth();
      const store = new Store();
      const tokens = tokenSource(auth, store);
      await tokens.signIn();
      auth.picks = 'carol-id';
      await tokens.signIn(true);
      assert.equal(auth.calls.at(-1)!.options.clearSessionPreference, true);
      assert.equal(auth.calls.at(-1)!.options.account, undefined);
      assert.deepEqual(store.get(`directoryReset.account/Contoso/${TENANT}`), {
        id: 'carol-id',
        label: 'carol@contoso.com',
      });
      await tokens.getToken();
      assert.equal(auth.calls.at(-1)!.options.account?.id, 'carol-id');
    });

    it("sends the tenant as its GUID when the setting has a domain (looked up at the cloud's authority)", async () => {
      const server = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, path: req.url }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const authority = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const auth = new FakeAuth();
        const tokens = tokenSource(
          auth,
          new Store(),
          { tenantId: 'contoso.onmicrosoft.com' },
          { providerId: 'microsoft', authority },
        );
        await tokens.signIn();
        assert.ok((auth.calls[0].request as string[]).includes(`VSCODE_TENANT:${TENANT}`));
        assert.ok(!(auth.calls[0].request as string[]).some((s) => s.includes('contoso.onmicrosoft.com')));
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it("a sovereign directory without VS Code's setting names the setting and never asks VS Code", async () => {
      const auth = new FakeAuth('microsoft-sovereign-cloud');
      const cloud = checkCloud('Contoso Gov', { graphEndpoint: 'https://graph.microsoft.us' }, {});
      const tokens = tokenSource(auth, new Store(), { graphEndpoint: 'https://graph.microsoft.us' }, cloud);
      assert.equal(await tokens.isSignedIn(), false);
      const e = await rejection(tokens.signIn());
      assert.equal(e.kind, 'configuration');
      assert.match(e.message, /microsoft-sovereign-cloud\.environment/);
      assert.deepEqual(auth.calls, []);
    });

    it("explains the provider's timeout when the sovereign provider is not there", async () => {
      const auth = new FakeAuth('microsoft-sovereign-cloud');
      auth.getSession = async () => {
        throw new Error("Timed out waiting for authentication provider 'microsoft-sovereign-cloud' to register.");
      };
      const cloud = checkCloud('G', { graphEndpoint: 'https://graph.microsoft.us' }, { environment: 'USGovernment' });
      const e = await rejection(
        tokenSource(auth, new Store(), { graphEndpoint: 'https://graph.microsoft.us' }, cloud).signIn(),
      );
      assert.match(e.message, /"Microsoft Sovereign Cloud" sign-in is not available/);
      assert.match(e.nextStep, /microsoft-sovereign-cloud\.environment/);
    });
  });

  describe('onDidChangeSessions', () => {
    async function signedIn() {
      const auth = new FakeAuth();
      const tokens = tokenSource(auth, new Store());
      await tokens.signIn();
      assert.equal(await tokens.isSignedIn(), true);
      auth.calls.length = 0;
      return { auth, tokens };
    }

    it("ignores another provider's events without asking VS Code anything", async () => {
      const { auth, tokens } = await signedIn();
      assert.equal(await tokens.sessionsChanged(ev('github')), false);
      assert.equal(await tokens.sessionsChanged(ev('microsoft-sovereign-cloud')), false);
      assert.deepEqual(auth.calls, []);
    });

    it('a token refresh of the same account does not reload (one silent check)', async () => {
      const { auth, tokens } = await signedIn();
      auth.refresh('alice-id');
      assert.equal(await tokens.sessionsChanged(ev('microsoft')), false);
      assert.equal(auth.calls.length, 1);
      assert.deepEqual(auth.calls[0].options, {
        silent: true,
        account: { id: 'alice-id', label: 'alice@contoso.com' },
      });
    });

    it('reloads when the account was signed out of VS Code, and when another account was chosen', async () => {
      const { auth, tokens } = await signedIn();
      auth.accounts.delete('alice-id');
      assert.equal(await tokens.sessionsChanged(ev('microsoft')), true, 'signed out');
      assert.equal(await tokens.sessionsChanged(ev('microsoft')), false, 'still signed out: nothing new');
      auth.picks = 'dave-id';
      await tokens.signIn(true);
      auth.accounts.delete('dave-id');
      assert.equal(await tokens.sessionsChanged(ev('microsoft')), true);
    });

    it('folds a burst of events into at most two silent checks', async () => {
      const { auth, tokens } = await signedIn();
      const results = await Promise.all(Array.from({ length: 20 }, () => tokens.sessionsChanged(ev('microsoft'))));
      assert.deepEqual(results, Array(20).fill(false));
      assert.ok(auth.calls.length <= 2, `${auth.calls.length} checks for 20 events`);
    });

    it('a provider whose every check fires the next event cannot make the checks run faster than the interval', async () => {
      // What a tenant domain did with the real provider: each silent request refreshed, each refresh fired an event.
      const auth = new FakeAuth();
      const tokens = tokenSource(auth, new Store(), {}, PUBLIC, 200);
      await tokens.signIn();
      const getSession = auth.getSession.bind(auth);
      let stop = false;
      auth.getSession = async (p, r, o) => {
        const s = await getSession(p, r, o);
        if (o.silent && !stop) {
          auth.refresh('alice-id');
          setTimeout(() => void tokens.sessionsChanged(ev('microsoft')), 1);
        }
        return s;
      };
      auth.calls.length = 0;
      const reloads = await tokens.sessionsChanged(ev('microsoft'));
      await new Promise((r) => setTimeout(r, 1000));
      stop = true;
      const checks = auth.calls.length;
      assert.equal(reloads, false);
      // At most two checks per 200 ms interval in one second, plus the first: far from a busy loop.
      assert.ok(checks <= 12, `${checks} silent checks in 1 s`);
      assert.ok(checks >= 2, 'events after the interval are still checked');
      await new Promise((r) => setTimeout(r, 400));
    });
  });

  describe('claims challenges against the test directory', function () {
    this.timeout(20_000);
    let server: GraphServer;
    const CLAIMS = Buffer.from('{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}').toString('base64');
    const challenge = () =>
      `Bearer realm="", authorization_uri="${server.url}/common/oauth2/authorize", error="insufficient_claims", claims="${CLAIMS}"`;

    beforeEach(async () => {
      server = await startGraphServer({ users: seedUsers(20, 3) });
    });
    afterEach(async () => {
      await server.close();
    });

    async function setUp() {
      const auth = new FakeAuth();
      const tokens = tokenSource(auth, new Store(), { graphEndpoint: server.url });
      await tokens.signIn();
      // VS Code's session holds the test directory's token; the challenge makes Graph refuse it once.
      auth.accounts.get('alice-id')!.token = server.delegatedToken;
      auth.calls.length = 0;
      server.injectFault({
        method: 'GET',
        path: /^\/v1\.0\/users$/,
        response: {
          status: 401,
          headers: { 'www-authenticate': challenge() },
          body: {
            error: {
              code: 'InvalidAuthenticationToken',
              message: 'Continuous access evaluation resulted in claims challenge',
            },
          },
        },
      });
      const provider = new GraphProvider({
        name: 'Contoso',
        graphEndpoint: server.url,
        tokenSource: tokens,
        logger: recordingLogger(),
      });
      return { auth, tokens, provider };
    }

    it('asks VS Code for a token for the challenge (silently) and carries on', async () => {
      const { auth, provider } = await setUp();
      try {
        auth.challengeSilently = true;
        const page = await provider.listUsers({ pageSize: 5 });
        assert.equal(page.users.length, 5);
        const asked = auth.calls.find((c) => !Array.isArray(c.request));
        assert.ok(asked, 'the challenge form of getSession was used');
        const request = asked.request as WwwAuthenticateRequest;
        assert.equal(request.wwwAuthenticate, challenge());
        assert.ok(request.fallbackScopes?.includes(`VSCODE_TENANT:${TENANT}`));
        assert.equal(asked.options.silent, true);
        assert.equal(asked.options.account?.id, 'alice-id');
      } finally {
        await provider.dispose();
      }
    });

    it('when that needs a window: says so plainly, and the next Sign In answers the challenge interactively', async () => {
      const { auth, tokens, provider } = await setUp();
      try {
        const e = await rejection(provider.listUsers({ pageSize: 5 }));
        assert.equal(e.kind, 'signInRequired');
        assert.match(e.message, /Conditional Access policy/);
        assert.match(e.nextStep, /Directory: Sign In/);
        await tokens.signIn();
        const last = auth.calls.at(-1)!;
        assert.equal((last.request as WwwAuthenticateRequest).wwwAuthenticate, challenge());
        assert.ok(last.options.forceNewSession);
        await tokens.signIn();
        assert.ok(Array.isArray(auth.calls.at(-1)!.request), 'answered once, the challenge is forgotten');
      } finally {
        await provider.dispose();
      }
    });
  });
});
