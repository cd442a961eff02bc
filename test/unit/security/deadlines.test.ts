// An overall deadline per request: the body timeout only bounds the pause between two chunks, so a server that
// trickles its answer a byte at a time could otherwise hold a page, a reset or a token request for ever. Over real
// HTTP on 127.0.0.1: the test directory's "trickle" fault, and small servers of our own for the token endpoint.
// Timings are asserted loosely (a generous upper bound), behaviour exactly.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientCredentialsTokenSource, MAX_TOKEN_ANSWER_BYTES } from '../../../src/auth/clientCredentialsTokenSource';
import { requestTimeoutMs } from '../../../src/connections/connection';
import type { DirectoryError } from '../../../src/directory/errors';
import { directoryFixture, recordingLogger } from '../../support/directoryFixture';

const USERS_PATH = /^\/v1\.0\/users$/;

/** Rejects if `p` has not settled after `ms`: an old client without a deadline would read on for hours. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
    }),
  ]);
}

async function rejectionOf(p: Promise<unknown>): Promise<DirectoryError> {
  try {
    await p;
  } catch (e) {
    return e as DirectoryError;
  }
  assert.fail('expected a rejection');
}

describe('security: an overall deadline per request', function () {
  this.timeout(20_000);

  describe('directory requests (a page, a reset)', () => {
    const fx = directoryFixture();

    it('abandons a page trickled a byte at a time at the deadline, says "timed out", and does not send it again', async () => {
      // Each pause (100 ms) is far below the body timeout (2 s): only the overall deadline can end it.
      const provider = fx.delegated({ http: { bodyTimeoutMs: 2000, requestTimeoutMs: 1500, maxRetries: 3 } });
      fx.server.injectFault({
        method: 'GET',
        path: USERS_PATH,
        times: 5,
        response: { kind: 'trickle', intervalMs: 100 },
      });
      const started = Date.now();
      const e = await within(rejectionOf(provider.listUsers({ pageSize: 20 })), 8000, 'listUsers');
      const elapsed = Date.now() - started;
      assert.equal(e.kind, 'unavailable');
      assert.match(e.message, /did not send its whole answer within 1\.5 s, so the request timed out/);
      assert.match(e.nextStep, /directoryReset\.requestTimeoutSeconds/);
      assert.ok(elapsed >= 1400 && elapsed < 6000, `${elapsed} ms`);
      assert.equal(fx.graphRequests().length, 1, 'a trickling answer is not asked for again');
      assert.ok(
        fx.logger.lines.some((l) => /GET \/v1\.0\/users abandoned after \d+ms/.test(l)),
        fx.logger.lines.join('\n'),
      );
    });

    it('a reset whose answer trickles past the deadline is "outcome unknown", sent once, no password shown', async () => {
      const provider = fx.appOnly({ resetMethod: 'passwordProfile', http: { requestTimeoutMs: 1200 } });
      const user = (await provider.listUsers({ pageSize: 50 })).users.find((u) => !u.resetRefusal)!;
      fx.server.injectFault({ method: 'PATCH', times: 5, response: { kind: 'trickle', intervalMs: 100 } });
      const e = await within(rejectionOf(provider.resetPassword(user)), 8000, 'resetPassword');
      assert.equal(e.kind, 'outcomeUnknown', e.message);
      assert.equal((e as unknown as { temporaryPassword?: string }).temporaryPassword, undefined);
      assert.equal(fx.server.requests.filter((r) => r.method === 'PATCH').length, 1, 'the reset is never re-sent');
    });
  });

  describe('the sign-in service (client credentials)', () => {
    let server: http.Server;
    let closedEarly = 0;
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    async function tokenServer(answer: (res: http.ServerResponse) => void): Promise<string> {
      closedEarly = 0;
      server = http.createServer((req, res) => {
        req.resume();
        res.on('close', () => {
          if (!res.writableFinished) closedEarly++;
        });
        answer(res);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    function tokens(authorityHost: string, requestTimeout?: number) {
      return new ClientCredentialsTokenSource({
        directoryName: 'Contoso',
        authorityHost,
        tenantId: 'contoso.example',
        clientId: '11111111-2222-3333-4444-555555555555',
        graphEndpoint: 'https://graph.microsoft.com',
        getSecret: async () => 'the-client-secret',
        logger: recordingLogger(),
        requestTimeoutMs: requestTimeout,
      });
    }

    it('abandons a token answer trickled a byte at a time at the deadline, with a plain "timed out"', async () => {
      const url = await tokenServer((res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
      });
      const started = Date.now();
      const e = await within(rejectionOf(tokens(url, 1200).getToken()), 8000, 'getToken');
      assert.equal(e.kind, 'unavailable');
      assert.match(e.message, /did not send its whole answer within 1\.2 s, so the token request timed out/);
      assert.ok(Date.now() - started < 6000);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(closedEarly, 1, 'the connection was dropped, not read to the end');
    });

    it(`abandons a token answer larger than ${MAX_TOKEN_ANSWER_BYTES / 1024} KiB unread, with or without a Content-Length`, async () => {
      for (const declared of [true, false]) {
        const url = await tokenServer((res) => {
          const size = 50 * 1024 * 1024;
          res.writeHead(200, {
            'content-type': 'application/json',
            ...(declared ? { 'content-length': String(size) } : {}),
          });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let sent = 0;
          const pump = () => {
            while (sent < size && !res.destroyed) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
            if (!res.destroyed) res.end();
          };
          pump();
        });
        const e = await within(rejectionOf(tokens(url).getToken()), 8000, 'getToken');
        assert.equal(e.kind, 'badResponse', e.message);
        assert.match(e.message, /an answer larger than 64 KiB instead of a token; it was not read/);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(closedEarly, 1, 'the 50 MiB answer was not read to the end');
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
      server = http.createServer(); // for afterEach
    });
  });

  it('directoryReset.requestTimeoutSeconds: 30 s by default, 5 to 600 s, nonsense means the default', () => {
    const setting =
      (value: unknown) =>
      <T>(_key: string, fallback: T) =>
        value === undefined ? fallback : (value as T);
    assert.equal(requestTimeoutMs(setting(undefined)), 30_000);
    assert.equal(requestTimeoutMs(setting(45)), 45_000);
    assert.equal(requestTimeoutMs(setting(1)), 5_000);
    assert.equal(requestTimeoutMs(setting(10_000)), 600_000);
    assert.equal(requestTimeoutMs(setting('soon')), 30_000);
  });
});
