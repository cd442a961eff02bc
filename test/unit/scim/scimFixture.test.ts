// The SCIM test service itself (test/fixtures/scimServer.ts), checked with plain fetch, so the provider's
// tests rest on a service that behaves like SCIM: bearer check, ListResponse, write-only passwords.
import * as assert from 'node:assert/strict';
import {
  SCIM_FIXED_USERS,
  SCIM_SEED_USERS,
  scimmySafeFilter,
  startScimFixture,
  type ScimFixture,
} from '../../fixtures/scimServer';

describe('SCIM test service (SCIMMY fixture)', function () {
  this.timeout(10_000);
  let fixture: ScimFixture;
  const auth = () => ({ authorization: `Bearer ${fixture.token}` });

  beforeEach(async () => {
    fixture = await startScimFixture({ token: 'fixture-token' });
  });
  afterEach(() => fixture.close());

  it('listens on 127.0.0.1 under /scim/v2 with the given token', () => {
    assert.match(fixture.url, /^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    assert.equal(fixture.token, 'fixture-token');
    assert.equal(fixture.users.size, SCIM_SEED_USERS.length);
  });

  it('refuses a request without the bearer token with a SCIM 401 error', async () => {
    const res = await fetch(`${fixture.url}/Users`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { schemas: string[]; status: string };
    assert.deepEqual(body.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    assert.equal(body.status, '401');
  });

  it('answers a ListResponse paged by startIndex/count', async () => {
    const res = await fetch(`${fixture.url}/Users?startIndex=11&count=10`, { headers: auth() });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/scim\+json/);
    const body = (await res.json()) as {
      schemas: string[];
      totalResults: number;
      startIndex: number;
      itemsPerPage: number;
      Resources: Array<{ id: string }>;
    };
    assert.deepEqual(body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    assert.equal(body.totalResults, SCIM_SEED_USERS.length);
    assert.equal(body.startIndex, 11);
    assert.equal(body.itemsPerPage, 10);
    assert.deepEqual(
      body.Resources.map((u) => u.id),
      SCIM_SEED_USERS.slice(10, 20).map((u) => u.id),
    );
  });

  it('stores a PATCHed password in the side map and never returns it', async () => {
    const id = SCIM_FIXED_USERS.alainCharon;
    const res = await fetch(`${fixture.url}/Users/${id}`, {
      method: 'PATCH',
      headers: { ...auth(), 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: 'New-Passw0rd-123' }],
      }),
    });
    assert.ok(res.status === 200 || res.status === 204, `status ${res.status}`);
    assert.ok(!(await res.text()).includes('New-Passw0rd-123'));
    assert.equal(fixture.passwords.get(id), 'New-Passw0rd-123');
    const read = await (await fetch(`${fixture.url}/Users/${id}`, { headers: auth() })).text();
    assert.ok(!read.includes('New-Passw0rd-123') && !read.includes('"password"'));
    assert.equal(fixture.users.get(id)?.password, undefined);
  });

  it('refuses a password under minPasswordLength with 400 invalidValue and keeps the old one', async () => {
    await fixture.close();
    fixture = await startScimFixture({ minPasswordLength: 14 });
    const id = SCIM_FIXED_USERS.alainCharon;
    const before = fixture.passwords.get(id);
    const res = await fetch(`${fixture.url}/Users/${id}`, {
      method: 'PATCH',
      headers: { ...auth(), 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: 'short' }],
      }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { scimType: string }).scimType, 'invalidValue');
    assert.equal(fixture.passwords.get(id), before);
  });

  it('matches filters case-insensitively with JSON-escaped values', async () => {
    const search = async (filter: string) => {
      const res = await fetch(`${fixture.url}/Users?filter=${encodeURIComponent(filter)}`, { headers: auth() });
      assert.equal(res.status, 200, filter);
      return ((await res.json()) as { Resources?: Array<{ id: string }> }).Resources?.map((u) => u.id) ?? [];
    };
    assert.deepEqual(await search('displayName co "\\"q\\""'), [SCIM_FIXED_USERS.quentinQuoted]);
    assert.deepEqual(await search('userName sw "corp\\\\RITA"'), [SCIM_FIXED_USERS.ritaBackslash]);
    assert.deepEqual(await search('displayName co "o\'brien"'), [SCIM_FIXED_USERS.seanOBrien]);
  });

  it('rewrites only escaped quotes inside filter strings for SCIMMY', () => {
    assert.equal(scimmySafeFilter('a co "x\\"y" or b sw "\\\\"'), 'a co "x\\u0022y" or b sw "\\\\"');
    assert.equal(scimmySafeFilter('a eq "plain"'), 'a eq "plain"');
    assert.equal(scimmySafeFilter('a eq "open'), 'a eq "open');
  });

  it('fails the next matching request once, as asked', async () => {
    fixture.failNext('GET', { status: 503, detail: 'maintenance' });
    assert.equal((await fetch(`${fixture.url}/Users`, { headers: auth() })).status, 503);
    assert.equal((await fetch(`${fixture.url}/Users`, { headers: auth() })).status, 200);
    fixture.failNext('GET', 'drop');
    await assert.rejects(fetch(`${fixture.url}/Users`, { headers: auth() }));
  });
});
