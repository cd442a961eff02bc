// The demo directory as the extension runs it: a server on 127.0.0.1 that every process of the machine can reach,
// left open for as long as VS Code runs. It must keep nothing it does not need (no request log, no passwords it
// set), answer a request without a valid token before doing any work for it, and bound every memory it has.
// Over real HTTP (node:net for the half-sent body, Node's fetch for the rest).
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { StaticTokenSource } from '../../../src/auth/staticTokenSource';
import {
  MAX_OPERATIONS,
  MAX_SKIPTOKENS,
  PASSWORD_METHOD_ID,
  startDemoDirectory,
  type GraphServer,
} from '../../../src/demo';
import { GraphProvider } from '../../../src/directory/graph/graphProvider';
import { recordingLogger } from '../../support/directoryFixture';

describe('security: the demo directory as the extension runs it', function () {
  this.timeout(30_000);
  let server: GraphServer;
  afterEach(async () => server?.close());

  it('keeps no request, reset or revocation, from anyone, signed in or not', async () => {
    server = await startDemoDirectory({ userCount: 60, operationRetryAfter: '0', operationPolls: 0 });
    // Requests without a token (any process on this machine), with big URLs and headers.
    const filler = 'x'.repeat(6000);
    for (let i = 0; i < 200; i++) {
      const res = await fetch(`${server.url}/v1.0/users?$search=${filler}${i}`, { headers: { 'x-filler': filler } });
      assert.equal(res.status, 401);
      await res.text();
    }
    // The signed-in demo: a list and two resets (both methods), as the extension does them.
    const provider = new GraphProvider({
      name: 'Demo',
      graphEndpoint: server.url,
      tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
      logger: recordingLogger(),
      pollIntervalMs: 10,
    });
    try {
      const page = await provider.listUsers({ pageSize: 20 });
      const targets = page.users.filter((u) => !u.resetRefusal).slice(0, 2);
      await provider.resetPassword(targets[0]);
      const app = new GraphProvider({
        name: 'Demo',
        graphEndpoint: server.url,
        tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
        logger: recordingLogger(),
        resetMethod: 'passwordProfile',
      });
      await app.resetPassword(targets[1]);
      await app.dispose();
    } finally {
      await provider.dispose();
    }
    assert.equal(server.requests.length, 0, 'no request was recorded');
    assert.equal(server.resets.length, 0, 'no password it set was kept');
    assert.equal(server.revocations.length, 0);
    assert.equal(server.recording, false);
  });

  it('answers a request without a valid token at once, without reading its body', async () => {
    server = await startDemoDirectory({ userCount: 20 });
    const { port } = new URL(server.url);
    // Headers announcing a 900 KB body, then only 10 bytes of it: a server that reads the body first never answers.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `PATCH /v1.0/users/someone HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer forged\r\n` +
            'Content-Type: application/json\r\nContent-Length: 900000\r\n\r\n{"passwor',
        );
      });
      let text = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within 5 s (got ${JSON.stringify(text.slice(0, 80))})`));
      }, 5000);
      socket.on('data', (d) => {
        text += d.toString('latin1');
        if (text.includes('\r\n\r\n')) {
          clearTimeout(timer);
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 401 /);
    assert.match(answer, /\r\nconnection: close\r\n/i, 'the connection is closed: the rest of the body is never read');
  });

  it('bounds its paging links and its reset operations, whatever is asked of it', async () => {
    server = await startDemoDirectory({ userCount: 60, operationRetryAfter: '0' });
    const auth = { authorization: `Bearer ${server.delegatedToken}` };
    // Every first page of a listing makes a new paging link.
    for (let i = 0; i < MAX_SKIPTOKENS + 300; i++) {
      const res = await fetch(`${server.url}/v1.0/users?$top=1&$select=id`, { headers: auth });
      assert.equal(res.status, 200);
      await res.text();
    }
    const users = [...server.users.values()].filter(
      (u) => u.roles.length === 0 && !u.onPremisesSyncEnabled && u.userType === 'Member',
    );
    for (let i = 0; i < MAX_OPERATIONS + 50; i++) {
      const u = users[i % users.length];
      const res = await fetch(
        `${server.url}/v1.0/users/${u.id}/authentication/methods/${PASSWORD_METHOD_ID}/resetPassword`,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{}',
        },
      );
      assert.equal(res.status, 202, await res.clone().text());
      await res.text();
    }
    const kept = server.retained();
    assert.ok(kept.skipTokens <= MAX_SKIPTOKENS, `${kept.skipTokens} paging links kept`);
    assert.ok(kept.operations <= MAX_OPERATIONS, `${kept.operations} operations kept`);
    assert.equal(kept.requests, 0);
    assert.equal(kept.resets, 0);
  });
});
