// Secrets: after a session of resets, searches and errors against the test directory, no password, token or client
// secret appears in the log or in any message shown to the person; the log's last line of defence (mask) works;
// and the clipboard is cleared after Copy only while it still holds the password.
// (The same scan inside VS Code, over the log files, state and settings the extension wrote: test/host/security.test.ts.)
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ClientCredentialsTokenSource } from '../../../src/auth/clientCredentialsTokenSource';
import { FIXED_USERS } from '../../../src/demo/seed';
import { DirectoryError } from '../../../src/directory/errors';
import { mask } from '../../../src/directory/http/redact';
import { ClipboardGuard, clampSeconds, type ClipboardLike } from '../../../src/webviews/profile/clipboardGuard';
import { directoryFixture, errorBody, appTokenSource } from '../../support/directoryFixture';

describe('Security: secrets', function () {
  this.timeout(20_000);

  describe('a full session at the directory layer', () => {
    const fx = directoryFixture();

    it('writes no password, token or client secret to the log or to any message, and logs each request plainly', async () => {
      const shown: string[] = [];
      const attempt = async (work: () => Promise<unknown>) => {
        try {
          return await work();
        } catch (e) {
          assert.ok(e instanceof DirectoryError, `not a DirectoryError: ${String(e)}`);
          shown.push(e.message, e.nextStep, e.fullMessage);
          return undefined;
        }
      };
      const tokens: string[] = [fx.server.delegatedToken];
      const appTokens = appTokenSource(fx.server, fx.logger);
      let token: string | undefined;
      const delegated = fx.delegated({
        tokenSource: {
          delegated: true,
          getToken: async ({ refresh } = {}) => (token = refresh || !token ? fx.server.delegatedToken : token),
        },
      });
      const app = fx.appOnly({ tokenSource: appTokens });
      const passwords: string[] = [];

      // Browse and search, with hostile text too.
      const first = await delegated.listUsers({ pageSize: 10 });
      await delegated.listUsers({ pageSize: 10, cursor: first.nextCursor });
      await delegated.listUsers({
        pageSize: 10,
        search: `O'Brien "x" \\ # % $filter or and ${fx.server.clientSecret.slice(0, 6)}`,
      });
      const alain = await delegated.getUser(FIXED_USERS.alainCharon);
      const sean = await delegated.getUser(FIXED_USERS.seanOBrien);
      // Resets both ways, and again.
      for (const [provider, user] of [
        [delegated, alain],
        [app, sean],
        [app, alain],
        [delegated, sean],
      ] as const) {
        const r = await attempt(() => provider.resetPassword(user));
        if (r) passwords.push((r as { temporaryPassword: string }).temporaryPassword);
      }
      // Errors: an expired token (silent refresh), throttling, a proxy page, a dropped reset, a policy refusal,
      // a forbidden reset, a token that is refused twice, a wrong client secret.
      fx.server.expireTokens();
      tokens.push(fx.server.delegatedToken);
      await delegated.listUsers({ pageSize: 5 });
      fx.server.injectFault({
        method: 'GET',
        response: { status: 429, headers: { 'retry-after': '0.01' }, body: errorBody('TooManyRequests') },
      });
      await delegated.listUsers({ pageSize: 5 });
      fx.server.injectFault({
        method: 'GET',
        response: { status: 502, body: `<html>${fx.server.delegatedToken}</html>` },
      });
      await attempt(() => delegated.listUsers({ pageSize: 5 }));
      fx.server.injectFault({ method: 'PATCH', response: { kind: 'resetMidBody' } });
      await attempt(() => app.resetPassword(alain));
      fx.server.injectFault({
        method: 'PATCH',
        response: {
          status: 400,
          body: errorBody(
            'Request_BadRequest',
            'The specified password does not comply with password complexity requirements.',
          ),
        },
      });
      await attempt(() => app.resetPassword(sean));
      await attempt(async () => delegated.resetPassword(await delegated.getUser(FIXED_USERS.gloriaGlobal)));
      const refused = fx.delegated({
        tokenSource: { delegated: true, getToken: async () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' },
      });
      await attempt(() => refused.listUsers({ pageSize: 1 }));
      const wrongSecret = new ClientCredentialsTokenSource({
        directoryName: 'Test directory',
        authorityHost: fx.server.url,
        tenantId: fx.server.tenantId,
        clientId: fx.server.clientId,
        graphEndpoint: fx.server.url,
        getSecret: async () => `${fx.server.clientSecret}-old`,
        logger: fx.logger,
      });
      await attempt(() => wrongSecret.getToken());

      tokens.push(await appTokens.getToken());
      const secrets = [...passwords, ...fx.server.resets.map((r) => r.password), ...tokens, fx.server.clientSecret];
      assert.ok(passwords.length >= 3 && fx.server.resets.length >= 4, 'the session did reset passwords');
      assert.ok(shown.length >= 12, 'the session did produce errors');
      const log = fx.logger.lines.join('\n');
      for (const secret of secrets) {
        assert.ok(!log.includes(secret), 'a secret value reached the log');
        assert.ok(!shown.join('\n').includes(secret), 'a secret value reached a message');
      }
      assert.ok(!log.includes('eyJhbGciOiJub25lIn0'), 'a token sent by the extension reached the log');

      // Each request: method, path, status, duration, request-id; never the query (search text) or a header value.
      const requestLines = fx.logger.lines.filter((l) => /^(GET|POST|PATCH) \//.test(l));
      assert.ok(requestLines.length >= 15);
      for (const line of requestLines) {
        assert.match(
          line,
          /^(GET|POST|PATCH) \/[^?\s]* (\d{3} \d+ms request-id=[\w-]+|\d{3} \d+ms \(client credentials\)|failed after \d+ms: .+)$/,
          line,
        );
      }
      assert.doesNotMatch(log, /O'Brien|\$filter|consistencylevel|authorization/i);
    });

    it('a request-id header cannot write into the log', async () => {
      fx.server.injectFault({
        method: 'GET',
        response: {
          status: 200,
          headers: { 'request-id': 'x [error] Password of alice is Hunter2' },
          body: { value: [] },
        },
      });
      await fx.delegated().listUsers({ pageSize: 1 });
      assert.match(fx.logger.lines.at(-1)!, /request-id=\(unreadable\)$/);
    });
  });

  describe('the log mask (last line of defence)', () => {
    it('masks bearer and basic credentials, JWTs, and password/secret/token fields in JSON and forms', () => {
      const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl';
      const cases: Array<[string, string]> = [
        ['Authorization: Bearer abc.def-ghi', 'Bearer '],
        ['authorization: basic dXNlcjpwYXNz', 'basic '],
        [`token ${jwt} used`, ''],
        ['{"password":"Hunter2!"}', '"password":'],
        ['{"passwordProfile":{"password": "Hunter2!","forceChangePasswordNextSignIn":true}}', '"password": '],
        ['{"newPassword":"Cuyo5459"}', '"newPassword":'],
        ['grant_type=client_credentials&client_id=x&client_secret=S3cr3t~value&scope=y', 'client_secret='],
        ['{"access_token":"opaque-token-value","expires_in":3599}', '"access_token":'],
        ['refresh_token=RT-value&x=1', 'refresh_token='],
        ['{"secret": "with \\"escaped\\" quotes"}', '"secret": '],
      ];
      for (const [line, kept] of cases) {
        const masked = mask(line);
        for (const secret of [
          'abc.def-ghi',
          'dXNlcjpwYXNz',
          jwt,
          'Hunter2!',
          'Cuyo5459',
          'S3cr3t~value',
          'opaque-token-value',
          'RT-value',
          'escaped',
        ]) {
          assert.ok(!masked.includes(secret), `${JSON.stringify(line)} -> ${JSON.stringify(masked)}`);
        }
        assert.ok(masked.includes(`${kept}***`), `${JSON.stringify(masked)} keeps ${JSON.stringify(kept)}`);
      }
    });

    it('leaves ordinary lines alone, and no text can pose as a log entry of its own', () => {
      const ordinary = 'GET /v1.0/users/6ebfff1d-2275 200 12ms request-id=5def1a2d-822e';
      assert.equal(mask(ordinary), ordinary);
      assert.equal(
        mask('Password of 6ebfff1d reset (systemGenerated); the user must change it at next sign-in'),
        'Password of 6ebfff1d reset (systemGenerated); the user must change it at next sign-in',
      );
      const forged = mask('name\n2026-01-01 00:00:00.000 [info] Password of bob reset\r\u001b[2K');
      assert.ok(
        forged
          .split('\n')
          .slice(1)
          .every((l) => l.startsWith('    ')),
        JSON.stringify(forged),
      );
      assert.doesNotMatch(forged, /[\r\u001b]/); // eslint-disable-line no-control-regex
    });
  });

  describe('clearing the clipboard after Copy', () => {
    function fakeClipboard(): ClipboardLike & { value: string; reads: number; failReads: boolean } {
      const clip = {
        value: '',
        reads: 0,
        failReads: false,
        async readText() {
          clip.reads++;
          if (clip.failReads) throw new Error('not allowed');
          return clip.value;
        },
        async writeText(v: string) {
          clip.value = v;
        },
      };
      return clip;
    }
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const PASSWORD = 'Tmp-9qZ!x7#Lw2$Rk';

    it('empties the clipboard N seconds after Copy if it still holds the password', async () => {
      const clip = fakeClipboard();
      const guard = new ClipboardGuard(clip);
      clip.value = PASSWORD;
      guard.clearLater(PASSWORD, 0.05);
      await wait(20);
      assert.equal(clip.value, PASSWORD, 'not before N seconds');
      await wait(80);
      assert.equal(clip.value, '');
      assert.deepEqual(guard.stats, { checked: 1, cleared: 1 });
    });

    it('leaves the clipboard alone when something else was copied since', async () => {
      const clip = fakeClipboard();
      const guard = new ClipboardGuard(clip);
      clip.value = PASSWORD;
      guard.clearLater(PASSWORD, 0.05);
      clip.value = 'the ticket number the admin copied next';
      await wait(100);
      assert.equal(clip.value, 'the ticket number the admin copied next');
      assert.deepEqual(guard.stats, { checked: 1, cleared: 0 });
    });

    it('leaves the clipboard alone when it cannot be read, and reports why', async () => {
      const clip = fakeClipboard();
      const errors: unknown[] = [];
      const guard = new ClipboardGuard(clip, (e) => errors.push(e));
      clip.value = PASSWORD;
      clip.failReads = true;
      guard.clearLater(PASSWORD, 0.02);
      await wait(60);
      assert.equal(clip.value, PASSWORD);
      assert.equal(errors.length, 1);
    });

    it('a second Copy restarts the countdown; 0 (the default) and nonsense values mean off; dispose cancels', async () => {
      const clip = fakeClipboard();
      const guard = new ClipboardGuard(clip);
      clip.value = PASSWORD;
      guard.clearLater(PASSWORD, 0.06);
      await wait(40);
      guard.clearLater(PASSWORD, 0.06);
      await wait(40);
      assert.equal(clip.value, PASSWORD, 'the first countdown was replaced');
      await wait(60);
      assert.equal(clip.value, '');
      for (const off of [0, -5, Number.NaN, '60' as unknown as number]) {
        guard.clearLater('x', off);
        assert.equal(guard.pendingCount, 0, String(off));
      }
      assert.equal(clampSeconds(99_999), 3600);
      clip.value = PASSWORD;
      guard.clearLater(PASSWORD, 0.02);
      guard.dispose();
      await wait(50);
      assert.equal(clip.value, PASSWORD);
      assert.equal(clip.reads, 1, 'only the first countdown read the clipboard');
    });

    it('keeps no copy of the password while it waits', () => {
      const guard = new ClipboardGuard(fakeClipboard());
      guard.clearLater(PASSWORD, 30);
      const dump = inspect(guard, { depth: 10, showHidden: true, getters: true });
      assert.ok(!dump.includes(PASSWORD));
      assert.ok(!dump.includes(Buffer.from(PASSWORD).toString('base64')));
      guard.dispose();
    });
  });
});
