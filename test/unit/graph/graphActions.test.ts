// The Graph actions beside the reset against the test directory over real HTTP: what is refused before any request
// (counted at the directory), one request per action, Graph's refusals and 403s in plain words, "outcome unknown"
// where the directory may have acted (faults), and the Temporary Access Pass nowhere but in the result.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { StaticTokenSource } from '../../../src/auth/staticTokenSource';
import { startGraphServer, type GraphServer, type RecordedRequest } from '../../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { GraphProvider, type GraphProviderOptions } from '../../../src/directory/graph/graphProvider';
import type { DirectoryUser, TemporaryAccessPassOptions } from '../../../src/directory/types';
import { appTokenSource } from '../../support/directoryFixture';
import { recordingLogger, rejection, type RecordingLogger } from '../../support/recording';

const TAP: TemporaryAccessPassOptions = { lifetimeInMinutes: 60, isUsableOnce: true };
const TAP_PATH = /\/authentication\/temporaryAccessPassMethods$/;

describe('Graph account actions against the test directory', function () {
  this.timeout(20_000);
  let server: GraphServer;
  let logger: RecordingLogger;
  const providers: GraphProvider[] = [];

  /** Signed in as the demo's operator (User Administrator and Authentication Administrator), delegated. */
  function delegated(options: Partial<GraphProviderOptions> = {}): GraphProvider {
    const p = new GraphProvider({
      name: 'Test directory',
      graphEndpoint: server.url,
      tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
      logger,
      http: { backoffMs: 20 },
      ...options,
    });
    providers.push(p);
    return p;
  }

  /** The user as the provider reads it, then the record cleared: what follows is counted from zero. */
  async function userOf(p: GraphProvider, key: keyof typeof FIXED_USERS): Promise<DirectoryUser> {
    const u = await p.getUser(FIXED_USERS[key]);
    server.clearRequests();
    return u;
  }

  const sent = (): RecordedRequest[] => server.requests.filter((r) => r.path.startsWith('/v1.0/'));
  const changes = (): RecordedRequest[] => sent().filter((r) => r.method !== 'GET');

  beforeEach(async () => {
    server = await startGraphServer({ users: seedUsers(60, 3) });
    logger = recordingLogger();
  });

  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.dispose()));
    await server.close();
  });

  describe('capabilities', () => {
    it('lists the four Graph actions and says why there is no unlock', async () => {
      const p = delegated();
      assert.deepEqual([...p.capabilities.actions].sort(), [
        'disableAccount',
        'enableAccount',
        'issueTemporaryAccessPass',
        'revokeSessions',
      ]);
      assert.match(
        p.capabilities.actionNotes?.unlockAccount ?? '',
        /no unlock for administrators.*resetting the password clears/,
      );
      const u = await userOf(p, 'alainCharon');
      const prep = await p.prepareAction(u, 'unlockAccount');
      assert.match(prep.refusal ?? '', /no unlock/);
      assert.equal(sent().length, 0);
    });
  });

  describe('Temporary Access Pass', () => {
    it('issues one with one POST; the result carries the pass, its window and the request-id', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      const r = await p.issueTemporaryAccessPass(u, TAP);
      const posts = changes();
      assert.equal(posts.length, 1);
      assert.match(posts[0].path, TAP_PATH);
      assert.equal(posts[0].method, 'POST');
      assert.equal(r.action, 'issueTemporaryAccessPass');
      assert.equal(r.requestId, posts[0].requestId);
      assert.equal(r.lifetimeInMinutes, 60);
      assert.equal(r.isUsableOnce, true);
      assert.equal(r.endDateTime.getTime() - r.startDateTime.getTime(), 60 * 60_000);
      assert.equal(server.issuedPasses.length, 1);
      assert.equal(server.issuedPasses[0].passSha256, createHash('sha256').update(r.temporaryAccessPass).digest('hex'));
      assert.equal(server.issuedPasses[0].isUsableOnce, true);
    });

    it('keeps the pass out of the log, the directory record and the stored pass', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      const r = await p.issueTemporaryAccessPass(u, TAP);
      assert.ok(r.temporaryAccessPass.length >= 8);
      assert.ok(!logger.lines.join('\n').includes(r.temporaryAccessPass), 'the pass is in the log');
      assert.ok(!JSON.stringify(server.requests).includes(r.temporaryAccessPass), 'the pass is in the record');
      assert.ok(!JSON.stringify(server.issuedPasses).includes(r.temporaryAccessPass));
      assert.ok(!JSON.stringify([...server.temporaryAccessPasses.values()]).includes(r.temporaryAccessPass));
      // Graph shows the pass only once: reading the list afterwards gives it as null.
      const list = await p.prepareAction(u, 'issueTemporaryAccessPass');
      assert.equal(list.notes.length, 1);
    });

    it('says in the confirmation that an existing pass will be replaced, and replaces it with one POST (no DELETE)', async () => {
      const p = delegated();
      const u = await userOf(p, 'paulaPass');
      const before = server.temporaryAccessPasses.get(u.id)?.id;
      assert.ok(before);
      const prep = await p.prepareAction(u, 'issueTemporaryAccessPass');
      assert.equal(prep.refusal, undefined);
      assert.match(prep.notes.join(' '), /Paula Pass has now will be replaced/);
      assert.deepEqual(
        sent().map((r) => r.method),
        ['GET', 'GET'], // /me once, then the user's passes
      );
      await p.issueTemporaryAccessPass(u, TAP);
      assert.deepEqual(
        changes().map((r) => r.method),
        ['POST'],
      );
      const after = server.temporaryAccessPasses.get(u.id)?.id;
      assert.ok(after && after !== before);
      const none = await p.prepareAction(await userOf(p, 'alainCharon'), 'issueTemporaryAccessPass');
      assert.deepEqual(none.notes, []);
    });

    it('refuses a guest before any request', async () => {
      const p = delegated();
      const u = await userOf(p, 'graceGuest');
      const prep = await p.prepareAction(u, 'issueTemporaryAccessPass');
      assert.match(prep.refusal ?? '', /Grace Guest is a guest.*Nothing was sent/);
      const e = await rejection(p.issueTemporaryAccessPass(u, TAP));
      assert.equal(e.kind, 'refused');
      assert.match(e.nextStep, /their own organisation/i);
      assert.equal(sent().length, 0);
    });

    it('refuses yourself: reads /me once, never POSTs', async () => {
      const p = delegated();
      const me = await userOf(p, 'demoOperator');
      const e = await rejection(p.issueTemporaryAccessPass(me, TAP));
      assert.equal(e.kind, 'refused');
      assert.match(e.message, /yourself/);
      assert.deepEqual(
        sent().map((r) => `${r.method} ${r.path}`),
        ['GET /v1.0/me'],
      );
      server.clearRequests();
      const prep = await p.prepareAction(me, 'issueTemporaryAccessPass');
      assert.match(prep.refusal ?? '', /yourself/);
      assert.equal(sent().length, 0, '/me is read once per provider');
    });

    it('app-only: no /me, and the pass is issued when the app holds the permission', async () => {
      server.appRoles = ['Authentication Administrator'];
      const p = delegated({ tokenSource: appTokenSource(server, logger) });
      const u = await userOf(p, 'alainCharon');
      await p.issueTemporaryAccessPass(u, TAP);
      assert.deepEqual(
        sent().map((r) => r.method),
        ['POST'],
      );
    });

    it("the tenant's policy leaving the user out: plain words, who can turn it on and where", async () => {
      const p = delegated();
      const u = await userOf(p, 'petraPolicy');
      const e = await rejection(p.issueTemporaryAccessPass(u, TAP));
      assert.equal(e.kind, 'refused');
      assert.match(e.message, /Temporary Access Pass policy does not enable it for Petra Policy/);
      assert.match(e.nextStep, /Authentication Policy Administrator/);
      assert.match(e.nextStep, /Protection > Authentication methods > Temporary Access Pass/);
      assert.equal(changes().length, 1);
      assert.equal(server.issuedPasses.length, 0);
    });

    it('a policy that is off for everyone reads the same', async () => {
      server.tapPolicy.state = 'disabled';
      const p = delegated();
      const e = await rejection(p.issueTemporaryAccessPass(await userOf(p, 'alainCharon'), TAP));
      assert.match(e.message, /does not enable it for Alain Charon/);
    });

    it("lifetimes: outside Graph's 10 to 43,200 refused before any request; outside the policy in plain words", async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      for (const lifetimeInMinutes of [5, 43_201, 60.5]) {
        const e = await rejection(p.issueTemporaryAccessPass(u, { ...TAP, lifetimeInMinutes }));
        assert.equal(e.kind, 'configuration');
        assert.match(e.nextStep, /directoryReset\.temporaryAccessPass\.lifetimeInMinutes/);
      }
      assert.equal(sent().length, 0);
      const e = await rejection(p.issueTemporaryAccessPass(u, { ...TAP, lifetimeInMinutes: 600 }));
      assert.equal(e.kind, 'badRequest');
      assert.match(e.message, /policy does not allow this lifetime/);
      assert.match(e.message, /10 to 480/);
    });

    it('a one-time-only policy refuses a multi-use pass in plain words', async () => {
      server.tapPolicy.isUsableOnce = true;
      const p = delegated();
      const e = await rejection(
        p.issueTemporaryAccessPass(await userOf(p, 'alainCharon'), { ...TAP, isUsableOnce: false }),
      );
      assert.match(e.message, /allows only one-time passes/);
      assert.match(e.nextStep, /isUsableOnce" to true/);
    });

    it('403 for an admin target names the roles that may and the permission', async () => {
      const p = delegated();
      const u = await userOf(p, 'gloriaGlobal');
      const e = await rejection(p.issueTemporaryAccessPass(u, TAP));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /You may not issue a Temporary Access Pass to Gloria Global/);
      assert.match(e.message, /Privileged Authentication Administrator or Global Administrator/);
      assert.doesNotMatch(e.message, /Authentication Administrator,/);
      assert.match(e.nextStep, /UserAuthenticationMethod\.ReadWrite\.All/);
      assert.equal(changes().length, 1);
    });

    it('a caller without the role (User Administrator only) is told Authentication Administrator may', async () => {
      server.users.get(FIXED_USERS.demoOperator)!.roles = ['User Administrator'];
      const p = delegated();
      const e = await rejection(p.issueTemporaryAccessPass(await userOf(p, 'alainCharon'), TAP));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /Authentication Administrator, Privileged Authentication Administrator or Global/);
    });

    for (const [fault, what] of [
      [{ status: 502 }, 'a 502'],
      [{ status: 500 }, 'a 500'],
      [{ kind: 'resetMidBody' as const }, 'a connection dropped mid-answer'],
      [{ kind: 'reset' as const }, 'a connection dropped without an answer'],
    ] as const) {
      it(`outcome unknown after ${what}, sent once, no pass shown`, async () => {
        const p = delegated();
        const u = await userOf(p, 'paulaPass');
        await p.prepareAction(u, 'issueTemporaryAccessPass');
        server.clearRequests();
        server.injectFault({ method: 'POST', path: TAP_PATH, response: fault });
        const e = await rejection(p.issueTemporaryAccessPass(u, TAP));
        assert.equal(e.kind, 'outcomeUnknown');
        assert.match(
          e.message,
          /unknown whether a Temporary Access Pass was created for Paula Pass \(replacing the one they had\)/,
        );
        assert.match(e.nextStep, /No pass is shown/);
        assert.equal(changes().length, 1);
      });
    }

    it('outcome unknown when cancelled while the request is on its way', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      server.injectFault({ method: 'POST', path: TAP_PATH, response: { kind: 'hang' } });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 150);
      const e = await rejection(p.issueTemporaryAccessPass(u, { ...TAP, signal: abort.signal }));
      assert.equal(e.kind, 'outcomeUnknown');
      assert.match(e.message, /You cancelled while the Temporary Access Pass request was on its way/);
    });

    it('a second click while the first runs sends nothing', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      await p.prepareAction(u, 'issueTemporaryAccessPass'); // /me is read before the clicks
      server.clearRequests();
      const [first, second] = await Promise.allSettled([
        p.issueTemporaryAccessPass(u, TAP),
        p.issueTemporaryAccessPass(u, TAP),
      ]);
      assert.equal(first.status, 'fulfilled');
      assert.equal(second.status, 'rejected');
      assert.match(String(second.reason), /already running/);
      assert.equal(changes().length, 1);
    });
  });

  describe('sign out everywhere', () => {
    it('one POST revokeSignInSessions; the result says it takes a few minutes and keeps the request-id', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      const prep = await p.prepareAction(u, 'revokeSessions');
      assert.equal(prep.refusal, undefined);
      assert.match(prep.notes.join(' '), /few minutes to reach every app/);
      const r = await p.revokeSessions(u);
      assert.deepEqual(
        sent().map((x) => `${x.method} ${x.path}`),
        [`POST /v1.0/users/${u.id}/revokeSignInSessions`],
      );
      assert.match(r.note ?? '', /few minutes/);
      assert.equal(r.requestId, sent()[0].requestId);
      assert.equal(server.revocations.length, 1);
    });

    it('refuses a guest before any request', async () => {
      const p = delegated();
      const u = await userOf(p, 'graceGuest');
      assert.match((await p.prepareAction(u, 'revokeSessions')).refusal ?? '', /guest/);
      assert.equal((await rejection(p.revokeSessions(u))).kind, 'refused');
      assert.equal(sent().length, 0);
    });

    it('403 names the roles and User.RevokeSessions.All', async () => {
      const p = delegated();
      const e = await rejection(p.revokeSessions(await userOf(p, 'patPrivileged')));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /You may not sign Pat Privileged out everywhere/);
      assert.match(e.message, /Privileged Authentication Administrator or Global Administrator/);
      assert.match(e.nextStep, /User\.RevokeSessions\.All/);
    });

    it('outcome unknown on a 504 (not retried) and when the answer is not a confirmation', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      server.injectFault({ method: 'POST', path: /revokeSignInSessions/, response: { status: 504 } });
      const e = await rejection(p.revokeSessions(u));
      assert.equal(e.kind, 'outcomeUnknown');
      assert.match(e.message, /unknown whether Alain Charon was signed out everywhere/);
      assert.match(e.nextStep, /twice does no harm/);
      assert.equal(changes().length, 1);
      server.injectFault({
        method: 'POST',
        path: /revokeSignInSessions/,
        response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>sign in</html>' },
      });
      assert.equal((await rejection(p.revokeSessions(u))).kind, 'outcomeUnknown');
    });
  });

  describe('enable and disable', () => {
    it('disables with one PATCH, then reads the user back; later reads agree', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      const r = await p.setAccountEnabled(u, false);
      assert.deepEqual(
        sent().map((x) => `${x.method} ${x.path}`),
        ['GET /v1.0/me', `PATCH /v1.0/users/${u.id}`, `GET /v1.0/users/${u.id}`], // is it yourself? the change, the read-back
      );
      assert.equal(r.action, 'disableAccount');
      assert.equal(r.user?.accountEnabled, false);
      assert.equal(r.requestId, sent()[1].requestId);
      assert.equal((await p.getUser(u.id)).accountEnabled, false);
      const back = await p.setAccountEnabled(r.user, true);
      assert.equal(back.action, 'enableAccount');
      assert.equal(back.user?.accountEnabled, true);
    });

    it('enables a disabled account', async () => {
      const p = delegated();
      const r = await p.setAccountEnabled(await userOf(p, 'danaDisabled'), true);
      assert.equal(r.user?.accountEnabled, true);
      assert.equal(server.users.get(FIXED_USERS.danaDisabled)?.accountEnabled, true);
    });

    it('refuses a synced user before any request, naming on-premises Active Directory', async () => {
      const p = delegated();
      const u = await userOf(p, 'samSynced');
      assert.match((await p.prepareAction(u, 'disableAccount')).refusal ?? '', /on-premises Active Directory/);
      const e = await rejection(p.setAccountEnabled(u, false));
      assert.equal(e.kind, 'refused');
      assert.match(e.nextStep, /Disable the account in on-premises Active Directory/);
      assert.equal(sent().length, 0);
    });

    it("the directory's own refusal of a synced account reads the same", async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      server.users.get(u.id)!.onPremisesSyncEnabled = true; // synced since it was read
      const e = await rejection(p.setAccountEnabled(u, false));
      assert.equal(e.kind, 'refused');
      assert.match(e.message, /synced from on-premises Active Directory/);
      assert.equal(server.users.get(u.id)?.accountEnabled, true);
    });

    it('refuses to disable yourself (reads /me only)', async () => {
      const p = delegated();
      const e = await rejection(p.setAccountEnabled(await userOf(p, 'demoOperator'), false));
      assert.match(e.message, /your own account/);
      assert.deepEqual(
        sent().map((r) => r.path),
        ['/v1.0/me'],
      );
    });

    it('403 for a Global Administrator names the roles and the permission; nothing changes', async () => {
      const p = delegated();
      const e = await rejection(p.setAccountEnabled(await userOf(p, 'gloriaGlobal'), false));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /You may not disable the account of Gloria Global/);
      assert.match(e.message, /Privileged Authentication Administrator or Global Administrator/);
      assert.match(e.nextStep, /User\.EnableDisableAccount\.All/);
      assert.equal(server.users.get(FIXED_USERS.gloriaGlobal)?.accountEnabled, true);
    });

    it('outcome unknown when the answer is cut off; no user in hand', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      server.injectFault({ method: 'PATCH', response: { status: 502 } });
      const e = await rejection(p.setAccountEnabled(u, false));
      assert.equal(e.kind, 'outcomeUnknown');
      assert.match(e.message, /unknown whether the account of Alain Charon was disabled/);
      assert.match(e.nextStep, /Refresh the user/);
      assert.equal(changes().length, 1);
    });

    it('a confirmed change whose read-back still shows the old state says so instead of showing it', async () => {
      const p = delegated();
      const u = await userOf(p, 'alainCharon');
      server.injectFault({
        method: 'GET',
        path: new RegExp(`/v1.0/users/${u.id}$`),
        response: { status: 200, body: { id: u.id, displayName: 'Alain Charon', accountEnabled: true } },
      });
      const r = await p.setAccountEnabled(u, false);
      assert.equal(r.user, undefined);
      assert.match(r.note ?? '', /still shows the old state/);
    });
  });
});
