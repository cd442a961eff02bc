// The Graph provider against the test directory over real HTTP on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { StaticTokenSource } from '../../../src/auth/staticTokenSource';
import { startGraphServer, type GraphServer } from '../../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { DirectoryError } from '../../../src/directory/errors';
import { GraphProvider, type GraphProviderOptions } from '../../../src/directory/graph/graphProvider';
import { LIST_FIELDS } from '../../../src/directory/graph/graphQuery';
import type { DirectoryUser } from '../../../src/directory/types';
import { recordingLogger } from '../../support/recording';
import { appTokenSource } from '../../support/directoryFixture';

const USERS = 600;

describe('Graph provider against the test directory', function () {
  this.timeout(20_000);
  let server: GraphServer;
  let logger: ReturnType<typeof recordingLogger>;
  const providers: GraphProvider[] = [];

  /** Signed in as the demo's helpdesk operator (User Administrator), delegated. */
  function delegated(options: Partial<GraphProviderOptions> = {}): GraphProvider {
    const p = new GraphProvider({
      name: 'Test directory',
      graphEndpoint: server.url,
      tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
      logger,
      http: { backoffMs: 50 },
      ...options,
    });
    providers.push(p);
    return p;
  }

  /** App-only, with a real client-credentials token from the test directory's token endpoint. */
  function appOnly(options: Partial<GraphProviderOptions> = {}): GraphProvider {
    return delegated({ tokenSource: appTokenSource(server, logger), ...options });
  }

  async function fetchUser(provider: GraphProvider, id: string): Promise<DirectoryUser> {
    return provider.getUser(id);
  }

  const graphRequests = () => server.requests.filter((r) => r.path.startsWith('/v1.0/'));

  beforeEach(async () => {
    server = await startGraphServer({ users: seedUsers(USERS, 7), operationRetryAfter: '0.05' });
    logger = recordingLogger();
  });

  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.dispose()));
    await server.close();
  });

  describe('listing', () => {
    it('pages through every user once, with only the tree fields selected', async () => {
      const provider = delegated();
      const ids = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await provider.listUsers({ pageSize: 100, cursor });
        page.users.forEach((u) => ids.add(u.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(ids.size, USERS);
      assert.equal(pages, Math.ceil(USERS / 100));
      const first = graphRequests()[0];
      const query = new URLSearchParams(first.search);
      assert.deepEqual(query.get('$select')?.split(','), [...LIST_FIELDS]);
      assert.equal(query.get('$top'), '100');
      assert.equal(graphRequests().length, pages);
    });

    it('maps account kinds and refusals from the selected fields', async () => {
      const provider = delegated();
      const guest = await fetchUser(provider, FIXED_USERS.graceGuest);
      assert.equal(guest.source, 'external');
      assert.match(guest.resetRefusal ?? '', /guest/);
      const synced = await fetchUser(provider, FIXED_USERS.samSynced);
      assert.equal(synced.source, 'synced');
      const alain = await fetchUser(provider, FIXED_USERS.alainCharon);
      assert.equal(alain.source, 'cloud');
      assert.equal(alain.resetRefusal, undefined);
      assert.ok(alain.lastPasswordChangeDateTime, 'the profile read includes the last password change');
    });

    it('clamps the page size to Graph limits instead of getting a 400', async () => {
      const page = await delegated().listUsers({ pageSize: 5000 });
      assert.equal(page.users.length, USERS > 999 ? 999 : USERS);
      assert.equal(new URLSearchParams(graphRequests()[0].search).get('$top'), '999');
    });
  });

  describe('search', () => {
    it("finds O'Brien and a name with double quotes", async () => {
      const provider = delegated();
      const obrien = await provider.listUsers({ pageSize: 10, search: "O'Brien" });
      assert.ok(obrien.users.some((u) => u.id === FIXED_USERS.seanOBrien));
      const quoted = await provider.listUsers({ pageSize: 10, search: '"Q"' });
      assert.ok(quoted.users.some((u) => u.id === FIXED_USERS.quentinQuoted));
    });

    it('sends ConsistencyLevel: eventual on the first page and again on every nextLink', async () => {
      const provider = delegated();
      let page = await provider.listUsers({ pageSize: 2, search: 'a' });
      assert.ok(page.nextCursor, 'the search has more than one page');
      assert.ok((page.totalCount ?? 0) > 2, '@odata.count arrives on the first page');
      page = await provider.listUsers({ pageSize: 2, cursor: page.nextCursor });
      await provider.listUsers({ pageSize: 2, cursor: page.nextCursor });
      const requests = graphRequests();
      assert.equal(requests.length, 3);
      for (const r of requests) assert.equal(r.headers['consistencylevel'], 'eventual');
    });

    it('returns an empty page for a search that finds nobody', async () => {
      const page = await delegated().listUsers({ pageSize: 10, search: 'zzzqqqxxx' });
      assert.equal(page.users.length, 0);
      assert.equal(page.nextCursor, undefined);
    });
  });

  describe('reset with MFA before the new password (reset option)', () => {
    it("sends forceChangePasswordNextSignInWithMfa in the reset's own PATCH and says so only on the 204", async () => {
      const provider = appOnly();
      assert.equal(provider.capabilities.offersMfaWithReset, true);
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.clearRequests();
      const result = await provider.resetPassword(user, { requireMfa: true });
      assert.equal(result.mfaBeforeChange, true);
      assert.equal(result.mustChangeAtNextSignIn, true);
      assert.equal(graphRequests().length, 1, 'one request carries the password and both flags');
      const reset = server.resets.at(-1)!;
      assert.equal(reset.forceChangePasswordNextSignIn, true);
      assert.equal(reset.forceChangePasswordNextSignInWithMfa, true);
      const plain = await provider.resetPassword(user);
      assert.equal(plain.mfaBeforeChange, false);
      assert.equal(server.resets.at(-1)!.forceChangePasswordNextSignInWithMfa, undefined, 'not sent unless asked');
    });

    it('refuses MFA with resetPassword (which has no such field) before any request', async () => {
      const provider = delegated();
      assert.equal(provider.capabilities.offersMfaWithReset, false);
      assert.equal(delegated({ resetMethod: 'passwordProfile' }).capabilities.offersMfaWithReset, true);
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.clearRequests();
      await assert.rejects(provider.resetPassword(user, { requireMfa: true }), (e: unknown) => {
        assert.ok(e instanceof DirectoryError);
        assert.equal(e.kind, 'configuration');
        assert.match(e.fullMessage, /"directoryReset\.resetMethod" to "passwordProfile"/);
        return true;
      });
      assert.equal(graphRequests().length, 0, 'nothing was sent');
    });
  });

  describe('reset with passwordProfile (app-only)', () => {
    it('sets a generated password with forceChangePasswordNextSignIn in one PATCH', async () => {
      const provider = appOnly();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.clearRequests();
      const result = await provider.resetPassword(user);
      assert.equal(result.method, 'passwordProfile');
      assert.equal(result.mustChangeAtNextSignIn, true);
      assert.equal(result.temporaryPassword.length, 16);
      const patches = graphRequests().filter((r) => r.method === 'PATCH');
      assert.equal(patches.length, 1);
      assert.equal(graphRequests().length, 1);
      const reset = server.resets.at(-1)!;
      assert.equal(reset.userId, FIXED_USERS.alainCharon);
      assert.equal(reset.password, result.temporaryPassword);
      assert.equal(reset.forceChangePasswordNextSignIn, true);
    });

    it('claims "must change at next sign-in" only on Graph\'s 204 to the PATCH; another 2xx is not its word', async () => {
      const provider = appOnly();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      const confirmed = await provider.resetPassword(user);
      assert.equal(confirmed.mustChangeAtNextSignIn, true);
      assert.equal(confirmed.mustChangeNote, undefined);
      assert.equal(server.requests.filter((r) => r.method === 'PATCH').length, 1);
      // 200 with the user (a success Graph may give) has not said that the flag was stored. (200 with anything
      // else is not a success at all: see faults.test.ts.)
      server.injectFault({
        method: 'PATCH',
        path: /\/v1\.0\/users\//,
        response: { status: 200, body: { id: user.id } },
      });
      const unconfirmed = await provider.resetPassword(user);
      assert.equal(unconfirmed.mustChangeAtNextSignIn, false);
      assert.match(unconfirmed.mustChangeNote!.why, /answered HTTP 200 instead of 204/);
      assert.match(unconfirmed.mustChangeNote!.nextStep, /Require this user to change their password/);
    });

    it('honours the passwordLength setting', async () => {
      const provider = appOnly({ passwordLength: 40 });
      const result = await provider.resetPassword(await fetchUser(provider, FIXED_USERS.alainCharon));
      assert.equal(result.temporaryPassword.length, 40);
    });

    it('maps a password-policy 400 to plain words and shows no password', async () => {
      const provider = appOnly();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.injectFault({
        method: 'PATCH',
        path: /\/v1\.0\/users\//,
        response: {
          status: 400,
          body: {
            error: {
              code: 'Request_BadRequest',
              message:
                'The specified password does not comply with password complexity requirements. Please provide a different password.',
            },
          },
        },
      });
      await assert.rejects(provider.resetPassword(user), (e: DirectoryError) => {
        assert.equal(e.kind, 'passwordRejected');
        assert.match(e.message, /password policy rejected/);
        return true;
      });
      assert.equal(server.resets.length, 0);
    });

    it('reports an unknown outcome when the connection drops, and shows no password', async () => {
      const provider = appOnly();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.injectFault({ method: 'PATCH', response: { kind: 'reset' } });
      await assert.rejects(provider.resetPassword(user), (e: DirectoryError) => {
        assert.equal(e.kind, 'outcomeUnknown');
        assert.match(e.message, /unknown whether the password/);
        assert.match(e.nextStep, /last password change/);
        return true;
      });
    });
  });

  describe('reset with the directory-generated password (delegated)', () => {
    it('POSTs resetPassword once, polls the operation honouring Retry-After, and returns the issued password', async () => {
      const provider = delegated();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.clearRequests();
      const progress: string[] = [];
      const result = await provider.resetPassword(user, { onProgress: (m) => progress.push(m) });
      assert.equal(result.method, 'systemGenerated');
      assert.equal(result.mustChangeAtNextSignIn, true);
      const requests = graphRequests();
      const posts = requests.filter((r) => r.method === 'POST');
      const polls = requests.filter((r) => r.method === 'GET' && r.path.includes('/operations/'));
      assert.equal(posts.length, 1);
      assert.ok(polls.length >= 1);
      assert.ok(polls[0].at - posts[0].at >= 45, 'the first poll waited for Retry-After (50 ms)');
      const reset = server.resets.at(-1)!;
      assert.equal(reset.method, 'resetPassword');
      assert.equal(reset.password, result.temporaryPassword);
      assert.ok(progress.length >= 2);
    });

    it('refuses guests before sending anything, and synced accounts when signed in with an app secret', async () => {
      for (const [provider, id] of [
        [delegated(), FIXED_USERS.graceGuest],
        [appOnly(), FIXED_USERS.samSynced],
      ] as const) {
        const user = await fetchUser(provider, id);
        assert.ok(user.resetRefusal);
        server.clearRequests();
        await assert.rejects(provider.resetPassword(user), (e: DirectoryError) => e.kind === 'refused');
        assert.equal(graphRequests().length, 0, 'no request reached the directory');
      }
    });

    it('resets a synced user through resetPassword with a newPassword generated here, written back on-premises', async () => {
      const provider = delegated();
      const syncedId = [...server.users.values()].find(
        (u) => u.onPremisesSyncEnabled === true && u.passwordWriteback !== false,
      )!.id;
      const user = await fetchUser(provider, syncedId);
      assert.equal(user.source, 'synced');
      assert.equal(user.resetRefusal, undefined, 'delegated: not refused before asking the directory');
      server.clearRequests();
      const result = await provider.resetPassword(user);
      assert.equal(result.method, 'writtenBack');
      assert.equal(result.mustChangeAtNextSignIn, true);
      const post = graphRequests().find((r) => r.method === 'POST')!;
      assert.match(post.path, /\/resetPassword$/);
      assert.equal(server.resets.at(-1)!.password, result.temporaryPassword, 'the directory holds the password shown');
      assert.equal(result.temporaryPassword.length, 16, 'generated here, at the configured length');
    });

    it("turns the directory's refusal of a synced user without password writeback into the plain refusal", async () => {
      const provider = delegated();
      const sam = await fetchUser(provider, FIXED_USERS.samSynced);
      assert.equal(sam.resetRefusal, undefined);
      const before = server.resets.length;
      server.clearRequests();
      await assert.rejects(provider.resetPassword(sam), (e: DirectoryError) => {
        assert.equal(e.kind, 'refused');
        assert.match(e.message, /synced from on-premises Active Directory.*Nothing was changed/);
        assert.match(e.fullMessage, /Password writeback is off.*Hybrid Identity Administrator/);
        return true;
      });
      assert.equal(graphRequests().filter((r) => r.method === 'POST').length, 1, 'one request, refused');
      assert.equal(server.resets.length, before, 'nothing was reset');
    });

    it('names the roles that may reset a Global Administrator after a 403', async () => {
      const provider = delegated();
      const gloria = await fetchUser(provider, FIXED_USERS.gloriaGlobal);
      await assert.rejects(provider.resetPassword(gloria), (e: DirectoryError) => {
        assert.equal(e.kind, 'forbidden');
        assert.match(e.message, /holds Global Administrator/);
        assert.match(e.message, /Privileged Authentication Administrator or Global Administrator/);
        assert.doesNotMatch(e.message, /Helpdesk Administrator/);
        return true;
      });
      assert.equal(server.resets.length, 0);
    });

    it('never sends a second reset for a user whose reset is running', async () => {
      const provider = delegated();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      server.clearRequests();
      const first = provider.resetPassword(user);
      await assert.rejects(provider.resetPassword(user), /already running/);
      await first;
      assert.equal(graphRequests().filter((r) => r.method === 'POST').length, 1);
    });

    it('reports a failed operation plainly, without a password', async () => {
      await server.close();
      server = await startGraphServer({ users: seedUsers(50, 7), operationRetryAfter: '0.01', failOperations: true });
      const provider = delegated();
      const user = await fetchUser(provider, FIXED_USERS.alainCharon);
      await assert.rejects(provider.resetPassword(user), (e: DirectoryError) => {
        assert.match(e.message, /could not reset the password/);
        return true;
      });
    });
  });

  describe('faults', () => {
    it('waits out a 429 with a fractional Retry-After, then succeeds', async () => {
      const provider = delegated();
      server.injectFault({
        method: 'GET',
        path: /^\/v1\.0\/users$/,
        response: {
          status: 429,
          headers: { 'retry-after': '0.2' },
          body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
        },
      });
      const page = await provider.listUsers({ pageSize: 10 });
      assert.equal(page.users.length, 10);
      const [throttled, retried] = graphRequests();
      assert.equal(throttled.status, 429);
      assert.ok(retried.at - throttled.at >= 195, `retried after ${retried.at - throttled.at} ms`);
    });

    it('gives up after a bounded number of retries with a plain message', async () => {
      const provider = delegated({ http: { maxRetries: 2, backoffMs: 1 } });
      server.injectFault({
        method: 'GET',
        times: 10,
        response: { status: 503, body: { error: { code: 'serviceNotAvailable', message: 'x' } } },
      });
      await assert.rejects(provider.listUsers({ pageSize: 10 }), (e: DirectoryError) => e.kind === 'unavailable');
      assert.equal(graphRequests().length, 3);
    });

    it('stops waiting when cancelled', async () => {
      const provider = delegated();
      server.injectFault({
        method: 'GET',
        response: {
          status: 429,
          headers: { 'retry-after': '30' },
          body: { error: { code: 'TooManyRequests', message: 'x' } },
        },
      });
      const abort = new AbortController();
      const started = Date.now();
      setTimeout(() => abort.abort(), 100);
      await assert.rejects(
        provider.listUsers({ pageSize: 10, signal: abort.signal }),
        (e: DirectoryError) => e.kind === 'cancelled',
      );
      assert.ok(Date.now() - started < 2000);
    });

    it('re-acquires the token once after a 401, then carries on', async () => {
      // Like a real sign-in: the token is kept until the directory rejects it.
      let token: string | undefined;
      const provider = delegated({
        tokenSource: {
          delegated: true,
          getToken: async ({ refresh } = {}) => (token = refresh || !token ? server.delegatedToken : token),
        },
      });
      await provider.listUsers({ pageSize: 1 });
      server.expireTokens();
      const page = await provider.listUsers({ pageSize: 1 });
      assert.equal(page.users.length, 1);
      assert.deepEqual(
        graphRequests().map((r) => r.status),
        [200, 401, 200],
      );
    });

    it('asks to sign in when the token keeps being refused', async () => {
      const provider = delegated({ tokenSource: new StaticTokenSource(() => 'not-a-valid-token', true) });
      await assert.rejects(provider.listUsers({ pageSize: 1 }), (e: DirectoryError) => {
        assert.equal(e.kind, 'signInRequired');
        assert.match(e.nextStep, /Sign In/);
        return true;
      });
      assert.equal(graphRequests().length, 2);
    });

    it('refuses a nextLink to another host and never sends the token there', async () => {
      const provider = delegated();
      server.injectFault({
        method: 'GET',
        response: { status: 200, body: { value: [], '@odata.nextLink': 'http://127.0.0.2:9/v1.0/users?$skiptoken=x' } },
      });
      await assert.rejects(provider.listUsers({ pageSize: 1 }), /link to another server/);
    });

    it('explains a proxy HTML page instead of crashing on it', async () => {
      const provider = delegated();
      server.injectFault({
        method: 'GET',
        response: {
          status: 502,
          headers: { 'content-type': 'text/html' },
          body: '<html><body>Bad gateway</body></html>',
        },
      });
      await assert.rejects(provider.listUsers({ pageSize: 1 }), (e: DirectoryError) => {
        assert.equal(e.kind, 'badResponse');
        assert.match(e.message, /a web page/);
        return true;
      });
    });
  });

  it('never writes a password or a token to the log', async () => {
    const provider = appOnly();
    const user = await fetchUser(provider, FIXED_USERS.alainCharon);
    const result = await provider.resetPassword(user);
    const delegatedResult = await delegated().resetPassword(await fetchUser(provider, FIXED_USERS.seanOBrien));
    const log = logger.lines.join('\n');
    assert.ok(logger.lines.length >= 4);
    for (const secret of [
      result.temporaryPassword,
      delegatedResult.temporaryPassword,
      server.delegatedToken,
      server.clientSecret,
    ]) {
      assert.ok(!log.includes(secret), 'a secret value reached the log');
    }
  });
});
