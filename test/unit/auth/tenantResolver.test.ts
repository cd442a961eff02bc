// Tenant domain -> GUID through a real openid-configuration endpoint on 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearTenantCache, resolveTenantId, tenantOfIssuer } from '../../../src/auth/tenantResolver';
import { rejection } from '../../support/recording';

const GUID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

interface Authority {
  readonly url: string;
  readonly paths: string[];
  /** Per domain (lower-case): the answer. Default: 400 AADSTS90002. */
  readonly answers: Map<string, { status: number; body: unknown }>;
  close(): Promise<void>;
}

/** A minimal Entra authority: GET /{tenant}/v2.0/.well-known/openid-configuration. */
async function startAuthority(): Promise<Authority> {
  const paths: string[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    paths.push(path);
    const m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    const tenant = m ? decodeURIComponent(m[1]).toLowerCase() : '';
    const answer = answers.get(tenant) ?? {
      status: 400,
      body: {
        error: 'invalid_tenant',
        error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.\r\nTrace ID: 0000`,
      },
    };
    // A little delay, so concurrent callers really overlap.
    setTimeout(() => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    }, 20);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    paths,
    answers,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const config = (authority: Authority, tenant: string) => ({
  tenant,
  opts: { authority: authority.url, directoryName: 'Contoso' },
});

describe('tenant domain -> GUID (openid-configuration issuer)', () => {
  let authority: Authority;

  beforeEach(async () => {
    clearTenantCache();
    authority = await startAuthority();
    authority.answers.set('contoso.onmicrosoft.com', {
      status: 200,
      body: { issuer: `${authority.url}/${GUID}/v2.0`, token_endpoint: `${authority.url}/${GUID}/oauth2/v2.0/token` },
    });
  });

  afterEach(async () => {
    await authority.close();
  });

  it('uses a GUID as given, lower-cased, without any request', async () => {
    const { opts } = config(authority, '');
    assert.equal(await resolveTenantId(GUID.toUpperCase(), opts), GUID);
    assert.deepEqual(authority.paths, []);
  });

  it('reads the GUID from the issuer of {authority}/{domain}/v2.0/.well-known/openid-configuration', async () => {
    const { tenant, opts } = config(authority, 'contoso.onmicrosoft.com');
    assert.equal(await resolveTenantId(tenant, opts), GUID);
    assert.deepEqual(authority.paths, ['/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration']);
  });

  it('looks a domain up once per authority for the process, also for concurrent and differently-cased callers', async () => {
    const { opts } = config(authority, '');
    const all = await Promise.all([
      resolveTenantId('contoso.onmicrosoft.com', opts),
      resolveTenantId('Contoso.OnMicrosoft.com', opts),
      resolveTenantId('contoso.onmicrosoft.com', opts),
    ]);
    assert.deepEqual(all, [GUID, GUID, GUID]);
    assert.equal(await resolveTenantId('contoso.onmicrosoft.com', opts), GUID);
    assert.equal(authority.paths.length, 1, 'one request for four lookups');

    const other = await startAuthority();
    try {
      other.answers.set('contoso.onmicrosoft.com', { status: 200, body: { issuer: `${other.url}/${GUID}/v2.0` } });
      assert.equal(
        await resolveTenantId('contoso.onmicrosoft.com', { authority: other.url, directoryName: 'Contoso' }),
        GUID,
      );
      assert.equal(other.paths.length, 1, 'another authority (another cloud) is asked itself');
    } finally {
      await other.close();
    }
  });

  it('refuses a domain that is no tenant, with the AADSTS code, the domain and the fix', async () => {
    const e = await rejection(resolveTenantId('contoso.example', config(authority, '').opts));
    assert.equal(e.kind, 'configuration');
    assert.match(e.message, /No Microsoft Entra tenant has the domain "contoso\.example"/);
    assert.match(e.message, /AADSTS90002/);
    assert.match(e.message, /Contoso cannot sign in/);
    assert.match(e.nextStep, /"tenantId".*GUID/);
  });

  it('does not remember a failure: the next call asks again', async () => {
    authority.answers.set('fabrikam.com', { status: 503, body: 'busy' });
    const first = await rejection(resolveTenantId('fabrikam.com', config(authority, '').opts));
    assert.equal(first.kind, 'unavailable');
    assert.match(first.nextStep, /try again|GUID/i);
    authority.answers.set('fabrikam.com', {
      status: 200,
      body: { issuer: `https://login.microsoftonline.com/${GUID}/v2.0` },
    });
    assert.equal(await resolveTenantId('fabrikam.com', config(authority, '').opts), GUID);
    assert.equal(authority.paths.length, 2);
  });

  it('refuses an answer whose issuer holds no tenant GUID', async () => {
    authority.answers.set('odd.example', {
      status: 200,
      body: { issuer: 'https://login.microsoftonline.com/common/v2.0' },
    });
    const e = await rejection(resolveTenantId('odd.example', config(authority, '').opts));
    assert.equal(e.kind, 'badResponse');
    assert.match(e.nextStep, /tenant GUID/);
  });

  it('says plainly when the authority cannot be reached', async () => {
    const url = authority.url;
    await authority.close();
    const e = await rejection(resolveTenantId('unreachable.example', { authority: url, directoryName: 'Contoso' }));
    assert.equal(e.kind, 'unavailable');
    assert.match(e.message, /Could not look up the tenant "unreachable\.example" of Contoso/);
    authority = await startAuthority(); // for afterEach
  });

  it('tenantOfIssuer takes the first path segment only when it is a GUID', () => {
    assert.equal(tenantOfIssuer(`https://login.microsoftonline.us/${GUID.toUpperCase()}/v2.0`), GUID);
    assert.equal(tenantOfIssuer('https://sts.windows.net/not-a-guid/'), undefined);
    assert.equal(tenantOfIssuer(42), undefined);
    assert.equal(tenantOfIssuer('not a url'), undefined);
  });
});
