// The test Entra authority (test/fixtures/entraAuthority.ts) speaks the protocol the UI journeys rely on: over real
// https on 127.0.0.1 (its test CA trusted explicitly, a free port, so no root is needed here), the device-code flow
// of RFC 8628 with Entra's error codes, certificates made with node:crypto, rotating refresh tokens, claims requests, tenants by GUID or domain, and
// signed tokens that it verifies again. Node's own https client, not the extension's.
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { startEntraAuthority, type EntraAuthority } from '../../fixtures/entraAuthority';

const TENANT = { id: '11111111-2222-4333-8444-555555555555', domains: ['contoso.onmicrosoft.com'] };
const OTHER = { id: '66666666-7777-4888-9999-000000000000', domains: ['fabrikam.onmicrosoft.com'] };
const ALICE = {
  oid: 'aaaaaaaa-0000-4000-8000-000000000001',
  tenantId: TENANT.id,
  username: 'alice@contoso.onmicrosoft.com',
  name: 'Alice',
};
const BOB = {
  oid: 'bbbbbbbb-0000-4000-8000-000000000002',
  tenantId: OTHER.id,
  username: 'bob@fabrikam.onmicrosoft.com',
  name: 'Bob',
};
const CLIENT = '99999999-aaaa-4bbb-8ccc-dddddddddddd';
const SCOPES = 'https://graph.microsoft.com/User.Read.All openid profile offline_access';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('test Entra authority (https, device code, refresh tokens)', function () {
  this.timeout(20_000);
  let authority: EntraAuthority;
  let agent: Agent;

  before(async () => {
    authority = await startEntraAuthority({ tenants: [TENANT, OTHER], users: [ALICE, BOB], port: 0 });
    agent = new Agent({ connect: { ca: fs.readFileSync(authority.caFile, 'utf8') } });
  });

  after(async () => {
    await agent?.close();
    await authority?.close();
  });

  async function get(path: string): Promise<{ status: number; body: Json }> {
    const res = await undiciFetch(`${authority.url}${path}`, { dispatcher: agent });
    return { status: res.status, body: (await res.json()) as Json };
  }

  async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: Json }> {
    const res = await undiciFetch(`${authority.url}${path}`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  async function signIn(tenant: string, user: string): Promise<Json> {
    const dc = await post(`/${tenant}/oauth2/v2.0/devicecode`, { client_id: CLIENT, scope: SCOPES });
    assert.equal(dc.status, 200);
    authority.approve(dc.body.user_code, user);
    const t = await post(`/${tenant}/oauth2/v2.0/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: CLIENT,
      device_code: dc.body.device_code,
    });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    return t.body;
  }

  it('its certificates: a CA, and a server certificate it signed for login.microsoftonline.com and 127.0.0.1', () => {
    const ca = new X509Certificate(fs.readFileSync(authority.caFile));
    const files = fs.readdirSync(path.dirname(authority.caFile)).sort();
    assert.deepEqual(files, ['ca.pem', 'server.key', 'server.pem'], 'the CA key is never written');
    const server = new X509Certificate(fs.readFileSync(path.join(path.dirname(authority.caFile), 'server.pem')));
    assert.equal(ca.ca, true);
    assert.equal(server.ca, false);
    assert.ok(server.verify(ca.publicKey), 'signed by the CA');
    assert.equal(server.checkHost('login.microsoftonline.com'), 'login.microsoftonline.com');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkHost('example.com'), undefined);
  });

  it('resolves a domain to its tenant GUID in the openid-configuration issuer; an unknown tenant is AADSTS90002', async () => {
    const byDomain = await get('/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration');
    assert.equal(byDomain.status, 200);
    assert.equal(byDomain.body.issuer, `https://login.microsoftonline.com/${TENANT.id}/v2.0`);
    assert.match(byDomain.body.token_endpoint, new RegExp(`/${TENANT.id}/oauth2/v2\\.0/token$`));
    const unknown = await get('/nowhere.example/v2.0/.well-known/openid-configuration');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error_codes, [90002]);
    const discovery = await get(
      '/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    );
    assert.equal(discovery.status, 200);
    assert.ok(discovery.body.metadata[0].aliases.includes('login.microsoftonline.com'));
  });

  it('device code: pending until approved on the page, then tokens with a GUID tid; the code works once', async () => {
    const dc = await post('/contoso.onmicrosoft.com/oauth2/v2.0/devicecode', { client_id: CLIENT, scope: SCOPES });
    assert.equal(dc.status, 200);
    assert.equal(dc.body.verification_uri, authority.deviceLoginUrl);
    const grant = {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: CLIENT,
      device_code: dc.body.device_code,
    };
    const pending = await post('/contoso.onmicrosoft.com/oauth2/v2.0/token', grant);
    assert.equal(pending.status, 400);
    assert.equal(pending.body.error, 'authorization_pending');

    // The person's page: the code, then the account (plain http, as the browser sees it).
    const page1 = await fetch(authority.deviceLoginUrl, {
      method: 'POST',
      body: new URLSearchParams({ otc: dc.body.user_code }),
    });
    const accounts = await page1.text();
    assert.match(accounts, /Pick an account[\s\S]*alice@contoso\.onmicrosoft\.com/);
    assert.doesNotMatch(accounts, /bob@/, "only the accounts of the code's tenant");
    const wrong = await fetch(authority.deviceLoginUrl, {
      method: 'POST',
      body: new URLSearchParams({ otc: 'NOPE12345' }),
    });
    assert.equal(wrong.status, 400);
    const page2 = await fetch(authority.deviceLoginUrl, {
      method: 'POST',
      body: new URLSearchParams({ otc: dc.body.user_code, account: ALICE.username }),
    });
    assert.match(await page2.text(), /You have signed in/);

    const t = await post('/contoso.onmicrosoft.com/oauth2/v2.0/token', grant);
    assert.equal(t.status, 200);
    const claims = JSON.parse(Buffer.from(t.body.access_token.split('.')[1], 'base64url').toString());
    assert.equal(claims.tid, TENANT.id);
    assert.equal(claims.oid, ALICE.oid);
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    const idClaims = JSON.parse(Buffer.from(t.body.id_token.split('.')[1], 'base64url').toString());
    assert.equal(idClaims.preferred_username, ALICE.username);
    assert.deepEqual(JSON.parse(Buffer.from(t.body.client_info, 'base64url').toString()), {
      uid: ALICE.oid,
      utid: TENANT.id,
    });
    assert.equal(authority.verify(t.body.access_token)?.oid, ALICE.oid);

    const again = await post('/contoso.onmicrosoft.com/oauth2/v2.0/token', grant);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  it('refresh tokens rotate, carry claims requests, and do not cross tenants; forged or revoked tokens do not verify', async () => {
    const first = await signIn(TENANT.id, ALICE.username);
    const claims = JSON.stringify({ access_token: { nbf: { essential: true, value: '1700000000' } } });
    const refreshed = await post(`/${TENANT.id}/oauth2/v2.0/token`, {
      grant_type: 'refresh_token',
      client_id: CLIENT,
      refresh_token: first.refresh_token,
      scope: SCOPES,
      claims,
    });
    assert.equal(refreshed.status, 200);
    const issued = authority.verify(refreshed.body.access_token);
    assert.equal(issued?.claims, claims);
    assert.equal(authority.grants.at(-1)?.claims, claims);
    assert.notEqual(refreshed.body.refresh_token, first.refresh_token);
    const reused = await post(`/${TENANT.id}/oauth2/v2.0/token`, {
      grant_type: 'refresh_token',
      client_id: CLIENT,
      refresh_token: first.refresh_token,
      scope: SCOPES,
    });
    assert.equal(reused.body.error, 'invalid_grant', 'a used refresh token is refused');
    const otherTenant = await post(`/${OTHER.id}/oauth2/v2.0/token`, {
      grant_type: 'refresh_token',
      client_id: CLIENT,
      refresh_token: refreshed.body.refresh_token,
      scope: SCOPES,
    });
    assert.equal(otherTenant.status, 400);
    assert.deepEqual(otherTenant.body.error_codes, [50020]);

    const [h, p] = refreshed.body.access_token.split('.');
    assert.equal(authority.verify(`${h}.${p}.${Buffer.from('forged').toString('base64url')}`), undefined);
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), oid: BOB.oid }),
    ).toString('base64url');
    assert.equal(authority.verify(`${h}.${tampered}.${refreshed.body.access_token.split('.')[2]}`), undefined);
    authority.revokeAccessTokens();
    assert.equal(authority.verify(refreshed.body.access_token), undefined);
  });

  it('records what it received without any token', () => {
    const everything = JSON.stringify({
      requests: authority.requests,
      grants: authority.grants,
      codes: authority.deviceCodes,
    });
    assert.doesNotMatch(everything, /eyJ/, 'no JWT recorded');
    assert.ok(authority.requests.some((r) => r.kind === 'devicecode'));
    assert.ok(authority.grants.some((g) => g.grantType === 'refresh_token' && g.outcome === 'issued'));
  });
});
