// The test directory's account-action endpoints as Graph v1.0 documents them: Temporary Access Pass methods (201 with
// the pass shown once, one per user, the tenant's policy), revokeSignInSessions (200 {"value":true}) and
// PATCH accountEnabled (204, seen by later reads), with 403s decided by the caller's role.
import * as assert from 'node:assert/strict';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { startGraphServer, type GraphServer } from '../../../src/demo/graphServer';
import { assertGraphError, graphCall as call } from '../../support/graphCalls';

const taps = (id: string) => `/v1.0/users/${id}/authentication/temporaryAccessPassMethods`;

describe('test directory: account-action endpoints', function () {
  this.timeout(10_000);
  let server: GraphServer;

  beforeEach(async () => {
    server = await startGraphServer({ users: seedUsers(40, 5) });
  });
  afterEach(() => server.close());

  describe('temporaryAccessPassMethods', () => {
    it('POST: 201 with the pass and its window; the list shows it without the pass', async () => {
      const r = await call(server, taps(FIXED_USERS.alainCharon), {
        method: 'POST',
        body: { lifetimeInMinutes: 60, isUsableOnce: true },
      });
      assert.equal(r.res.status, 201);
      assert.equal(r.body?.['@odata.type'], '#microsoft.graph.temporaryAccessPassAuthenticationMethod');
      assert.match(r.body?.temporaryAccessPass, /^.{8}$/);
      assert.equal(r.body?.lifetimeInMinutes, 60);
      assert.equal(r.body?.isUsableOnce, true);
      assert.equal(r.body?.methodUsabilityReason, 'EnabledByPolicy');
      assert.match(r.body?.startDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const list = await call(server, taps(FIXED_USERS.alainCharon));
      assert.equal(list.res.status, 200);
      assert.equal(list.body?.value.length, 1);
      assert.equal(list.body?.value[0].id, r.body?.id);
      assert.equal(list.body?.value[0].temporaryAccessPass, null);
      const one = await call(server, `${taps(FIXED_USERS.alainCharon)}/${r.body?.id}`);
      assert.equal(one.body?.temporaryAccessPass, null);
    });

    it('defaults to the policy lifetime; a new pass replaces the one the user has; DELETE is 204', async () => {
      const old = server.temporaryAccessPasses.get(FIXED_USERS.paulaPass)!.id;
      const r = await call(server, taps(FIXED_USERS.paulaPass), { method: 'POST', body: {} });
      assert.equal(r.res.status, 201);
      assert.equal(r.body?.lifetimeInMinutes, 60);
      const list = await call(server, taps(FIXED_USERS.paulaPass));
      assert.deepEqual(
        list.body?.value.map((t: { id: string }) => t.id),
        [r.body?.id],
      );
      assertGraphError(await call(server, `${taps(FIXED_USERS.paulaPass)}/${old}`), 404, 'Request_ResourceNotFound');
      const del = await call(server, `${taps(FIXED_USERS.paulaPass)}/${r.body?.id}`, { method: 'DELETE' });
      assert.equal(del.res.status, 204);
      assert.deepEqual((await call(server, taps(FIXED_USERS.paulaPass))).body?.value, []);
    });

    it('400s: an external guest, the policy leaving the user out, a lifetime outside the policy, multi-use under a one-time policy, unknown properties', async () => {
      const post = (id: string, body: object) => call(server, taps(id), { method: 'POST', body });
      assertGraphError(await post(FIXED_USERS.graceGuest, {}), 400, 'badRequest', /external guest/);
      assertGraphError(await post(FIXED_USERS.petraPolicy, {}), 400, 'badRequest', /UserCredentialPolicy/);
      assertGraphError(await post(FIXED_USERS.alainCharon, { lifetimeInMinutes: 481 }), 400, 'badRequest', /10 to 480/);
      assertGraphError(await post(FIXED_USERS.alainCharon, { lifetimeInMinutes: 9 }), 400, 'badRequest', /lifetime/);
      assertGraphError(await post(FIXED_USERS.alainCharon, { lifetimeInMinutes: 'x' }), 400, 'badRequest');
      assertGraphError(await post(FIXED_USERS.alainCharon, { color: 'red' }), 400, 'badRequest', /color/);
      server.tapPolicy.isUsableOnce = true;
      assertGraphError(await post(FIXED_USERS.alainCharon, { isUsableOnce: false }), 400, 'badRequest', /usable once/);
      assert.equal((await post(FIXED_USERS.alainCharon, {})).body?.isUsableOnce, true);
      assert.equal(server.issuedPasses.length, 1);
    });

    it('403 by role: a Helpdesk Administrator may not; an admin target needs a privileged role; not for yourself', async () => {
      const post = (id: string, token?: string) => call(server, taps(id), { method: 'POST', body: {}, token });
      assertGraphError(await post(FIXED_USERS.gloriaGlobal), 403, 'Authorization_RequestDenied');
      assertGraphError(await post(FIXED_USERS.demoOperator), 403, 'Authorization_RequestDenied');
      const harper = server.issueDelegatedToken(FIXED_USERS.harperHelpdesk);
      assertGraphError(await post(FIXED_USERS.alainCharon, harper), 403, 'Authorization_RequestDenied');
      const pat = server.issueDelegatedToken(FIXED_USERS.patPrivileged);
      assert.equal((await post(FIXED_USERS.gloriaGlobal, pat)).res.status, 201);
    });

    it('methods: 405 with Allow for what the resource does not take', async () => {
      const r = await call(server, taps(FIXED_USERS.alainCharon), { method: 'PATCH', body: {} });
      assertGraphError(r, 405, 'Request_BadRequest');
      assert.equal(r.res.headers.get('allow'), 'GET, POST');
    });

    it('records a digest of each issued pass, never the pass', async () => {
      const r = await call(server, taps(FIXED_USERS.alainCharon), { method: 'POST', body: {} });
      const pass = r.body?.temporaryAccessPass as string;
      assert.ok(!JSON.stringify(server.issuedPasses).includes(pass));
      assert.ok(!JSON.stringify(server.requests).includes(pass));
      assert.ok(!JSON.stringify([...server.temporaryAccessPasses]).includes(pass));
    });
  });

  describe('revokeSignInSessions and accountEnabled', () => {
    it('revoke: 200 {"value": true}; 403 for a target the role does not reach', async () => {
      const r = await call(server, `/v1.0/users/${FIXED_USERS.alainCharon}/revokeSignInSessions`, { method: 'POST' });
      assert.equal(r.res.status, 200);
      assert.equal(r.body?.value, true);
      assert.equal(server.revocations.length, 1);
      const denied = await call(server, `/v1.0/users/${FIXED_USERS.gloriaGlobal}/revokeSignInSessions`, {
        method: 'POST',
      });
      assertGraphError(denied, 403, 'Authorization_RequestDenied');
      assert.equal(server.revocations.length, 1);
    });

    it('PATCH accountEnabled: 204 and later reads agree; 403 by role; a synced user is on-premises mastered', async () => {
      const patch = (id: string, token?: string) =>
        call(server, `/v1.0/users/${id}`, { method: 'PATCH', body: { accountEnabled: false }, token });
      assert.equal((await patch(FIXED_USERS.alainCharon)).res.status, 204);
      const read = await call(server, `/v1.0/users/${FIXED_USERS.alainCharon}?$select=accountEnabled`);
      assert.equal(read.body?.accountEnabled, false);
      assertGraphError(await patch(FIXED_USERS.gloriaGlobal), 403, 'Authorization_RequestDenied');
      // Helpdesk Administrator holds no enable/disable permission.
      const harper = server.issueDelegatedToken(FIXED_USERS.harperHelpdesk);
      assertGraphError(await patch(FIXED_USERS.seanOBrien, harper), 403, 'Authorization_RequestDenied');
      assertGraphError(await patch(FIXED_USERS.samSynced), 400, 'Request_BadRequest', /on-premises mastered/);
      assert.equal(server.users.get(FIXED_USERS.samSynced)?.accountEnabled, true);
    });
  });
});
