// The test directory's fidelity to Microsoft Graph, over real HTTP with Node's global fetch (deliberately not the
// extension's HTTP client, so a bug there cannot hide a bug here). Facts: /work/shared/reference/graph-api.md.

import * as assert from 'node:assert/strict';
import {
  DEFAULT_USER_PROPERTIES,
  FIXED_USERS,
  FIXED_USER_COUNT,
  checkEntraPasswordPolicy,
  seedUsers,
  startDemoDirectory,
  startGraphServer,
  type DemoUser,
  type GraphServer,
  type GraphServerOptions,
} from '../../../src/demo/graphServer';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test answers are read untyped

const PASSWORD_METHOD = '28c10230-6103-485e-b985-444c60001490';
const GOOD_PASSWORD = 'Correct-Horse-42';
const WEAK_PASSWORD = 'password';

interface CallOptions {
  method?: string;
  token?: string | null;
  headers?: Record<string, string>;
  body?: string | object;
  signal?: AbortSignal;
}

async function call(
  server: GraphServer,
  pathOrUrl: string,
  o: CallOptions = {},
): Promise<{ res: Response; body: Json | undefined; text: string }> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const token = o.token === undefined ? server.delegatedToken : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${server.url}${pathOrUrl}`;
  const res = await fetch(url, { method: o.method ?? 'GET', headers, body, signal: o.signal });
  const text = await res.text();
  let parsed: Json | undefined;
  try {
    parsed = text ? (JSON.parse(text) as Json) : undefined;
  } catch {
    parsed = undefined;
  }
  return { res, body: parsed, text };
}

/** Builds a query string the way a careful client does: every value percent-encoded. */
function qs(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** "\" and """ escaped inside a $search clause. */
function searchClause(property: string, text: string): string {
  return `"${property}:${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function assertGraphError(
  r: { res: Response; body: Json | undefined },
  status: number,
  code: string,
  message?: string | RegExp,
): void {
  assert.equal(r.res.status, status, JSON.stringify(r.body));
  assert.ok(r.body, 'error body');
  assert.deepEqual(Object.keys(r.body), ['error']);
  assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'innerError', 'message']);
  assert.equal(r.body.error.code, code);
  if (typeof message === 'string') assert.equal(r.body.error.message, message);
  else if (message) assert.match(r.body.error.message, message);
  const inner = r.body.error.innerError;
  assert.deepEqual(Object.keys(inner).sort(), ['client-request-id', 'date', 'request-id']);
  assert.match(inner.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(inner['request-id'], r.res.headers.get('request-id'));
}

async function appToken(server: GraphServer): Promise<string> {
  const res = await fetch(`${server.url}/${server.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: server.clientId,
      client_secret: server.clientSecret,
      scope: `${server.url}/.default`,
    }).toString(),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as Json).access_token as string;
}

async function walk(server: GraphServer, first: string, headers: Record<string, string> = {}): Promise<Json[]> {
  const pages: Json[] = [];
  let url: string | undefined = first;
  while (url) {
    const r = await call(server, url, { headers });
    assert.equal(r.res.status, 200, JSON.stringify(r.body));
    pages.push(r.body!);
    url = r.body!['@odata.nextLink'];
  }
  return pages;
}

function cmpName(a: Json, b: Json): number {
  const x = String(a.displayName).toLowerCase();
  const y = String(b.displayName).toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

describe('demo directory (Graph-compatible test server)', function () {
  this.timeout(10_000);
  let server: GraphServer;
  const extra: GraphServer[] = [];

  async function startExtra(options: GraphServerOptions): Promise<GraphServer> {
    const s = await startGraphServer(options);
    extra.push(s);
    return s;
  }

  before(async () => {
    server = await startGraphServer({ operationRetryAfter: '0', operationPolls: 1 });
  });
  after(async () => {
    await server.close();
    await Promise.all(extra.map((s) => s.close()));
  });

  describe('seed', () => {
    it('is deterministic, starts with the fixed users and has unique ids and UPNs', () => {
      const a = seedUsers(3000, 7);
      assert.deepEqual(seedUsers(3000, 7), a);
      assert.deepEqual(seedUsers(2500, 7), a.slice(0, 2500));
      assert.notDeepEqual(seedUsers(3000, 8).slice(FIXED_USER_COUNT), a.slice(FIXED_USER_COUNT));
      assert.deepEqual(
        a.slice(0, FIXED_USER_COUNT).map((u) => u.id),
        Object.values(FIXED_USERS),
      );
      assert.equal(new Set(a.map((u) => u.id)).size, a.length);
      assert.equal(new Set(a.map((u) => u.userPrincipalName.toLowerCase())).size, a.length);
      for (const u of a) {
        assert.match(u.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        assert.match(u.lastPasswordChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.equal(checkEntraPasswordPolicy(u.password), undefined);
      }
    });

    it('has the fixed edge cases', () => {
      const byId = new Map(seedUsers(20).map((u) => [u.id, u]));
      const f = (k: keyof typeof FIXED_USERS): DemoUser => byId.get(FIXED_USERS[k])!;
      assert.equal(f('alainCharon').displayName, 'Alain Charon');
      assert.equal(f('seanOBrien').displayName, "Seán O'Brien");
      assert.equal(f('quentinQuoted').displayName, 'Quentin "Q" Quoted');
      assert.equal(f('htmlInjection').displayName, '<img src=x onerror=alert(1)>');
      assert.equal(f('longName').displayName.length, 300);
      assert.equal(f('arabicName').displayName, 'ليلى حداد');
      assert.match(f('graceGuest').userPrincipalName, /^grace_fabrikam\.com#EXT#@contoso\.onmicrosoft\.com$/);
      assert.equal(f('graceGuest').userType, 'Guest');
      assert.equal(f('samSynced').onPremisesSyncEnabled, true);
      assert.equal(f('danaDisabled').accountEnabled, false);
      assert.deepEqual(f('gloriaGlobal').roles, ['Global Administrator']);
      assert.deepEqual(f('patPrivileged').roles, ['Privileged Authentication Administrator']);
      assert.deepEqual(f('harperHelpdesk').roles, ['Helpdesk Administrator']);
      assert.deepEqual(f('demoOperator').roles, ['User Administrator', 'Authentication Administrator']);
    });

    it('mixes account kinds in the documented proportions', () => {
      const users = seedUsers(10_000).slice(FIXED_USER_COUNT);
      const share = (p: (u: DemoUser) => boolean) => users.filter(p).length / users.length;
      const near = (x: number, want: number) => assert.ok(Math.abs(x - want) < 0.015, `${x} vs ${want}`);
      near(
        share(
          (u) => u.creationType === 'Invitation' && u.userType === 'Guest' && u.userPrincipalName.includes('#EXT#'),
        ),
        0.07,
      );
      near(
        share((u) => u.creationType === 'SelfServiceSignUp'),
        0.01,
      );
      near(
        share((u) => u.userType === 'Member' && u.identities.some((i) => i.signInType === 'federated')),
        0.01,
      );
      near(
        share((u) => u.onPremisesSyncEnabled === true),
        0.06,
      );
      near(
        share((u) => !u.accountEnabled),
        0.04,
      );
      near(
        share((u) => u.roles.length > 0),
        0.01,
      );
      assert.ok(
        users.some((u) => [...u.displayName].some((c) => c.charCodeAt(0) > 0x7f)),
        'some non-ASCII names',
      );
    });

    it('generates 100,000 users quickly', () => {
      const t = performance.now();
      assert.equal(seedUsers(100_000).length, 100_000);
      // Typically ~250 ms; the bound only catches accidental quadratic work on a loaded machine.
      assert.ok(performance.now() - t < 1500, `${performance.now() - t} ms`);
    });
  });

  describe('password policy', () => {
    it('follows Entra ID rules', () => {
      assert.equal(checkEntraPasswordPolicy('Cuyo5459'), undefined);
      assert.equal(checkEntraPasswordPolicy('abc DEF 1'), undefined); // space is a symbol
      assert.ok(checkEntraPasswordPolicy('aB1!')); // 4 chars
      assert.ok(checkEntraPasswordPolicy('aB1!xyz')); // 7 chars
      assert.ok(checkEntraPasswordPolicy('alllowercase1')); // 2 classes
      assert.ok(checkEntraPasswordPolicy('Passwörd123')); // non-ASCII letter
      assert.ok(checkEntraPasswordPolicy('Password123€')); // symbol not in the list
      assert.equal(checkEntraPasswordPolicy(`a1${'B'.repeat(254)}`), undefined);
      assert.ok(checkEntraPasswordPolicy(`a1${'B'.repeat(255)}`));
      assert.equal(checkEntraPasswordPolicy('aA1@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<>'), undefined);
      assert.ok(
        !String(checkEntraPasswordPolicy('Sëcret-Pass1')).includes('Sëcret'),
        'the reason never repeats the password',
      );
    });
  });

  describe('authentication', () => {
    it('401 InvalidAuthenticationToken without a token, with request-id and echoed client-request-id', async () => {
      const r = await call(server, '/v1.0/users', { token: null, headers: { 'client-request-id': 'abc-123' } });
      assertGraphError(r, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
      assert.match(r.res.headers.get('request-id')!, /^[0-9a-f-]{36}$/);
      assert.equal(r.res.headers.get('client-request-id'), 'abc-123');
      assert.equal(r.body!.error.innerError['client-request-id'], 'abc-123');
    });

    it('401 for an unknown token; expireTokens() expires every token and issues a new delegated one', async () => {
      const s = await startExtra({ users: seedUsers(20) });
      assertGraphError(await call(s, '/v1.0/me', { token: 'nonsense' }), 401, 'InvalidAuthenticationToken');
      const old = s.delegatedToken;
      const app = await appToken(s);
      assert.equal((await call(s, '/v1.0/me')).res.status, 200);
      s.expireTokens();
      assert.notEqual(s.delegatedToken, old);
      assertGraphError(
        await call(s, '/v1.0/me', { token: old }),
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
      );
      assertGraphError(await call(s, '/v1.0/users', { token: app }), 401, 'InvalidAuthenticationToken');
      assert.equal((await call(s, '/v1.0/me')).res.status, 200);
      assert.equal((await call(s, '/v1.0/users', { token: await appToken(s) })).res.status, 200);
    });

    it('acceptToken (tests only): tokens minted elsewhere act for the user it names; refused ones are 401', async () => {
      const seen: string[] = [];
      const s = await startExtra({
        users: seedUsers(20),
        acceptToken: (token, request) => {
          seen.push(`${request.method} ${request.path}`);
          return token === 'minted-for-operator' ? FIXED_USERS.demoOperator : undefined;
        },
      });
      const me = await call(s, '/v1.0/me', { token: 'minted-for-operator' });
      assert.equal(me.res.status, 200);
      assert.equal(me.body?.id, FIXED_USERS.demoOperator);
      assertGraphError(await call(s, '/v1.0/me', { token: 'minted-for-nobody' }), 401, 'InvalidAuthenticationToken');
      assert.deepEqual(seen, ['GET /v1.0/me', 'GET /v1.0/me']);
      // Its own tokens never reach the callback; an expired one stays expired.
      const old = s.delegatedToken;
      assert.equal((await call(s, '/v1.0/me')).res.status, 200);
      s.expireTokens();
      assertGraphError(await call(s, '/v1.0/me', { token: old }), 401, 'InvalidAuthenticationToken');
      assert.equal(seen.length, 2);
    });

    it('token endpoint: client credentials, bad secret, bad scope, bad grant, unknown tenant', async () => {
      const post = (form: Record<string, string>, tenant = server.tenantId) =>
        fetch(`${server.url}/${tenant}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        });
      const good = {
        grant_type: 'client_credentials',
        client_id: server.clientId,
        client_secret: server.clientSecret,
        scope: `${server.url}/.default`,
      };
      const ok = await post(good);
      assert.equal(ok.status, 200);
      const tok = (await ok.json()) as Json;
      assert.equal(tok.token_type, 'Bearer');
      assert.equal(tok.expires_in, 3599);
      assert.equal(tok.ext_expires_in, 3599);
      assert.equal(typeof tok.access_token, 'string');

      const badSecret = await post({ ...good, client_secret: 'wrong' });
      assert.equal(badSecret.status, 401);
      const bs = (await badSecret.json()) as Json;
      assert.equal(bs.error, 'invalid_client');
      assert.match(bs.error_description, /^AADSTS7000215: Invalid client secret provided\./);
      assert.ok(!JSON.stringify(bs).includes(server.clientSecret));

      const badScope = await post({ ...good, scope: 'https://graph.microsoft.com/.default' });
      assert.equal(badScope.status, 400);
      assert.equal(((await badScope.json()) as Json).error, 'invalid_scope');
      const noDefault = await post({ ...good, scope: `${server.url}/User.Read.All` });
      assert.equal(((await noDefault.json()) as Json).error, 'invalid_scope');

      const badGrant = await post({ ...good, grant_type: 'password' });
      assert.equal(badGrant.status, 400);
      assert.equal(((await badGrant.json()) as Json).error, 'unsupported_grant_type');

      const otherTenant = await post(good, 'fabrikam.onmicrosoft.com');
      assert.equal(otherTenant.status, 400);
      assert.equal((await post(good, 'contoso.onmicrosoft.com')).status, 200);
    });

    it('/me is the delegated caller; with an app token it is 400', async () => {
      const me = await call(server, '/v1.0/me?$select=id,displayName');
      assert.equal(me.res.status, 200);
      assert.equal(me.body!.id, FIXED_USERS.demoOperator);
      assert.equal(me.body!.displayName, 'Demo Helpdesk Operator');
      assertGraphError(
        await call(server, '/v1.0/me', { token: await appToken(server) }),
        400,
        'Request_BadRequest',
        '/me request is only valid with delegated authentication flow.',
      );
    });
  });

  describe('GET /v1.0/users', () => {
    it("returns Graph's default property set unless $select names more; never roles or passwords", async () => {
      const r = await call(server, '/v1.0/users');
      assert.equal(r.res.status, 200);
      assert.match(r.res.headers.get('content-type')!, /^application\/json/);
      assert.equal(r.body!['@odata.context'], `${server.url}/v1.0/$metadata#users`);
      assert.equal(r.body!.value.length, 100);
      for (const u of r.body!.value) assert.deepEqual(Object.keys(u), [...DEFAULT_USER_PROPERTIES]);
      assert.ok(!/"(roles|password)"/.test(r.text));

      const sel =
        'id,displayName,accountEnabled,userType,creationType,externalUserState,identities,onPremisesSyncEnabled,lastPasswordChangeDateTime,department';
      const s = await call(server, `/v1.0/users?$select=${sel}&$top=5`);
      assert.equal(s.body!['@odata.context'], `${server.url}/v1.0/$metadata#users(${sel})`);
      for (const u of s.body!.value) assert.deepEqual(Object.keys(u), sel.split(','));
    });

    it('400 for a property not on the user type (roles and password included)', async () => {
      for (const p of ['nope', 'roles', 'password']) {
        assertGraphError(
          await call(server, `/v1.0/users?$select=id,${p}`),
          400,
          'Request_BadRequest',
          `Could not find a property named '${p}' on type 'microsoft.graph.user'.`,
        );
      }
    });

    it("$top is 1..999 with Graph's exact message; $skip is refused", async () => {
      assertGraphError(
        await call(server, '/v1.0/users?$top=1000'),
        400,
        'Request_UnsupportedQuery',
        "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
      );
      assertGraphError(
        await call(server, '/v1.0/users?$top=0'),
        400,
        'Request_UnsupportedQuery',
        "Invalid page size specified: '0'. Must be between 1 and 999 inclusive.",
      );
      assertGraphError(await call(server, '/v1.0/users?$top=abc'), 400, 'Request_UnsupportedQuery');
      assert.equal((await call(server, '/v1.0/users?$top=999&$select=id')).body!.value.length, 999);
      assert.equal((await call(server, '/v1.0/users?$top=1&$select=id')).body!.value.length, 1);
      assertGraphError(
        await call(server, '/v1.0/users?$skip=10'),
        400,
        'Request_BadRequest',
        "'$skip' is not supported by the service.",
      );
      assertGraphError(await call(server, '/v1.0/users?$top=5&$top=6'), 400, 'BadRequest');
    });

    it('orders by displayName (case-insensitive), then id', async () => {
      const pages = await walk(server, `/v1.0/users?${qs({ $select: 'id,displayName', $top: '999' })}`);
      const all = pages.flatMap((p) => p.value as Json[]);
      assert.equal(all.length, 2500);
      assert.deepEqual(all, [...all].sort(cmpName));
    });

    it('$search needs ConsistencyLevel: eventual, on the first page and on every nextLink', async () => {
      const search = `${searchClause('displayName', 'a')} OR ${searchClause('mail', 'a')}`;
      const first = `/v1.0/users?${qs({ $search: search, $count: 'true', $top: '50', $select: 'id,displayName,mail' })}`;
      const msg =
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";
      assertGraphError(await call(server, first), 400, 'Request_UnsupportedQuery', msg);

      const p1 = await call(server, first, { headers: { ConsistencyLevel: 'eventual' } });
      assert.equal(p1.res.status, 200);
      const next = p1.body!['@odata.nextLink'] as string;
      assert.ok(next.startsWith(`${server.url}/v1.0/users?`));
      const nextParams = new URL(next).searchParams;
      assert.equal(nextParams.get('$search'), search);
      assert.equal(nextParams.get('$top'), '50');
      assert.equal(nextParams.get('$select'), 'id,displayName,mail');
      assert.equal(nextParams.get('$count'), null);
      assert.ok(nextParams.get('$skiptoken'));
      assertGraphError(await call(server, next), 400, 'Request_UnsupportedQuery', msg);

      const pages = await walk(server, first, { ConsistencyLevel: 'eventual' });
      assert.equal(
        pages[0]['@odata.count'],
        pages.reduce((n, p) => n + p.value.length, 0),
      );
      assert.ok(pages.length > 2);
      for (const p of pages.slice(1)) assert.equal(p['@odata.count'], undefined);
      const ids = pages.flatMap((p) => p.value.map((u: Json) => u.id));
      assert.equal(new Set(ids).size, ids.length, 'no duplicates across pages');
    });

    it('$search escaping round trip: apostrophe, double quotes, backslash', async () => {
      const s = await startExtra({
        users: [
          ...seedUsers(FIXED_USER_COUNT),
          {
            ...seedUsers(FIXED_USER_COUNT)[0],
            id: '00000000-0000-4000-8000-0000000000b5',
            displayName: 'Bea Back\\Slash',
            userPrincipalName: 'bea.backslash@contoso.onmicrosoft.com',
            mail: 'bea.backslash@contoso.onmicrosoft.com',
          },
        ],
      });
      const find = async (search: string) => {
        const r = await call(s, `/v1.0/users?${qs({ $search: search, $select: 'id,displayName' })}`, {
          headers: { ConsistencyLevel: 'eventual' },
        });
        return r;
      };
      const names = async (search: string) => {
        const r = await find(search);
        assert.equal(r.res.status, 200, JSON.stringify(r.body));
        return (r.body!.value as Json[]).map((u) => u.displayName);
      };
      assert.deepEqual(await names(searchClause('displayName', "O'Brien")), ["Seán O'Brien"]);
      assert.deepEqual(await names(searchClause('displayName', 'Quentin "Q"')), ['Quentin "Q" Quoted']);
      assert.deepEqual(await names(searchClause('displayName', 'Back\\Slash')), ['Bea Back\\Slash']);
      assert.deepEqual(await names(searchClause('userPrincipalName', "sean.o'brien")), ["Seán O'Brien"]);
      assert.deepEqual(await names(searchClause('displayName', 'bri')), ["Seán O'Brien"], 'word prefix');
      assert.deepEqual(await names(searchClause('displayName', 'rien')), [], 'not a word prefix');
      assert.deepEqual(await names(`${searchClause('displayName', 'gloria')} AND ${searchClause('mail', 'gloria')}`), [
        'Gloria Global',
      ]);
      assert.deepEqual(await names(`${searchClause('displayName', 'gloria')} AND ${searchClause('mail', 'pat')}`), []);

      // What a careless client sends: all syntax errors.
      for (const bad of [
        '"displayName:Quentin "Q""', // unescaped quote
        '"displayName:Back\\Slash"', // unescaped backslash = bad escape
        '"displayName:unbalanced',
        'displayName:nope', // no quotes
        '"Alain"', // no property
        '"office:x"', // not searchable
        '"displayName:a" or "mail:a"', // lower-case operator
        '"displayName:a" "mail:a"',
      ]) {
        assertGraphError(await find(bad), 400, 'Request_UnsupportedQuery', /^Syntax error: /);
      }
    });

    it('$filter: startsWith with OData literals, and/or, userType eq; anything else is 400', async () => {
      const ids = async (filter: string) => {
        const r = await call(
          server,
          `/v1.0/users?${qs({ $filter: filter, $select: 'id,displayName,userType', $top: '999' })}`,
        );
        assert.equal(r.res.status, 200, JSON.stringify(r.body));
        return r.body!.value as Json[];
      };
      assert.deepEqual(
        (await ids("startsWith(displayName,'Seán O''Brien')")).map((u) => u.id),
        [FIXED_USERS.seanOBrien],
      );
      assert.deepEqual(
        (await ids("startswith(userPrincipalName,'SEAN.O''BRIEN')")).map((u) => u.id),
        [FIXED_USERS.seanOBrien],
      );
      assert.deepEqual(
        (await ids("startsWith(displayName,'Gloria G') or startsWith(displayName,'Pat Priv')")).map((u) => u.id).sort(),
        [FIXED_USERS.gloriaGlobal, FIXED_USERS.patPrivileged].sort(),
      );
      const guests = await ids("userType eq 'Guest'");
      assert.ok(guests.length > 100 && guests.every((u) => u.userType === 'Guest'));
      assert.ok(
        (await ids("userType eq 'Guest' and startsWith(displayName,'Grace Guest')")).some(
          (u) => u.id === FIXED_USERS.graceGuest,
        ),
      );
      for (const bad of [
        "startsWith(displayName,'O'Brien')",
        'accountEnabled eq false',
        "startsWith(jobTitle,'A')",
        "contains(displayName,'a')",
        "startsWith(displayName,'unterminated)",
      ]) {
        assertGraphError(await call(server, `/v1.0/users?${qs({ $filter: bad })}`), 400, 'Request_UnsupportedQuery');
      }
    });

    it('nextLink keeps every option but $count; @odata.count only on the first page; skiptoken bound to the query', async () => {
      const first = `/v1.0/users?${qs({ $filter: "startsWith(displayName,'a')", $select: 'id,displayName', $top: '7', $count: 'true' })}`;
      // Like Graph, $count without ConsistencyLevel: eventual is silently ignored.
      assert.equal((await call(server, first)).body!['@odata.count'], undefined);
      const p1 = await call(server, first, { headers: { ConsistencyLevel: 'eventual' } });
      assert.equal(typeof p1.body!['@odata.count'], 'number');
      const next = p1.body!['@odata.nextLink'] as string;
      const u = new URL(next);
      assert.equal(u.searchParams.get('$filter'), "startsWith(displayName,'a')");
      assert.equal(u.searchParams.get('$count'), null);
      const p2 = await call(server, next, { headers: { ConsistencyLevel: 'eventual' } });
      assert.equal(p2.res.status, 200);
      assert.equal(p2.body!['@odata.count'], undefined);
      assert.notDeepEqual(p2.body!.value, p1.body!.value);
      // The same link again (a retry) gives the same page.
      assert.deepEqual((await call(server, next)).body!.value, p2.body!.value);

      const changed = new URL(next);
      changed.searchParams.set('$top', '8');
      assertGraphError(await call(server, changed.toString()), 400, 'Request_BadRequest', 'Invalid skip token');
      const other = new URL(next);
      other.searchParams.set('$filter', "startsWith(displayName,'b')");
      assertGraphError(await call(server, other.toString()), 400, 'Request_BadRequest', 'Invalid skip token');
      assertGraphError(
        await call(server, '/v1.0/users?$skiptoken=made-up'),
        400,
        'Request_BadRequest',
        'Invalid skip token',
      );

      const all = await walk(server, first);
      const total = all.reduce((n, p) => n + p.value.length, 0);
      assert.equal(total, p1.body!['@odata.count']);
      assert.equal(all.at(-1)!['@odata.nextLink'], undefined);
    });
  });

  describe('GET /v1.0/users/{id | UPN}', () => {
    it('by id or percent-encoded UPN (#EXT# as %23EXT%23), $select rules apply', async () => {
      const byId = await call(server, `/v1.0/users/${FIXED_USERS.samSynced}?$select=id,onPremisesSyncEnabled`);
      assert.deepEqual(
        { id: byId.body!.id, sync: byId.body!.onPremisesSyncEnabled, keys: Object.keys(byId.body!) },
        { id: FIXED_USERS.samSynced, sync: true, keys: ['@odata.context', 'id', 'onPremisesSyncEnabled'] },
      );
      const upn = 'grace_fabrikam.com#EXT#@contoso.onmicrosoft.com';
      const byUpn = await call(
        server,
        `/v1.0/users/${encodeURIComponent(upn)}?$select=id,userType,creationType,externalUserState`,
      );
      assert.equal(byUpn.res.status, 200);
      assert.equal(byUpn.body!.id, FIXED_USERS.graceGuest);
      assert.equal(byUpn.body!.creationType, 'Invitation');
      const sean = await call(server, `/v1.0/users/${encodeURIComponent("sean.o'brien@contoso.onmicrosoft.com")}`);
      assert.equal(sean.body!.id, FIXED_USERS.seanOBrien);
      // A raw '#' starts the fragment: the server sees "grace_fabrikam.com" and finds nobody.
      assertGraphError(await call(server, `/v1.0/users/${upn}`), 404, 'Request_ResourceNotFound');
    });

    it("404 in Graph's shape", async () => {
      const id = '11111111-2222-4333-8444-555555555555';
      assertGraphError(
        await call(server, `/v1.0/users/${id}`),
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    });

    it("memberOf/microsoft.graph.directoryRole lists the user's roles", async () => {
      const r = await call(server, `/v1.0/users/${FIXED_USERS.gloriaGlobal}/memberOf/microsoft.graph.directoryRole`);
      assert.equal(r.res.status, 200);
      assert.equal(r.body!.value.length, 1);
      assert.equal(r.body!.value[0]['@odata.type'], '#microsoft.graph.directoryRole');
      assert.equal(r.body!.value[0].displayName, 'Global Administrator');
      assert.equal(r.body!.value[0].roleTemplateId, '62e90394-69f5-4237-9190-012177145e10');
      const sel = await call(
        server,
        `/v1.0/users/${FIXED_USERS.harperHelpdesk}/memberOf/microsoft.graph.directoryRole?$select=displayName`,
      );
      assert.deepEqual(sel.body!.value, [
        { '@odata.type': '#microsoft.graph.directoryRole', displayName: 'Helpdesk Administrator' },
      ]);
      assert.deepEqual(
        (await call(server, `/v1.0/users/${FIXED_USERS.alainCharon}/memberOf/microsoft.graph.directoryRole`)).body!
          .value,
        [],
      );
    });

    it('unknown segments are 400 BadRequest, wrong methods 405', async () => {
      assertGraphError(
        await call(server, '/v1.0/userz'),
        400,
        'BadRequest',
        "Resource not found for the segment 'userz'.",
      );
      const r = await call(server, '/v1.0/users', { method: 'DELETE' });
      assert.equal(r.res.status, 405);
      assert.equal(r.res.headers.get('allow'), 'GET');
    });
  });

  describe('PATCH /v1.0/users/{id} passwordProfile', () => {
    const patch = (
      s: GraphServer,
      id: string,
      body: object | string,
      headers?: Record<string, string>,
      token?: string,
    ) => call(s, `/v1.0/users/${id}`, { method: 'PATCH', body, headers, token });
    const profile = (password: string) => ({ passwordProfile: { password, forceChangePasswordNextSignIn: true } });

    it('204, recorded, password and lastPasswordChangeDateTime changed', async () => {
      const before = Date.now();
      const r = await patch(server, FIXED_USERS.alainCharon, profile(GOOD_PASSWORD));
      assert.equal(r.res.status, 204);
      assert.equal(r.text, '');
      const rec = server.resets.at(-1)!;
      assert.deepEqual(
        { ...rec, at: 0 },
        {
          userId: FIXED_USERS.alainCharon,
          password: GOOD_PASSWORD,
          forceChangePasswordNextSignIn: true,
          method: 'passwordProfile',
          at: 0,
        },
      );
      assert.ok(rec.at >= before);
      assert.equal(server.users.get(FIXED_USERS.alainCharon)!.password, GOOD_PASSWORD);
      const after = await call(server, `/v1.0/users/${FIXED_USERS.alainCharon}?$select=lastPasswordChangeDateTime`);
      assert.ok(Date.parse(after.body!.lastPasswordChangeDateTime) >= Math.floor(before / 1000) * 1000);
      // A Helpdesk Administrator target is fine for a User Administrator.
      assert.equal((await patch(server, FIXED_USERS.harperHelpdesk, profile(GOOD_PASSWORD))).res.status, 204);
      assert.equal((await patch(server, FIXED_USERS.danaDisabled, { accountEnabled: true })).res.status, 204);
      assert.equal(server.users.get(FIXED_USERS.danaDisabled)!.accountEnabled, true);
    });

    it('403 for a Global Administrator target when the caller is a User Administrator; allowed for a PAA', async () => {
      const n = server.resets.length;
      assertGraphError(
        await patch(server, FIXED_USERS.gloriaGlobal, profile(GOOD_PASSWORD)),
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
      assertGraphError(
        await patch(server, FIXED_USERS.patPrivileged, profile(GOOD_PASSWORD)),
        403,
        'Authorization_RequestDenied',
      );
      assert.equal(server.resets.length, n);
      const paa = server.issueDelegatedToken(FIXED_USERS.patPrivileged);
      assert.equal(
        (await patch(server, FIXED_USERS.gloriaGlobal, profile(GOOD_PASSWORD), undefined, paa)).res.status,
        204,
      );
    });

    it('400 for a synced user and for a password that fails complexity', async () => {
      assertGraphError(
        await patch(server, FIXED_USERS.samSynced, profile(GOOD_PASSWORD)),
        400,
        'Request_BadRequest',
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      );
      for (const weak of [WEAK_PASSWORD, 'Short1!', 'Pässword-123', `Aa1-${'x'.repeat(253)}`]) {
        assertGraphError(
          await patch(server, FIXED_USERS.seanOBrien, profile(weak)),
          400,
          'Request_BadRequest',
          'The specified password does not comply with password complexity requirements. Please provide a different password.',
        );
      }
    });

    it('needs application/json and valid JSON', async () => {
      const wrongType = await patch(server, FIXED_USERS.seanOBrien, JSON.stringify(profile(GOOD_PASSWORD)), {
        'content-type': 'text/plain',
      });
      assert.equal(wrongType.res.status, 415);
      assertGraphError(await patch(server, FIXED_USERS.seanOBrien, '{"passwordProfile":'), 400, 'Request_BadRequest');
      assertGraphError(
        await patch(server, FIXED_USERS.seanOBrien, { passwordProfile: { password: 42 } }),
        400,
        'Request_BadRequest',
      );
      assertGraphError(await patch(server, FIXED_USERS.seanOBrien, { roles: [] }), 400, 'Request_BadRequest');
    });

    it("app-only tokens use the app's roles", async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT), appRoles: ['Helpdesk Administrator'] });
      const app = await appToken(s);
      assert.equal((await patch(s, FIXED_USERS.alainCharon, profile(GOOD_PASSWORD), undefined, app)).res.status, 204);
      assertGraphError(
        await patch(s, FIXED_USERS.demoOperator, profile(GOOD_PASSWORD), undefined, app),
        403,
        'Authorization_RequestDenied',
      );
    });
  });

  describe('POST .../authentication/methods/{password}/resetPassword', () => {
    const resetUrl = (id: string) => `/v1.0/users/${id}/authentication/methods/${PASSWORD_METHOD}/resetPassword`;

    it('system-generated: 202 + Location + Retry-After, polls running then succeeded, then recorded', async () => {
      const s = await startExtra({
        users: seedUsers(FIXED_USER_COUNT),
        operationPolls: 2,
        operationRetryAfter: '0.25',
      });
      const r = await call(s, resetUrl(FIXED_USERS.alainCharon), { method: 'POST' });
      assert.equal(r.res.status, 202);
      assert.equal(r.res.headers.get('retry-after'), '0.25');
      const location = r.res.headers.get('location')!;
      assert.match(
        location,
        new RegExp(`^${s.url}/v1\\.0/users/${FIXED_USERS.alainCharon}/authentication/operations/[0-9a-f-]{36}$`),
      );
      assert.equal(r.body!['@odata.context'], `${s.url}/v1.0/$metadata#microsoft.graph.passwordResetResponse`);
      const pw = r.body!.newPassword as string;
      assert.match(pw, /^[A-Z][a-z]{3}\d{4}$/);
      assert.equal(checkEntraPasswordPolicy(pw), undefined);
      assert.equal(s.resets.length, 0, 'not applied before the operation succeeds');

      for (let i = 0; i < 2; i++) {
        const poll = await call(s, location);
        assert.equal(poll.res.status, 200);
        assert.equal(poll.body!.status, 'running');
        assert.equal(poll.res.headers.get('retry-after'), '0.25');
        assert.equal(poll.body!.statusDetail, null);
        assert.equal(s.users.get(FIXED_USERS.alainCharon)!.password, seedUsers(1)[0].password);
      }
      const done = await call(s, location);
      assert.equal(done.body!.status, 'succeeded');
      assert.equal(done.res.headers.get('retry-after'), null);
      for (const k of ['id', 'createdDateTime', 'lastActionDateTime', 'resourceLocation'])
        assert.ok(k in done.body!, k);
      assert.equal(s.resets.length, 1);
      assert.deepEqual(
        { ...s.resets[0], at: 0 },
        {
          userId: FIXED_USERS.alainCharon,
          password: pw,
          forceChangePasswordNextSignIn: true,
          method: 'resetPassword',
          at: 0,
        },
      );
      assert.equal(s.users.get(FIXED_USERS.alainCharon)!.password, pw);
      assert.equal((await call(s, location)).body!.status, 'succeeded');
      assert.equal(s.resets.length, 1, 'recorded once');
      assertGraphError(
        await call(s, `/v1.0/users/${FIXED_USERS.alainCharon}/authentication/operations/${FIXED_USERS.alainCharon}`),
        404,
        'Request_ResourceNotFound',
      );
    });

    it('with newPassword: 202 and body {}; weak password 400', async () => {
      const r = await call(server, resetUrl(FIXED_USERS.seanOBrien), {
        method: 'POST',
        body: { newPassword: GOOD_PASSWORD },
      });
      assert.equal(r.res.status, 202);
      assert.deepEqual(r.body, {});
      assert.equal((await call(server, r.res.headers.get('location')!)).body!.status, 'running');
      assert.equal((await call(server, r.res.headers.get('location')!)).body!.status, 'succeeded');
      assert.equal(server.resets.at(-1)!.password, GOOD_PASSWORD);
      assertGraphError(
        await call(server, resetUrl(FIXED_USERS.seanOBrien), { method: 'POST', body: { newPassword: WEAK_PASSWORD } }),
        400,
        'Request_BadRequest',
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    });

    it("refuses app-only tokens, the caller's own account, privileged targets, synced targets without newPassword", async () => {
      assertGraphError(
        await call(server, resetUrl(FIXED_USERS.alainCharon), { method: 'POST', token: await appToken(server) }),
        403,
        'Authorization_RequestDenied',
      );
      assertGraphError(
        await call(server, resetUrl(FIXED_USERS.demoOperator), { method: 'POST' }),
        400,
        'Request_BadRequest',
      );
      assertGraphError(
        await call(server, resetUrl(FIXED_USERS.gloriaGlobal), { method: 'POST' }),
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
      assertGraphError(
        await call(server, resetUrl(FIXED_USERS.samSynced), { method: 'POST', body: {} }),
        400,
        'Request_BadRequest',
      );
      // Sam's on-premises directory has password writeback off: refused as Graph refuses writes to such users.
      assertGraphError(
        await call(server, resetUrl(FIXED_USERS.samSynced), { method: 'POST', body: { newPassword: GOOD_PASSWORD } }),
        400,
        'Request_BadRequest',
        /on-premises mastered Directory Sync objects/,
      );
      const withWriteback = [...server.users.values()].find(
        (u) => u.onPremisesSyncEnabled === true && u.passwordWriteback !== false,
      )!;
      assert.equal(
        (await call(server, resetUrl(withWriteback.id), { method: 'POST', body: { newPassword: GOOD_PASSWORD } })).res
          .status,
        202,
      );
    });

    it('failOperations ends in failed with a statusDetail, nothing applied', async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT), operationPolls: 0, failOperations: true });
      const r = await call(s, resetUrl(FIXED_USERS.alainCharon), { method: 'POST' });
      const poll = await call(s, r.res.headers.get('location')!);
      assert.equal(poll.body!.status, 'failed');
      assert.equal(typeof poll.body!.statusDetail, 'string');
      assert.equal(s.resets.length, 0);
    });
  });

  describe('faults, throttling and the request log', () => {
    it('a status fault is served once (or `times`), for the matching method and path only', async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT) });
      s.injectFault({
        method: 'GET',
        path: /\/v1\.0\/users$/,
        times: 2,
        response: {
          status: 503,
          headers: { 'Retry-After': '1' },
          body: { error: { code: 'ServiceUnavailable', message: 'down' } },
        },
      });
      assert.equal((await call(s, '/v1.0/me')).res.status, 200, 'other path');
      const a = await call(s, '/v1.0/users?$top=1');
      assertGraphError(a, 503, 'ServiceUnavailable', 'down');
      assert.equal(a.res.headers.get('retry-after'), '1');
      assert.equal((await call(s, '/v1.0/users')).res.status, 503);
      assert.equal((await call(s, '/v1.0/users')).res.status, 200);
    });

    it('reset, hang and resetMidBody break the connection', async () => {
      const s = await startExtra({ users: seedUsers(200) });
      s.injectFault({ path: /\/users/, response: { kind: 'reset' } });
      await assert.rejects(call(s, '/v1.0/users'));
      s.injectFault({ response: { kind: 'hang' } });
      await assert.rejects(call(s, '/v1.0/users', { signal: AbortSignal.timeout(150) }));
      s.injectFault({ response: { kind: 'resetMidBody' } });
      const res = await fetch(`${s.url}/v1.0/users`, { headers: { authorization: `Bearer ${s.delegatedToken}` } });
      assert.equal(res.status, 200);
      await assert.rejects(res.text());
      assert.equal((await call(s, '/v1.0/users')).res.status, 200, 'back to normal');
    });

    it('resetMidBody processes the request before breaking the answer (outcome unknown)', async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT) });
      s.injectFault({ method: 'POST', path: /resetPassword$/, response: { kind: 'resetMidBody' } });
      const res = await fetch(
        `${s.url}/v1.0/users/${FIXED_USERS.alainCharon}/authentication/methods/${PASSWORD_METHOD}/resetPassword`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${s.delegatedToken}` },
        },
      );
      assert.equal(res.status, 202);
      await assert.rejects(res.text());
    });

    it('throttle: every Nth /v1.0 request is 429 TooManyRequests with Retry-After', async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT), throttle: { every: 3, retryAfter: '0.5' } });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await call(s, '/v1.0/users?$top=1');
        statuses.push(r.res.status);
        if (r.res.status === 429) {
          assertGraphError(r, 429, 'TooManyRequests');
          assert.equal(r.res.headers.get('retry-after'), '0.5');
        }
      }
      assert.deepEqual(statuses, [200, 200, 429, 200, 200, 429]);
    });

    it('latencyMs delays every answer', async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT), latencyMs: 60 });
      const t = performance.now();
      assert.equal((await call(s, '/v1.0/me')).res.status, 200);
      assert.ok(performance.now() - t >= 55);
    });

    it('records requests without the authorization header', async () => {
      const s = await startExtra({ users: seedUsers(FIXED_USER_COUNT) });
      await call(s, `/v1.0/users?${qs({ $select: 'id', $top: '2' })}`, { headers: { 'client-request-id': 'x1' } });
      const rec = s.requests.at(-1)!;
      assert.equal(rec.method, 'GET');
      assert.equal(rec.path, '/v1.0/users');
      assert.deepEqual(rec.query, { $select: 'id', $top: '2' });
      assert.equal(rec.search, '?$select=id&$top=2');
      assert.equal(rec.status, 200);
      assert.equal(rec.headers['client-request-id'], 'x1');
      assert.equal(rec.headers.authorization, undefined);
      assert.ok(!JSON.stringify(s.requests).includes(s.delegatedToken));
      s.clearRequests();
      assert.equal(s.requests.length, 0);
    });
  });

  describe('startDemoDirectory', () => {
    it('serves 2,500 seeded users by default', async () => {
      const s = await startDemoDirectory();
      extra.push(s);
      const r = await call(s, '/v1.0/users?$count=true&$top=1&$select=id', {
        headers: { ConsistencyLevel: 'eventual' },
      });
      assert.equal(r.body!['@odata.count'], 2500);
    });
  });

  describe('scale', () => {
    it('pages 100,000 users with $top=999 quickly', async () => {
      const s = await startExtra({ users: seedUsers(100_000) });
      const t = performance.now();
      const pages = await walk(s, `/v1.0/users?${qs({ $select: 'id,displayName,userPrincipalName', $top: '999' })}`);
      assert.equal(
        pages.reduce((n, p) => n + p.value.length, 0),
        100_000,
      );
      assert.ok(performance.now() - t < 4000, `${performance.now() - t} ms`);
    });
  });
});
