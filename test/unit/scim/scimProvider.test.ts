// The SCIM provider against a real SCIM 2.0 service (SCIMMY + scimmy-routers on express, test/fixtures/
// scimServer.ts) over HTTP on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { ScimProvider, type ScimProviderOptions } from '../../../src/directory/scim/scimProvider';
import { ScimTokenSource } from '../../../src/directory/scim/scimTokenSource';
import type { DirectoryUser } from '../../../src/directory/types';
import { PASSWORD_CLASSES } from '../../../src/password/generator';
import {
  SCIM_FIXED_USERS,
  SCIM_SEED_USERS,
  startScimFixture,
  type ScimFault,
  type ScimFixture,
  type ScimSeedUser,
} from '../../fixtures/scimServer';
import { assertPlainText, HOSTILE_DIAGNOSTIC, HOSTILE_NAME } from '../../support/plainText';
import { recordingLogger, rejection } from '../../support/recording';

describe('SCIM provider against a SCIMMY service', function () {
  this.timeout(20_000);
  let fixture: ScimFixture;
  let logger: ReturnType<typeof recordingLogger>;
  const providers: ScimProvider[] = [];

  function provider(options: Partial<ScimProviderOptions> & { token?: string | undefined } = {}): ScimProvider {
    const token = 'token' in options ? options.token : fixture.token;
    const p = new ScimProvider({
      name: 'Test SCIM',
      baseUrl: fixture.url,
      tokenSource: new ScimTokenSource('Test SCIM', async () => token),
      logger,
      http: { backoffMs: 20 },
      ...options,
    });
    providers.push(p);
    return p;
  }

  async function listAll(
    p: ScimProvider,
    pageSize: number,
    search?: string,
  ): Promise<{ users: DirectoryUser[]; pages: number }> {
    const users: DirectoryUser[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await p.listUsers({ pageSize, search, cursor });
      users.push(...page.users);
      cursor = page.nextCursor;
      pages++;
      assert.ok(pages < 1000, 'paging ends');
    } while (cursor);
    return { users, pages };
  }

  const userRequests = () => fixture.requests.filter((r) => r.path.includes('/Users'));
  const patches = () => fixture.requests.filter((r) => r.method === 'PATCH');
  const seed = (id: string) => SCIM_SEED_USERS.find((u) => u.id === id)!;
  const asUser = (s: ScimSeedUser): DirectoryUser => ({
    id: s.id,
    displayName: s.displayName ?? s.userName,
    signInName: s.userName,
    source: 'cloud',
  });

  beforeEach(async () => {
    fixture = await startScimFixture();
    logger = recordingLogger();
  });

  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.dispose()));
    await fixture.close();
  });

  describe('listing', () => {
    for (const pageSize of [1, 10, 46, 47, 100]) {
      it(`pages of ${pageSize} cover every user exactly once, in order, and stop at totalResults`, async () => {
        const p = provider();
        const { users, pages } = await listAll(p, pageSize);
        assert.deepEqual(
          users.map((u) => u.id),
          SCIM_SEED_USERS.map((u) => u.id),
        );
        assert.equal(pages, Math.ceil(SCIM_SEED_USERS.length / pageSize));
        const lists = userRequests();
        assert.equal(lists.length, pages, 'one request per page, none past the end');
        lists.forEach((r, i) => {
          assert.equal(r.query.startIndex, String(1 + i * pageSize));
          assert.equal(r.query.count, String(pageSize));
          assert.equal(r.query.filter, undefined);
        });
      });
    }

    it('reports totalResults and clamps the page size to 1..500', async () => {
      const p = provider();
      const page = await p.listUsers({ pageSize: 5000 });
      assert.equal(page.totalCount, SCIM_SEED_USERS.length);
      assert.equal(page.nextCursor, undefined);
      await p.listUsers({ pageSize: 0 });
      assert.deepEqual(
        userRequests().map((r) => r.query.count),
        ['500', '100'],
      );
    });

    it('advances by the users actually returned when the service caps the page', async () => {
      // A service may return fewer than `count` (its own maximum); paging must not skip the rest.
      const p = provider();
      const first = await p.listUsers({ pageSize: 10 });
      assert.equal(first.users.length, 10);
      const cursor = JSON.parse(first.nextCursor!) as { startIndex: number };
      assert.equal(cursor.startIndex, 11);
    });

    it('maps SCIM users to the directory model', async () => {
      const p = provider();
      const { users } = await listAll(p, 100);
      const byId = new Map(users.map((u) => [u.id, u]));
      assert.deepEqual(byId.get(SCIM_FIXED_USERS.alainCharon), {
        id: SCIM_FIXED_USERS.alainCharon,
        displayName: 'Alain Charon',
        signInName: 'alain.charon@example.test',
        mail: 'alain.charon@example.test', // the primary one, listed second
        jobTitle: 'Accountant',
        department: 'Finance', // from the enterprise extension
        accountEnabled: true,
        userType: undefined,
        source: 'cloud',
      });
      assert.equal(byId.get(SCIM_FIXED_USERS.dariaDisabled)?.accountEnabled, false);
      assert.equal(byId.get(SCIM_FIXED_USERS.noDisplayName)?.displayName, 'Nora Noname');
      assert.equal(byId.get(SCIM_FIXED_USERS.onlyUserName)?.displayName, 'only.username@example.test');
      assert.equal(byId.get(SCIM_FIXED_USERS.onlyUserName)?.accountEnabled, undefined);
      assert.ok(
        users.every((u) => u.source === 'cloud' && u.resetRefusal === undefined),
        'SCIM refuses nobody up front',
      );
    });

    it('reads one user with GET /Users/{id}', async () => {
      const p = provider();
      const user = await p.getUser(SCIM_FIXED_USERS.seanOBrien);
      assert.equal(user.displayName, "Seán O'Brien");
      assert.equal(user.department, 'Support');
      assert.equal(userRequests().at(-1)?.path, `/scim/v2/Users/${SCIM_FIXED_USERS.seanOBrien}`);
    });
  });

  describe('search', () => {
    const cases: Array<[string, string, string[]]> = [
      ['an apostrophe', "O'Brien", [SCIM_FIXED_USERS.seanOBrien]],
      ['an apostrophe in the userName prefix', "sean.o'b", [SCIM_FIXED_USERS.seanOBrien]],
      ['double quotes', '"Q"', [SCIM_FIXED_USERS.quentinQuoted]],
      ['a quoted phrase', 'Quentin "Q" Quoted', [SCIM_FIXED_USERS.quentinQuoted]],
      ['a backslash', 'CORP\\rita', [SCIM_FIXED_USERS.ritaBackslash]],
      ['other case', 'aLaIn', [SCIM_FIXED_USERS.alainCharon]],
      ['an accent', 'Seán', [SCIM_FIXED_USERS.seanOBrien]],
    ];
    for (const [label, text, expected] of cases) {
      it(`finds the right users for ${label}: ${text}`, async () => {
        const p = provider();
        const { users } = await listAll(p, 10, text);
        assert.deepEqual(
          users.map((u) => u.id),
          expected,
        );
        const sent = userRequests()[0].query.filter;
        assert.equal(sent, `userName sw ${JSON.stringify(text)} or displayName co ${JSON.stringify(text)}`);
      });
    }

    it('matches the start of the sign-in name and anywhere in the display name', async () => {
      const p = provider();
      const byUserName = await listAll(p, 100, 'greta.');
      assert.ok(byUserName.users.length > 0);
      assert.ok(byUserName.users.every((u) => u.signInName.startsWith('greta.')));
      const byName = await listAll(p, 100, 'Okafor');
      assert.ok(byName.users.length > 0);
      assert.ok(byName.users.every((u) => u.displayName.includes('Okafor')));
    });

    it('pages a search and keeps the filter on every page', async () => {
      const p = provider();
      const all = await listAll(p, 3, 'a');
      const ids = all.users.map((u) => u.id);
      assert.equal(new Set(ids).size, ids.length, 'no user twice');
      const matching = SCIM_SEED_USERS.filter(
        (u) => u.userName.toLowerCase().startsWith('a') || (u.displayName ?? '').toLowerCase().includes('a'),
      ).map((u) => u.id);
      assert.deepEqual(ids, matching);
      assert.ok(userRequests().length > 2);
      assert.ok(userRequests().every((r) => r.query.filter === 'userName sw "a" or displayName co "a"'));
    });

    it('finds nobody without a next page', async () => {
      const p = provider();
      const page = await p.listUsers({ pageSize: 10, search: 'zzz-nobody' });
      assert.deepEqual(page.users, []);
      assert.equal(page.nextCursor, undefined);
      assert.equal(page.totalCount, 0);
    });

    it('refuses search text longer than any name before sending anything', async () => {
      const e = await rejection(provider().listUsers({ pageSize: 10, search: 'x'.repeat(257) }));
      assert.equal(e.kind, 'badRequest');
      assert.match(e.message, /257 characters/);
      assert.equal(fixture.requests.length, 0);
      await provider().listUsers({ pageSize: 10, search: 'x'.repeat(256) });
      assert.equal(fixture.requests.length, 1);
    });

    it('treats blank search text as no search', async () => {
      const p = provider();
      await p.listUsers({ pageSize: 10, search: '  \t ' });
      assert.equal(userRequests()[0].query.filter, undefined);
    });
  });

  describe('reset', () => {
    it('replaces the password with a PatchOp and returns exactly the password the service stored', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const before = fixture.passwords.get(alain.id);
      const progress: string[] = [];
      const result = await p.resetPassword(alain, { onProgress: (m) => progress.push(m) });
      assert.notEqual(result.temporaryPassword, before);
      assert.equal(fixture.passwords.get(alain.id), result.temporaryPassword);
      assert.equal(result.temporaryPassword.length, 16);
      assert.equal(result.mustChangeAtNextSignIn, false, 'SCIM has no standard change-at-next-sign-in flag');
      assert.equal(result.method, 'scimPatch');
      assert.equal(p.capabilities.forcesChangeAtNextSignIn, false);
      assert.equal(p.capabilities.kindLabel, 'SCIM');
      assert.ok(progress.length > 0);

      const [patch] = patches();
      assert.equal(patches().length, 1);
      assert.equal(patch.path, `/scim/v2/Users/${alain.id}`);
      assert.deepEqual(patch.body, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: result.temporaryPassword }],
      });
      assert.match(patch.contentType ?? '', /^application\/scim\+json\b/);
    });

    it('resets a user that had no password, and leaves other users alone', async () => {
      const p = provider();
      const others = new Map(fixture.passwords);
      const sean = asUser(seed(SCIM_FIXED_USERS.seanOBrien));
      const result = await p.resetPassword(sean);
      assert.equal(fixture.passwords.get(sean.id), result.temporaryPassword);
      for (const [id, pw] of others) assert.equal(fixture.passwords.get(id), pw);
    });

    it("follows the directory's password policy: length, then the directoryReset.passwordLength fallback, and symbols", async () => {
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const r1 = await provider({ passwordPolicy: { length: 24, symbols: '' } }).resetPassword(alain);
      assert.equal(r1.temporaryPassword.length, 24);
      assert.match(r1.temporaryPassword, /^[A-Za-z0-9]+$/);
      const r2 = await provider({ passwordLength: 20, passwordPolicy: { symbols: '#' } }).resetPassword(alain);
      assert.equal(r2.temporaryPassword.length, 20);
      assert.ok([...r2.temporaryPassword].every((c) => /[A-Za-z0-9#]/.test(c)));
      assert.ok(r2.temporaryPassword.includes('#'));
      assert.equal(fixture.passwords.get(alain.id), r2.temporaryPassword);
      // Without a policy: the generator's default symbols.
      const r3 = await provider().resetPassword(alain);
      assert.ok([...r3.temporaryPassword].some((c) => PASSWORD_CLASSES.symbol.includes(c)));
    });

    it("maps a password the service's policy rejects to passwordRejected, and nothing changes", async () => {
      await fixture.close();
      fixture = await startScimFixture({ minPasswordLength: 20 });
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const before = fixture.passwords.get(alain.id);
      const e = await rejection(provider({ passwordLength: 16 }).resetPassword(alain));
      assert.equal(e.kind, 'passwordRejected');
      assert.equal(e.details.status, 400);
      assert.equal(e.details.code, 'invalidValue');
      assert.match(e.message, /password policy rejected the generated password for Alain Charon/);
      assert.match(e.message, /at least 20 characters/, "the service's own words");
      assert.match(e.message, /Nothing was changed/);
      assert.match(e.nextStep, /passwordPolicy/);
      assert.equal(fixture.passwords.get(alain.id), before);
      assert.equal(patches().length, 1, 'a policy refusal is not retried');
      // A long enough password then goes through.
      const ok = await provider({ passwordPolicy: { length: 20 } }).resetPassword(alain);
      assert.equal(fixture.passwords.get(alain.id), ok.temporaryPassword);
    });

    it('never sends a second reset of the same user while one runs', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      fixture.delay('PATCH', 200);
      const first = p.resetPassword(alain);
      const second = await rejection(p.resetPassword(alain));
      assert.equal(second.kind, 'refused');
      assert.match(second.message, /already running/);
      const result = await first;
      assert.equal(patches().length, 1);
      assert.equal(fixture.passwords.get(alain.id), result.temporaryPassword);
      // Once it is done, another reset may go.
      fixture.delay('PATCH', 0);
      await p.resetPassword(alain);
      assert.equal(patches().length, 2);
    });

    it('refuses a user id of "..", "." or "" before any request: nothing reaches another path of the service', async () => {
      const p = provider();
      for (const id of ['..', '.', '']) {
        const user: DirectoryUser = { id, displayName: 'Dot Dot', signInName: 'dot', source: 'cloud' };
        const read = await rejection(p.getUser(id));
        assert.equal(read.kind, 'badRequest', `getUser(${JSON.stringify(id)})`);
        assert.match(read.message, /cannot name one user.*nothing was sent/s);
        const reset = await rejection(p.resetPassword(user));
        assert.equal(reset.kind, 'badRequest', `resetPassword(${JSON.stringify(id)})`);
      }
      assert.deepEqual(
        fixture.requests.map((r) => `${r.method} ${r.path}`),
        [],
        'no request reached the service',
      );
      // An id that only contains dots or a slash stays one segment under /Users.
      for (const id of ['...', '../x']) await rejection(p.getUser(id));
      assert.deepEqual(
        fixture.requests.map((r) => r.path),
        ['/scim/v2/Users/...', '/scim/v2/Users/..%2Fx'],
      );
    });

    it('reports "outcome unknown" when the connection drops during the PATCH, without retrying', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      fixture.failNext('PATCH', 'drop');
      const e = await rejection(p.resetPassword(alain));
      assert.equal(e.kind, 'outcomeUnknown');
      assert.match(e.message, /unknown whether the password of Alain Charon was changed/);
      assert.equal(patches().length, 1, 'a possibly applied reset is never repeated');
    });

    it('reports "outcome unknown" after a 504, and retries a 503 (not processed)', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      fixture.failNext('PATCH', { status: 504 });
      assert.equal((await rejection(p.resetPassword(alain))).kind, 'outcomeUnknown');
      assert.equal(patches().length, 1);
      fixture.clearRequests();
      fixture.failNext('PATCH', { status: 503, headers: { 'retry-after': '0' } });
      const result = await p.resetPassword(alain);
      assert.equal(patches().length, 2);
      assert.equal(fixture.passwords.get(alain.id), result.temporaryPassword);
    });

    it("a 2xx that is not SCIM's answer (a gateway's 200 sign-in page, another user, 201, 202) -> outcome unknown naming what arrived, no password", async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const before = fixture.passwords.get(alain.id);
      const page = '<!DOCTYPE html><html><body><form action="/sso">Sign in to continue</form></body></html>';
      const cases: Array<[ScimFault, RegExp]> = [
        [
          { status: 200, raw: page, headers: { 'content-type': 'text/html; charset=utf-8' } },
          /HTTP 200 with a web page \(text\/html\)/,
        ],
        [
          {
            status: 200,
            raw: JSON.stringify({
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              id: SCIM_FIXED_USERS.seanOBrien,
            }),
          },
          /HTTP 200 with JSON that is not this user \(application\/scim\+json\)/,
        ],
        [{ status: 200, raw: '' }, /HTTP 200 with an empty body/],
        [{ status: 201, raw: JSON.stringify({ id: alain.id }) }, /HTTP 201 with JSON/],
        [{ status: 202, raw: '' }, /HTTP 202 with an empty body/],
      ];
      for (const [fault, what] of cases) {
        fixture.clearRequests();
        fixture.failNext('PATCH', fault);
        const e = await rejection(p.resetPassword(alain));
        assert.equal(e.kind, 'outcomeUnknown', JSON.stringify(fault));
        assert.match(
          e.message,
          new RegExp(
            `${what.source}[^,]*, not a confirmation.*unknown whether the password of Alain Charon was changed; no temporary password is shown`,
            's',
          ),
        );
        assert.match(e.nextStep, /old password/);
        assert.equal(patches().length, 1, 'never repeated');
      }
      assert.equal(fixture.passwords.get(alain.id), before, 'the service never took a password');
    });

    it('reports "outcome unknown" after a 500 or 502 (the service may have acted)', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      for (const status of [500, 502]) {
        fixture.failNext('PATCH', { status });
        const e = await rejection(p.resetPassword(alain));
        assert.equal(e.kind, 'outcomeUnknown', String(status));
        assert.match(e.message, new RegExp(`HTTP ${status}`));
      }
      assert.equal(patches().length, 2, 'never repeated');
    });

    it('a cancel while the PATCH is on its way -> outcome unknown, not a silent cancel', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      fixture.delay('PATCH', 300);
      const abort = new AbortController();
      const pending = p.resetPassword(alain, { signal: abort.signal });
      setTimeout(() => abort.abort(), 100);
      const e = await rejection(pending);
      assert.equal(e.kind, 'outcomeUnknown');
      assert.match(e.message, /cancelled while the reset request was on its way/);
    });

    it('a cancel before anything is sent stays a plain cancel', async () => {
      const abort = new AbortController();
      abort.abort();
      const e = await rejection(
        provider().resetPassword(asUser(seed(SCIM_FIXED_USERS.alainCharon)), { signal: abort.signal }),
      );
      assert.equal(e.kind, 'cancelled');
      assert.equal(patches().length, 0);
    });

    it('maps 403, 404, 409 and "passwords cannot be written" in plain words', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      fixture.failNext('PATCH', { status: 403, detail: 'Scope users:write required' });
      let e = await rejection(p.resetPassword(alain));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /lacks the right.*Scope users:write required/);
      assert.match(e.nextStep, /token that may read users and write their password/);

      e = await rejection(p.resetPassword({ ...alain, id: 'no-such-user', displayName: 'Ghost' }));
      assert.equal(e.kind, 'notFound');
      assert.match(e.message, /Ghost no longer exists in Test SCIM/);

      fixture.failNext('PATCH', { status: 409, scimType: 'uniqueness' });
      e = await rejection(p.resetPassword(alain));
      assert.equal(e.kind, 'badRequest');
      assert.match(e.message, /Nothing was changed/);

      fixture.failNext('PATCH', { status: 400, scimType: 'mutability', detail: 'password is readOnly' });
      e = await rejection(p.resetPassword(alain));
      assert.equal(e.kind, 'refused');
      assert.match(e.message, /does not let passwords be set over SCIM/);
    });

    it('a failed reset of a user named with a command link and U+202E, refused in such words, is plain text', async () => {
      const p = provider();
      const id = SCIM_FIXED_USERS.alainCharon;
      fixture.users.get(id)!.displayName = HOSTILE_NAME;
      const user = await p.getUser(id);
      assert.equal(user.displayName, HOSTILE_NAME, 'the name comes from the service');
      for (const fault of [
        { status: 400, scimType: 'invalidValue', detail: HOSTILE_DIAGNOSTIC },
        { status: 403, detail: HOSTILE_DIAGNOSTIC },
        { status: 404, detail: HOSTILE_DIAGNOSTIC },
      ]) {
        fixture.failNext('PATCH', fault);
        const e = await rejection(p.resetPassword(user));
        assertPlainText(e.fullMessage, `the message for ${fault.status}`);
      }
      fixture.failNext('PATCH', { status: 403, detail: HOSTILE_DIAGNOSTIC });
      const e = await rejection(p.resetPassword(user));
      assert.match(
        e.message,
        /password of Eve \[Show Log\]\u200b\(command:workbench.*Denied \ufffd\[Open Settings\]\u200b\(command:/s,
      );
    });

    it('keeps the password out of error messages even when the service echoes it', async () => {
      await fixture.close();
      fixture = await startScimFixture({ minPasswordLength: 30, echoPasswordInErrors: true });
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const e = await rejection(provider().resetPassword(alain));
      assert.equal(e.kind, 'passwordRejected');
      const sent = (patches()[0].body as { Operations: Array<{ value: string }> }).Operations[0].value;
      assert.ok(sent.length >= 12);
      assert.ok(!e.fullMessage.includes(sent), 'the echoed password is not in the message');
      assert.match(e.message, /\[password\]/);
    });
  });

  describe('sign-in and errors', () => {
    it('a wrong token -> signInRequired with the next step, after one silent retry', async () => {
      const p = provider({ token: 'not-the-token' });
      const e = await rejection(p.listUsers({ pageSize: 10 }));
      assert.equal(e.kind, 'signInRequired');
      assert.equal(e.details.status, 401);
      assert.match(e.message, /did not accept the bearer token/);
      assert.match(e.nextStep, /Directory: Sign In/);
      assert.equal(userRequests().length, 2);
      assert.ok(userRequests().every((r) => !r.authorized));
    });

    it('a wrong token on a reset -> signInRequired, and the password is unchanged', async () => {
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const before = fixture.passwords.get(alain.id);
      const e = await rejection(provider({ token: 'not-the-token' }).resetPassword(alain));
      assert.equal(e.kind, 'signInRequired');
      assert.equal(fixture.passwords.get(alain.id), before);
    });

    it('no stored token -> signInRequired without a request', async () => {
      const e = await rejection(provider({ token: undefined }).listUsers({ pageSize: 10 }));
      assert.equal(e.kind, 'signInRequired');
      assert.equal(fixture.requests.length, 0);
    });

    it('accepts a token pasted with its "Bearer " prefix', async () => {
      const page = await provider({ token: `  Bearer ${fixture.token} ` }).listUsers({ pageSize: 1 });
      assert.equal(page.users.length, 1);
    });

    it('verifyAccess proves the token with one small request', async () => {
      await provider().verifyAccess();
      assert.equal(fixture.requests.length, 1);
      assert.equal(fixture.requests[0].query.count, '1');
      const e = await rejection(provider({ token: 'nope' }).verifyAccess());
      assert.equal(e.kind, 'signInRequired');
    });

    it('a baseUrl without a SCIM service -> a configuration error naming baseUrl', async () => {
      const p = provider({ baseUrl: fixture.url.replace('/scim/v2', '/not-scim') });
      const e = await rejection(p.listUsers({ pageSize: 10 }));
      assert.equal(e.kind, 'configuration');
      assert.match(e.message, /no SCIM Users endpoint at http:\/\/127\.0\.0\.1:\d+\/not-scim\/Users/);
      assert.match(e.nextStep, /baseUrl/);
    });

    it('a 403 on the list -> forbidden; a 500 -> unavailable; a 400 invalidFilter -> plain words', async () => {
      const p = provider({ http: { backoffMs: 1, maxRetries: 0 } });
      fixture.failNext('GET', { status: 403, detail: 'Token lacks scope users:read' });
      let e = await rejection(p.listUsers({ pageSize: 10 }));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /Token lacks scope users:read/);
      fixture.failNext('GET', { status: 500 });
      e = await rejection(p.listUsers({ pageSize: 10 }));
      assert.equal(e.kind, 'unavailable');
      fixture.failNext('GET', { status: 400, scimType: 'invalidFilter', detail: 'Unsupported filter' });
      e = await rejection(p.listUsers({ pageSize: 10, search: 'x' }));
      assert.equal(e.kind, 'badRequest');
      assert.match(e.message, /could not run this search/);
    });

    it('never writes a password or the token to the log', async () => {
      const p = provider();
      const alain = asUser(seed(SCIM_FIXED_USERS.alainCharon));
      const result = await p.resetPassword(alain);
      await listAll(p, 20, "O'Brien");
      await rejection(provider({ token: 'wrong-token-value' }).listUsers({ pageSize: 10 }));
      fixture.failNext('PATCH', 'drop');
      await rejection(p.resetPassword(alain));
      const secretValues = [
        result.temporaryPassword,
        fixture.token,
        'wrong-token-value',
        seed(SCIM_FIXED_USERS.alainCharon).password!,
      ];
      assert.ok(logger.lines.length >= 5);
      for (const line of logger.lines) {
        for (const s of secretValues) assert.ok(!line.includes(s), `log line leaks a secret: ${line}`);
      }
      assert.ok(
        logger.lines.some((l) => /^PATCH \/scim\/v2\/Users\/[^ ]+ 204 /.test(l)),
        'the reset is logged by method, path and status',
      );
    });
  });
});
