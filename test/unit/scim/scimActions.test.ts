// Enable and disable against the real SCIM service of the tests (SCIMMY, test/fixtures/scimServer.ts): one PATCH
// replacing `active`, what the service stores afterwards, the user read back, refusals that send nothing, and
// "outcome unknown" where the service may have acted.
import * as assert from 'node:assert/strict';
import { ScimProvider } from '../../../src/directory/scim/scimProvider';
import { ScimTokenSource } from '../../../src/directory/scim/scimTokenSource';
import type { DirectoryUser } from '../../../src/directory/types';
import { SCIM_FIXED_USERS, startScimFixture, type ScimFixture } from '../../fixtures/scimServer';
import { recordingLogger, rejection } from '../../support/recording';

describe('SCIM enable and disable against a SCIMMY service', function () {
  this.timeout(20_000);
  let fixture: ScimFixture;
  let p: ScimProvider;

  const patches = () => fixture.requests.filter((r) => r.method === 'PATCH');
  const stored = (id: string) => fixture.users.get(id)?.active;

  beforeEach(async () => {
    fixture = await startScimFixture();
    p = new ScimProvider({
      name: 'Test SCIM',
      baseUrl: fixture.url,
      tokenSource: new ScimTokenSource('Test SCIM', async () => fixture.token),
      logger: recordingLogger(),
      http: { backoffMs: 20 },
    });
  });

  afterEach(async () => {
    await p.dispose();
    await fixture.close();
  });

  it('offers enable and disable only', () => {
    assert.deepEqual([...p.capabilities.actions].sort(), ['disableAccount', 'enableAccount']);
  });

  it('disables with one PatchOp replacing active, and returns the user as the service has it now', async () => {
    const alain = await p.getUser(SCIM_FIXED_USERS.alainCharon);
    assert.equal(alain.accountEnabled, true);
    fixture.clearRequests();
    const result = await p.setAccountEnabled(alain, false);
    assert.equal(result.action, 'disableAccount');
    assert.equal(result.user?.accountEnabled, false);
    assert.equal(stored(alain.id), false, 'the service holds active: false');
    assert.equal(patches().length, 1);
    assert.equal(patches()[0].path, `/scim/v2/Users/${alain.id}`);
    assert.deepEqual(patches()[0].body, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    // A fresh read agrees.
    assert.equal((await p.getUser(alain.id)).accountEnabled, false);
  });

  it('enables a disabled account, and leaves everything else of it as it was', async () => {
    const daria = await p.getUser(SCIM_FIXED_USERS.dariaDisabled);
    assert.equal(daria.accountEnabled, false);
    const before = { ...fixture.users.get(daria.id) };
    const result = await p.setAccountEnabled(daria, true);
    assert.equal(result.action, 'enableAccount');
    assert.equal(result.user?.accountEnabled, true);
    assert.equal(stored(daria.id), true);
    const after = fixture.users.get(daria.id)!;
    for (const key of ['userName', 'displayName', 'name', 'emails']) assert.deepEqual(after[key], before[key], key);
    assert.equal(patches().length, 1);
  });

  it('refuses, sending nothing, to enable an enabled account or disable a disabled one', async () => {
    const alain = await p.getUser(SCIM_FIXED_USERS.alainCharon);
    const daria = await p.getUser(SCIM_FIXED_USERS.dariaDisabled);
    fixture.clearRequests();
    const e1 = await rejection(p.setAccountEnabled(alain, true));
    assert.equal(e1.kind, 'refused');
    assert.match(e1.message, /already enabled/);
    const e2 = await rejection(p.setAccountEnabled(daria, false));
    assert.match(e2.message, /already disabled/);
    assert.deepEqual(fixture.requests, []);
  });

  it('a second click while the change runs sends nothing (enable and disable share the guard)', async () => {
    const alain = await p.getUser(SCIM_FIXED_USERS.alainCharon);
    fixture.clearRequests();
    fixture.delay('PATCH', 200);
    const first = p.setAccountEnabled(alain, false);
    const second = await rejection(p.setAccountEnabled(alain, false));
    assert.equal(second.kind, 'refused');
    assert.match(second.message, /already running/);
    const other = await rejection(p.setAccountEnabled({ ...alain, accountEnabled: false }, true));
    assert.match(other.message, /already running/);
    await first;
    assert.equal(patches().length, 1);
  });

  it('a dropped connection or a 502 during the PATCH is "outcome unknown", not retried', async () => {
    const alain = await p.getUser(SCIM_FIXED_USERS.alainCharon);
    fixture.clearRequests();
    fixture.failNext('PATCH', 'drop');
    const dropped = await rejection(p.setAccountEnabled(alain, false));
    assert.equal(dropped.kind, 'outcomeUnknown');
    assert.match(dropped.message, /unknown whether the account of Alain Charon was disabled/);
    assert.match(dropped.nextStep, /Refresh/);
    fixture.failNext('PATCH', { status: 502 });
    const gateway = await rejection(p.setAccountEnabled(alain, false));
    assert.equal(gateway.kind, 'outcomeUnknown');
    assert.match(gateway.message, /HTTP 502 while handling the disable/);
    assert.equal(patches().length, 2, 'one PATCH each, no retry');
  });

  it('a 200 that is not this user (a proxy page) is "outcome unknown"', async () => {
    const alain = await p.getUser(SCIM_FIXED_USERS.alainCharon);
    fixture.failNext('PATCH', { status: 200, raw: '<html>Sign in</html>', headers: { 'content-type': 'text/html' } });
    const e = await rejection(p.setAccountEnabled(alain, false));
    assert.equal(e.kind, 'outcomeUnknown');
    assert.match(e.message, /not a confirmation/);
  });

  it('403 names the right the token lacks; 400 mutability says SCIM cannot change it; nothing changed', async () => {
    const alain = await p.getUser(SCIM_FIXED_USERS.alainCharon);
    fixture.failNext('PATCH', { status: 403, detail: 'Scope users:write required' });
    const forbidden = await rejection(p.setAccountEnabled(alain, false));
    assert.equal(forbidden.kind, 'forbidden');
    assert.match(
      forbidden.message,
      /refused to disable the account of Alain Charon.*users:write required.*Nothing was changed/,
    );
    assert.match(forbidden.nextStep, /"active"/);
    fixture.failNext('PATCH', { status: 400, scimType: 'mutability', detail: 'active is readOnly' });
    const readOnly = await rejection(p.setAccountEnabled(alain, false));
    assert.equal(readOnly.kind, 'refused');
    assert.match(readOnly.message, /does not let SCIM change whether an account is active/);
    assert.match(readOnly.nextStep, /own admin console/);
    assert.equal(stored(alain.id), true);
  });

  it('a user deleted meanwhile is "not found"', async () => {
    const ghost: DirectoryUser = { id: 'no-such-id', displayName: 'Ghost', signInName: 'ghost', source: 'cloud' };
    const e = await rejection(p.setAccountEnabled(ghost, false));
    assert.equal(e.kind, 'notFound');
    assert.match(e.message, /no longer exists/);
  });
});
