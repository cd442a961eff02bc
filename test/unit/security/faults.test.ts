// Faults: a test directory told to misbehave (throttling, dropped connections, a server that never answers,
// broken bodies, link tricks, long-running operations that fail or never end), over real HTTP on 127.0.0.1.
// Each case must end in a correct state with a plain message, and show nothing the server did not confirm.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { DirectoryError } from '../../../src/directory/errors';
import { LIST_FIELDS } from '../../../src/directory/graph/graphQuery';
import { queryString } from '../../../src/directory/kit/answers';
import type { DirectoryUser } from '../../../src/directory/types';
import { directoryFixture, errorBody, kind } from '../../support/directoryFixture';

const USERS_PATH = /^\/v1\.0\/users$/;
const RESET_POST = /\/resetPassword$/;
const OPERATION = /\/authentication\/operations\//;

describe('Security: faults', function () {
  this.timeout(15_000);
  const fx = directoryFixture();
  const alain = async (provider = fx.delegated()): Promise<DirectoryUser> => provider.getUser(FIXED_USERS.alainCharon);
  const patches = () => fx.graphRequests().filter((r) => r.method === 'PATCH');
  const resetPosts = () => fx.graphRequests().filter((r) => r.method === 'POST' && RESET_POST.test(r.path));

  describe('throttling and unavailable answers', () => {
    const httpDate = (msAhead: number) => new Date(Date.now() + msAhead).toUTCString();
    // Arrival times are whole milliseconds and Node's timers may fire up to 1 ms early by Date.now(), so each
    // bound is the wait asked for less that 1 ms of clock granularity (the backoff here is 20 ms).
    const cases: Array<{ status: number; retryAfter?: () => string; atLeastMs: number; label: string }> = [
      { status: 429, label: 'no Retry-After (backoff)', atLeastMs: 19 },
      { status: 429, retryAfter: () => '1', label: 'integer Retry-After "1"', atLeastMs: 990 },
      { status: 429, retryAfter: () => '0.25', label: 'fractional Retry-After "0.25"', atLeastMs: 245 },
      { status: 429, retryAfter: () => httpDate(1500), label: 'HTTP-date Retry-After', atLeastMs: 450 },
      { status: 503, label: 'no Retry-After (backoff)', atLeastMs: 19 },
      { status: 503, retryAfter: () => '0.3', label: 'fractional Retry-After "0.3"', atLeastMs: 295 },
      { status: 504, label: 'no Retry-After (backoff)', atLeastMs: 19 },
      { status: 504, retryAfter: () => httpDate(1500), label: 'HTTP-date Retry-After', atLeastMs: 450 },
    ];
    for (const c of cases) {
      it(`waits out ${c.status} with ${c.label}, then succeeds`, async () => {
        const provider = fx.delegated();
        fx.server.injectFault({
          method: 'GET',
          path: USERS_PATH,
          response: {
            status: c.status,
            headers: c.retryAfter ? { 'retry-after': c.retryAfter() } : {},
            body: errorBody('x'),
          },
        });
        const page = await provider.listUsers({ pageSize: 5 });
        assert.equal(page.users.length, 5);
        const [refused, retried] = fx.graphRequests();
        assert.equal(refused.status, c.status);
        assert.equal(retried.status, 200);
        const waited = retried.at - refused.at;
        assert.ok(waited >= c.atLeastMs, `retried after ${waited} ms, expected at least ${c.atLeastMs}`);
        assert.ok(waited < c.atLeastMs + 1500, `retried after ${waited} ms`);
      });
    }

    for (const [status, expected] of [
      [429, 'throttled'],
      [503, 'unavailable'],
      [504, 'unavailable'],
    ] as const) {
      it(`gives up on ${status} after a bounded number of retries, in plain words`, async () => {
        const provider = fx.delegated({ http: { maxRetries: 2, backoffMs: 1 } });
        fx.server.injectFault({
          method: 'GET',
          times: 10,
          response: { status, headers: { 'retry-after': '0.01' }, body: errorBody('x') },
        });
        await assert.rejects(provider.listUsers({ pageSize: 5 }), kind(expected, /try again/i));
        assert.equal(fx.graphRequests().length, 3, 'one request and two retries');
      });
    }

    it('caps a huge Retry-After at the longest wait it allows', async () => {
      const provider = fx.delegated({ http: { maxRetryDelayMs: 50 } });
      fx.server.injectFault({
        method: 'GET',
        response: { status: 429, headers: { 'retry-after': '86400' }, body: errorBody('TooManyRequests') },
      });
      const started = Date.now();
      await provider.listUsers({ pageSize: 1 });
      assert.ok(Date.now() - started < 1000);
    });
  });

  describe('cancellation at any point', () => {
    it('before sending: nothing reaches the directory', async () => {
      const provider = fx.delegated();
      const abort = new AbortController();
      abort.abort();
      await assert.rejects(provider.listUsers({ pageSize: 1, signal: abort.signal }), kind('cancelled'));
      assert.equal(fx.server.requests.length, 0);
    });

    it('while waiting out a Retry-After', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({
        method: 'GET',
        response: { status: 429, headers: { 'retry-after': '30' }, body: errorBody('x') },
      });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      const started = Date.now();
      await assert.rejects(provider.listUsers({ pageSize: 1, signal: abort.signal }), kind('cancelled'));
      assert.ok(Date.now() - started < 1000);
      assert.equal(fx.graphRequests().length, 1, 'no retry after the cancel');
    });

    it('while waiting for an answer that never comes', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({ method: 'GET', response: { kind: 'hang' } });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      const started = Date.now();
      await assert.rejects(provider.listUsers({ pageSize: 1, signal: abort.signal }), kind('cancelled'));
      assert.ok(Date.now() - started < 1000);
    });

    it('while the body streams in and stalls', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({ method: 'GET', response: { kind: 'stallMidBody' } });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      await assert.rejects(provider.listUsers({ pageSize: 20, signal: abort.signal }), kind('cancelled'));
    });
  });

  // undici checks its socket timeouts on a ~1 s tick, so a 150 ms timeout fires after about a second.
  describe('dropped connections and servers that never answer', () => {
    it('retries a GET whose connection dropped before the answer, then succeeds', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({ method: 'GET', path: USERS_PATH, response: { kind: 'reset' } });
      const page = await provider.listUsers({ pageSize: 5 });
      assert.equal(page.users.length, 5);
      assert.equal(fx.graphRequests().length, 2);
    });

    it('retries a GET whose connection dropped mid-body, then succeeds', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({ method: 'GET', path: USERS_PATH, response: { kind: 'resetMidBody' } });
      const page = await provider.listUsers({ pageSize: 50 });
      assert.equal(page.users.length, 50);
      assert.equal(fx.graphRequests().length, 2);
    });

    it('times out a server that never answers (headers timeout), retries once, then says it cannot reach it', async () => {
      const provider = fx.delegated({ http: { headersTimeoutMs: 150 } });
      fx.server.injectFault({ method: 'GET', times: 5, response: { kind: 'hang' } });
      const started = Date.now();
      await assert.rejects(
        provider.listUsers({ pageSize: 5 }),
        kind('unavailable', /Could not reach the directory.*no answer.*Check your network/s),
      );
      assert.equal(fx.graphRequests().length, 2, 'a timeout is retried once, not maxRetries times');
      assert.ok(Date.now() - started < 3000);
    });

    it('times out an answer that stalls mid-body (body timeout)', async () => {
      const provider = fx.delegated({ http: { bodyTimeoutMs: 150, maxRetries: 0 } });
      fx.server.injectFault({ method: 'GET', times: 5, response: { kind: 'stallMidBody' } });
      await assert.rejects(provider.listUsers({ pageSize: 50 }), kind('unavailable', /answer stalled/));
      assert.equal(fx.graphRequests().length, 1);
    });

    it('times out a connection that never completes (connect timeout) and says the reset was not sent', async () => {
      // A TCP server that accepts but never speaks TLS: the https connection never completes.
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((s) => sockets.add(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      try {
        const port = (silent.address() as net.AddressInfo).port;
        const provider = fx.delegated({
          graphEndpoint: `https://127.0.0.1:${port}`,
          tokenSource: { delegated: false, getToken: async () => 'token-for-a-silent-server' },
          http: { connectTimeoutMs: 150, maxRetries: 1 },
        });
        const user: DirectoryUser = {
          id: 'u1',
          displayName: 'Someone',
          signInName: 'someone@example.test',
          source: 'cloud',
        };
        const started = Date.now();
        await assert.rejects(provider.resetPassword(user), (e: DirectoryError) => {
          assert.equal(e.kind, 'unavailable', 'never connected: not "outcome unknown"');
          assert.match(e.message, /connect timeout/);
          assert.equal(e.details.mayHaveArrived, false);
          return true;
        });
        assert.ok(Date.now() - started < 3000);
        assert.equal(sockets.size, 2, 'a request that surely never left may be sent again, even a reset');
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((r) => silent.close(r));
      }
    });
  });

  describe('broken answers', () => {
    const bad = (status: number, body: string | object | undefined, headers: Record<string, string> = {}) =>
      fx.server.injectFault({ method: 'GET', path: USERS_PATH, response: { status, headers, body } });

    it('malformed JSON with 200 is a plain "bad answer"', async () => {
      bad(200, '{"value": [ {"id": "x", ', { 'content-type': 'application/json' });
      await assert.rejects(
        fx.delegated().listUsers({ pageSize: 5 }),
        kind('badResponse', /answered 200 with text that is not JSON.*refresh/s),
      );
    });

    it('an empty body with 200 is a plain "bad answer"', async () => {
      bad(200, undefined);
      await assert.rejects(
        fx.delegated().listUsers({ pageSize: 5 }),
        kind('badResponse', /answered 200 with an empty body/),
      );
    });

    it("a proxy's HTML page, with 200 or 502, is named as a web page", async () => {
      bad(200, '<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>', { 'content-type': 'text/html' });
      await assert.rejects(
        fx.delegated().listUsers({ pageSize: 5 }),
        kind('badResponse', /answered 200 with a web page.*proxy/s),
      );
      bad(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
      await assert.rejects(
        fx.delegated().listUsers({ pageSize: 5 }),
        kind('badResponse', /answered 502 with a web page/),
      );
    });

    it('JSON of the wrong shape is a plain "bad answer"', async () => {
      for (const body of ['[]', 'null', '"text"', '{"value": "not a list"}', '{"value": [{"displayName": "no id"}]}']) {
        bad(200, body, { 'content-type': 'application/json' });
        await assert.rejects(fx.delegated().listUsers({ pageSize: 5 }), kind('badResponse'), body);
      }
    });

    it('an error status with an empty body still gets a plain message', async () => {
      bad(500, undefined);
      await assert.rejects(
        fx.delegated({ http: { maxRetries: 0 } }).listUsers({ pageSize: 5 }),
        kind('unavailable', /temporarily unavailable \(HTTP 500\)/),
      );
    });

    it('abandons an answer larger than the limit instead of reading it all', async () => {
      const provider = fx.delegated({ http: { maxBodyBytes: 2048 } });
      await assert.rejects(provider.listUsers({ pageSize: 50 }), kind('badResponse', /larger than 2 KiB/));
    });

    it('does not follow a redirect, so the token never goes to its Location', async () => {
      const elsewhere = net.createServer((s) => s.destroy());
      await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
      let connections = 0;
      elsewhere.on('connection', () => connections++);
      try {
        const target = `http://127.0.0.1:${(elsewhere.address() as net.AddressInfo).port}/v1.0/users`;
        bad(302, undefined, { location: target });
        await assert.rejects(fx.delegated().listUsers({ pageSize: 5 }), kind('badRequest', /HTTP 302/));
        assert.equal(connections, 0);
      } finally {
        await new Promise((r) => elsewhere.close(r));
      }
    });
  });

  describe('paging', () => {
    const firstLink = (top: number) =>
      `${fx.server.url}/v1.0/users?${queryString({ $select: LIST_FIELDS.join(','), $top: top })}`;
    const page = (id: string, next?: string) => ({
      status: 200,
      body: { value: [{ id, displayName: `User ${id}` }], ...(next ? { '@odata.nextLink': next } : {}) },
    });
    const link = (token: string) => `${fx.server.url}/v1.0/users?$top=1&$skiptoken=${token}`;

    it('refuses a nextLink to another host before following it', async () => {
      for (const other of [
        'https://graph.microsoft.com.evil.example/v1.0/users',
        'http://127.0.0.2:9/v1.0/users',
        '//evil.example/v1.0/users',
      ]) {
        fx.server.injectFault({ method: 'GET', response: page('a', other) });
        await assert.rejects(
          fx.delegated().listUsers({ pageSize: 1 }),
          kind('badResponse', /link to another server.*not followed/s),
          other,
        );
      }
      assert.equal(fx.graphRequests().length, 3, 'only the first pages were requested');
    });

    it('detects a nextLink loop back to the first page (three pages long)', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({ method: 'GET', response: page('a', link('B')) });
      fx.server.injectFault({ method: 'GET', response: page('b', link('C')) });
      fx.server.injectFault({ method: 'GET', response: page('c', firstLink(1)) });
      let p = await provider.listUsers({ pageSize: 1 });
      p = await provider.listUsers({ pageSize: 1, cursor: p.nextCursor });
      await assert.rejects(
        provider.listUsers({ pageSize: 1, cursor: p.nextCursor }),
        kind('badResponse', /already sent \(after 3 pages\).*loop/s),
      );
    });

    it('detects a nextLink loop between later pages (A -> B -> C -> B)', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({ method: 'GET', response: page('a', link('B')) });
      fx.server.injectFault({ method: 'GET', response: page('b', link('C')) });
      fx.server.injectFault({ method: 'GET', response: page('c', link('B')) });
      let p = await provider.listUsers({ pageSize: 1 });
      p = await provider.listUsers({ pageSize: 1, cursor: p.nextCursor });
      await assert.rejects(provider.listUsers({ pageSize: 1, cursor: p.nextCursor }), kind('badResponse', /loop/));
    });

    it('detects a page that links to itself, however the link is spelt', async () => {
      fx.server.injectFault({ method: 'GET', response: page('a', firstLink(1).replace(fx.server.url, '')) });
      await assert.rejects(fx.delegated().listUsers({ pageSize: 1 }), kind('badResponse', /loop/));
    });

    it('a page of 999 users arrives whole, and the next page follows', async () => {
      await fx.restart({ users: seedUsers(1200, 3) });
      const provider = fx.delegated();
      const first = await provider.listUsers({ pageSize: 999 });
      assert.equal(first.users.length, 999);
      assert.equal(new Set(first.users.map((u) => u.id)).size, 999);
      assert.ok(first.nextCursor);
      const second = await provider.listUsers({ pageSize: 999, cursor: first.nextCursor });
      assert.equal(second.users.length, 201);
      assert.equal(second.nextCursor, undefined);
    });

    it('a page of 0 users is an empty page, not an error, with or without a nextLink', async () => {
      await fx.restart({ users: [] });
      const empty = await fx.delegated().listUsers({ pageSize: 100 });
      assert.deepEqual(empty.users, []);
      assert.equal(empty.nextCursor, undefined);
      fx.server.injectFault({
        method: 'GET',
        response: { status: 200, body: { value: [], '@odata.nextLink': link('Z') } },
      });
      const emptyWithMore = await fx.delegated().listUsers({ pageSize: 100 });
      assert.deepEqual(emptyWithMore.users, []);
      assert.ok(emptyWithMore.nextCursor, 'Graph may send an empty page before the last one');
    });
  });

  describe('a reset whose outcome is unknown', () => {
    const unknownOutcome = kind(
      'outcomeUnknown',
      /unknown whether the password.*no temporary password is shown.*last password change/s,
    );

    it('PATCH: the connection drops before an answer -> outcome unknown, sent once, no password', async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      fx.server.injectFault({ method: 'PATCH', response: { kind: 'reset' } });
      await assert.rejects(provider.resetPassword(user), unknownOutcome);
      assert.equal(patches().length, 1, 'a reset that may have arrived is never repeated by itself');
    });

    it('PATCH: applied, but the answer is cut -> outcome unknown although the directory changed it', async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      fx.server.injectFault({ method: 'PATCH', response: { kind: 'resetMidBody' } });
      await assert.rejects(provider.resetPassword(user), unknownOutcome);
      assert.equal(fx.server.resets.length, 1, 'the directory did apply it: only the person can find out');
      assert.equal(patches().length, 1);
    });

    it('PATCH: no answer before the headers timeout -> outcome unknown, not resent', async () => {
      const provider = fx.appOnly({ http: { headersTimeoutMs: 150 } });
      const user = await alain(provider);
      fx.server.injectFault({ method: 'PATCH', response: { kind: 'hang' } });
      await assert.rejects(provider.resetPassword(user), unknownOutcome);
      assert.equal(patches().length, 1);
    });

    for (const [status, body] of [
      [504, errorBody('GatewayTimeout')],
      [502, '<html><body>502 Bad Gateway</body></html>'],
      [500, errorBody('UnknownError')],
    ] as const) {
      it(`PATCH: HTTP ${status} -> outcome unknown, not resent`, async () => {
        const provider = fx.appOnly();
        const user = await alain(provider);
        fx.server.injectFault({ method: 'PATCH', response: { status, body } });
        await assert.rejects(provider.resetPassword(user), unknownOutcome);
        assert.equal(patches().length, 1);
      });
    }

    it('PATCH: 503 and 429 say "not processed", so the same confirmed reset is sent again with the same password', async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      fx.server.injectFault({
        method: 'PATCH',
        response: { status: 503, headers: { 'retry-after': '0.01' }, body: errorBody('serviceNotAvailable') },
      });
      fx.server.injectFault({
        method: 'PATCH',
        response: { status: 429, headers: { 'retry-after': '0.01' }, body: errorBody('TooManyRequests') },
      });
      const result = await provider.resetPassword(user);
      assert.equal(patches().length, 3);
      assert.equal(fx.server.resets.length, 1);
      assert.equal(fx.server.resets[0].password, result.temporaryPassword);
    });

    it('PATCH: cancelled while on its way -> outcome unknown; cancelled before sending -> plain cancel', async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      fx.server.injectFault({ method: 'PATCH', response: { kind: 'hang' } });
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 100);
      await assert.rejects(
        provider.resetPassword(user, { signal: abort.signal }),
        kind('outcomeUnknown', /You cancelled while the reset request was on its way/),
      );
      fx.server.clearRequests();
      await assert.rejects(provider.resetPassword(user, { signal: AbortSignal.abort() }), kind('cancelled'));
      assert.equal(patches().length, 0);
    });

    const signInPage = '<!DOCTYPE html><html><body><form action="/sso">Sign in to continue</form></body></html>';
    const notAnAnswer = (what: RegExp) =>
      kind(
        'outcomeUnknown',
        new RegExp(
          `${what.source}[^,]*, not a confirmation.*unknown whether the password.*no temporary password is shown.*last password change`,
          's',
        ),
      );

    it("PATCH: a 2xx that is not Graph's answer (a gateway's 200 sign-in page, 200 without this user, 201, 202) -> outcome unknown naming what arrived, no password", async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      const cases: Array<[{ status: number; headers?: Record<string, string>; body?: string | object }, RegExp]> = [
        [
          { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: signInPage },
          /HTTP 200 with a web page \(text\/html\)/,
        ],
        [
          { status: 200, body: { id: FIXED_USERS.seanOBrien, displayName: 'Someone else' } },
          /HTTP 200 with JSON that is not this user \(application\/json\)/,
        ],
        [{ status: 200, body: { value: [] } }, /HTTP 200 with JSON that is not this user/],
        [{ status: 200 }, /HTTP 200 with an empty body \(no content type\)/],
        [{ status: 201, body: { id: user.id } }, /HTTP 201 with JSON \(application\/json\)/],
        [
          { status: 202, headers: { 'content-type': 'text/html' }, body: signInPage },
          /HTTP 202 with a web page \(text\/html\)/,
        ],
      ];
      for (const [response, what] of cases) {
        fx.server.clearRequests();
        fx.server.injectFault({ method: 'PATCH', response });
        await assert.rejects(provider.resetPassword(user), notAnAnswer(what), JSON.stringify(response));
        assert.equal(patches().length, 1, 'sent once, never repeated by itself');
      }
      assert.equal(fx.server.resets.length, 0, 'the directory never took a password');
    });

    it("PATCH: Graph's own answers are a success: 204, or 200 with this user's JSON", async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      await provider.resetPassword(user);
      fx.server.injectFault({
        method: 'PATCH',
        response: { status: 200, body: { id: user.id.toUpperCase(), displayName: user.displayName } },
      });
      const result = await provider.resetPassword(user);
      assert.ok(result.temporaryPassword);
    });

    it("resetPassword: a 2xx that is not Graph's answer (a 200 sign-in page, 204, 201 with a password, 202 as a web page) -> outcome unknown naming what arrived", async () => {
      const provider = fx.delegated();
      const user = await alain(provider);
      const cases: Array<[{ status: number; headers?: Record<string, string>; body?: string | object }, RegExp]> = [
        [
          { status: 200, headers: { 'content-type': 'text/html' }, body: signInPage },
          /HTTP 200 with a web page \(text\/html\)/,
        ],
        [
          { status: 200, body: { status: 'succeeded' } },
          /HTTP 200 with JSON without a temporary password \(application\/json\)/,
        ],
        [{ status: 204 }, /HTTP 204 with an empty body \(no content type\)/],
        [{ status: 201, body: { newPassword: 'Abcd1234!xyz' } }, /HTTP 201 with JSON \(application\/json\)/],
        [
          {
            status: 202,
            headers: {
              'content-type': 'text/html',
              location: `${fx.server.url}/v1.0/users/x/authentication/operations/1`,
            },
            body: signInPage,
          },
          /HTTP 202 with a web page/,
        ],
      ];
      for (const [response, what] of cases) {
        fx.server.clearRequests();
        fx.server.injectFault({ method: 'POST', path: RESET_POST, response });
        await assert.rejects(provider.resetPassword(user), notAnAnswer(what), JSON.stringify(response));
        assert.equal(resetPosts().length, 1);
        assert.equal(fx.graphRequests().filter((r) => OPERATION.test(r.path)).length, 0, 'nothing polled');
      }
      assert.equal(fx.server.resets.length, 0);
    });

    it('after an unknown outcome, a new attempt (after a new confirmation) sends a new password, once', async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      fx.server.injectFault({ method: 'PATCH', response: { kind: 'resetMidBody' } });
      await assert.rejects(provider.resetPassword(user), kind('outcomeUnknown'));
      const first = fx.server.resets[0].password;
      const again = await provider.resetPassword(user);
      assert.equal(patches().length, 2);
      assert.notEqual(again.temporaryPassword, first);
      assert.equal(fx.server.resets[1].password, again.temporaryPassword);
    });

    it('resetPassword: the answer carrying the password is cut -> outcome unknown', async () => {
      const provider = fx.delegated();
      const user = await alain(provider);
      fx.server.injectFault({ method: 'POST', path: RESET_POST, response: { kind: 'resetMidBody' } });
      await assert.rejects(provider.resetPassword(user), unknownOutcome);
      assert.equal(resetPosts().length, 1);
    });

    it('resetPassword: 202 without a Location to check -> outcome unknown', async () => {
      const provider = fx.delegated();
      const user = await alain(provider);
      fx.server.injectFault({
        method: 'POST',
        path: RESET_POST,
        response: { status: 202, body: { newPassword: 'Abcd1234!x' } },
      });
      await assert.rejects(provider.resetPassword(user), kind('outcomeUnknown', /no way to check/));
    });

    it('resetPassword: a Location on another host is not polled (no token sent there) -> outcome unknown', async () => {
      const provider = fx.delegated();
      const user = await alain(provider);
      fx.server.injectFault({
        method: 'POST',
        path: RESET_POST,
        response: {
          status: 202,
          headers: { location: 'https://evil.example/op/1', 'retry-after': '0.01' },
          body: { newPassword: 'Abcd1234!x' },
        },
      });
      await assert.rejects(provider.resetPassword(user), kind('outcomeUnknown', /link to another server/));
      assert.equal(fx.graphRequests().filter((r) => OPERATION.test(r.path)).length, 0);
    });

    it('resetPassword: an operation that ends in "failed" says so, shows no password, and names the next step', async () => {
      await fx.restart({ failOperations: true, operationRetryAfter: '0.01' });
      const provider = fx.delegated();
      await assert.rejects(
        provider.resetPassword(await alain(provider)),
        kind('badRequest', /could not reset the password.*old password still works/s),
      );
      assert.equal(fx.server.resets.length, 0);
    });

    it('resetPassword: an operation that never finishes is polled a bounded number of times, then outcome unknown', async () => {
      await fx.restart({ operationPolls: 1_000_000, operationRetryAfter: '0.01' });
      const provider = fx.delegated({ maxPolls: 4 });
      await assert.rejects(
        provider.resetPassword(await alain(provider)),
        kind('outcomeUnknown', /had not confirmed the reset after 4 checks.*Microsoft Entra admin center/s),
      );
      assert.equal(fx.graphRequests().filter((r) => OPERATION.test(r.path)).length, 4);
    });

    it('resetPassword: polling is bounded in time too, whatever Retry-After says', async () => {
      await fx.restart({ operationPolls: 1_000_000, operationRetryAfter: '3600' });
      const provider = fx.delegated({ maxPollTimeMs: 300, maxPollDelayMs: 100 });
      const started = Date.now();
      await assert.rejects(
        provider.resetPassword(await alain(provider)),
        kind('outcomeUnknown', /had not confirmed the reset after 0\.3 seconds/),
      );
      assert.ok(Date.now() - started < 2000, 'a Retry-After of an hour is capped');
    });

    for (const [label, response] of [
      ['is gone (404)', { status: 404, body: errorBody('Request_ResourceNotFound') }],
      ['fails (500)', { status: 500, body: errorBody('UnknownError') }],
      ['drops the connection', { kind: 'reset' as const }],
      ['answers garbage', { status: 200, body: 'not json' }],
    ] as const) {
      it(`resetPassword: a status check that ${label} -> outcome unknown, not "user not found"`, async () => {
        const provider = fx.delegated({ http: { maxRetries: 0 }, maxPolls: 3 });
        const user = await alain(provider);
        fx.server.injectFault({ method: 'GET', path: OPERATION, times: 3, response });
        await assert.rejects(provider.resetPassword(user), kind('outcomeUnknown'));
      });
    }

    it('resetPassword: cancelled while polling -> outcome unknown', async () => {
      await fx.restart({ operationPolls: 1_000_000, operationRetryAfter: '0.05' });
      const provider = fx.delegated();
      const user = await alain(provider);
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 150);
      await assert.rejects(
        provider.resetPassword(user, { signal: abort.signal }),
        kind('outcomeUnknown', /You cancelled while the directory was still applying/),
      );
    });
  });

  describe('user ids that are not one path segment', () => {
    const notOneSegment = ['..', '.', ''];
    const reached = () => fx.server.requests.filter((r) => !r.path.includes('/oauth2/'));

    it('an id of "..", "." or "" is refused before any request: the read, both resets and the role lookup never reach another path', async () => {
      for (const id of notOneSegment) {
        const user: DirectoryUser = { id, displayName: 'Dot Dot', signInName: 'dot@contoso.example', source: 'cloud' };
        await assert.rejects(
          fx.delegated().getUser(id),
          kind('badRequest', /cannot name one user.*nothing was sent/s),
          `getUser(${JSON.stringify(id)})`,
        );
        await assert.rejects(
          fx.delegated().resetPassword(user),
          kind('badRequest', /cannot name one user/),
          `resetPassword(${JSON.stringify(id)})`,
        );
        await assert.rejects(
          fx.appOnly().resetPassword(user),
          kind('badRequest', /cannot name one user/),
          `PATCH (${JSON.stringify(id)})`,
        );
      }
      assert.deepEqual(
        reached().map((r) => `${r.method} ${r.path}`),
        [],
        'nothing reached the directory',
      );
      assert.equal(fx.server.resets.length, 0);
    });

    it('ids that merely contain dots or slashes stay one segment of the users path', async () => {
      for (const id of ['...', 'a..b', '../me', '%2e%2e', './x']) {
        await assert.rejects(fx.delegated().getUser(id), kind('notFound'), id);
      }
      const paths = reached().map((r) => r.path);
      assert.equal(paths.length, 5);
      for (const path of paths) assert.match(path, /^\/v1\.0\/users\/[^/]+$/, path);
    });
  });

  describe('concurrency', () => {
    it('fifty concurrent resets of one user send one reset; the others are refused at once', async () => {
      const provider = fx.appOnly();
      const user = await alain(provider);
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => provider.resetPassword(user)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r) => r.status === 'rejected' && (r.reason as DirectoryError).kind === 'refused');
      assert.equal(ok.length, 1);
      assert.equal(refused.length, 49);
      assert.equal(patches().length, 1);
    });

    it('fifty concurrent resets of ten users: one per user, each result for its own user', async () => {
      const provider = fx.appOnly();
      const page = await provider.listUsers({ pageSize: 60 });
      // Cloud members without admin roles: the app (User Administrator) may reset each of them.
      const users = page.users
        .filter((u) => !u.resetRefusal && fx.server.users.get(u.id)?.roles.length === 0)
        .slice(0, 10);
      assert.equal(users.length, 10);
      fx.server.clearRequests();
      const attempts = Array.from({ length: 50 }, (_, i) => users[i % 10]);
      const results = await Promise.allSettled(attempts.map((u) => provider.resetPassword(u).then((r) => ({ u, r }))));
      const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      assert.equal(done.length, 10);
      assert.equal(patches().length, 10);
      for (const { u, r } of done) {
        const applied = fx.server.resets.filter((x) => x.userId === u.id);
        assert.equal(applied.length, 1, `one reset for ${u.displayName}`);
        assert.equal(applied[0].password, r.temporaryPassword, `the result shown for ${u.displayName} is their own`);
      }
    });

    it('fifty concurrent searches: every answer holds only users matching its own text', async () => {
      await fx.restart({ users: seedUsers(400, 5), latencyMs: 5 });
      const provider = fx.delegated();
      const texts = Array.from({ length: 50 }, (_, i) => 'abcdefghijklmnoprstvwy'[i % 22] + (i >= 22 ? 'a' : ''));
      const pages = await Promise.all(texts.map((t) => provider.listUsers({ search: t, pageSize: 999 })));
      pages.forEach((page, i) => {
        const t = texts[i].toLowerCase();
        for (const u of page.users) {
          const words = u.displayName.toLowerCase().split(/[^\p{L}\p{N}]+/u);
          const hit =
            words.some((w) => w.startsWith(t)) ||
            u.signInName.toLowerCase().startsWith(t) ||
            (u.mail ?? '').toLowerCase().startsWith(t);
          assert.ok(hit, `"${u.displayName}" came back for "${t}"`);
        }
      });
    });
  });
});
