// Hostile input: search text built to break the query (quotes, backslashes, OData keywords, '#', '%', unicode,
// lone surrogates, 10,000 characters), property-tested with fast-check against the escaper, against the test
// directory's own $search parser, and end to end through the provider; and directory data built to mislead
// (HTML, scripts, control characters, right-to-left overrides, notification links, huge strings, wrong types).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSearch } from '../../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { BIDI_CONTROLS, displayText } from '../../../src/directory/displayText';
import { buildSearch } from '../../../src/directory/graph/graphQuery';
import { queryString } from '../../../src/directory/kit/answers';
import { MAX_SEARCH_CHARS, normalizeSearchText } from '../../../src/directory/kit/searchText';
import type { DirectoryError } from '../../../src/directory/errors';
import { assertPlainText, HOSTILE_DIAGNOSTIC, HOSTILE_NAME } from '../../support/plainText';
import { directoryFixture, errorBody, kind, appTokenSource } from '../../support/directoryFixture';

/** Pieces hostile search text is made of: syntax, keywords, encodings, odd unicode, and any character at all. */
const SEARCH_PIECES = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '"',
      '\\',
      "'",
      '#',
      '%',
      '&',
      '=',
      '+',
      '?',
      '/',
      ':',
      '$',
      '(',
      ')',
      ',',
      ';',
      '*',
      ' ',
      '\t',
      '\n',
      '\u0000',
      '\u007f',
      '\u00a0',
      '\u2028',
      '\u202e',
      '\u2066',
      '\ufeff',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ' or ',
      ' and ',
      ' OR ',
      ' AND ',
      'not ',
      '$filter=',
      '$search=',
      '&$top=1',
      '"displayName:',
      '" OR "mail:',
      '%22',
      '%00',
      '%2',
      '%%',
      '\\"',
      '\\\\',
      "startsWith(displayName,'a')",
      'eq',
      '$(check)',
      '[x](command:y)',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '😀',
      '👩‍👩‍👧',
      'é',
      'e\u0301',
      'ß',
      'İ',
      'ﬀ',
      'ليلى',
      'נועה',
      '\ud800',
      '\udfff',
      '\udc00\ud800',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }) },
);
const hostileText = (maxLength: number) => fc.string({ unit: SEARCH_PIECES, maxLength });

// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** What the person meant, worked out independently of the code under test (String.prototype.toWellFormed). */
function meant(text: string): string {
  const wellFormed = (text as string & { toWellFormed(): string }).toWellFormed();
  return wellFormed.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

function assertRoundTrip(text: string): void {
  const t = meant(text);
  fc.pre(t !== '');
  const expr = parseSearch(buildSearch(text));
  assert.equal(expr.length, 3, 'three OR-ed clauses, whatever keywords the text holds');
  assert.deepEqual(
    expr.map((ands) => ands.map((c) => c.property)),
    [['displayName'], ['userPrincipalName'], ['mail']],
  );
  for (const [clause] of expr) assert.equal(clause.term, t.toLowerCase(), 'the parser reads back exactly the text');
}

describe('Security: hostile input', function () {
  this.timeout(30_000);

  describe('search text: escaper and the test directory parser (property-based)', () => {
    it('any text survives escaping and parsing to the same text', () => {
      fc.assert(fc.property(hostileText(60), assertRoundTrip), { numRuns: 2000 });
    });

    it('any text of up to 10,000 characters survives escaping and parsing to the same text', () => {
      // Thousands of pieces (fast-check would otherwise keep strings short), cut at 10,000 characters.
      const long = fc.string({ unit: SEARCH_PIECES, minLength: 3000, maxLength: 6000 }).map((t) => t.slice(0, 10_000));
      fc.assert(
        fc.property(long, (text) => {
          assert.ok(text.length > 5000);
          assertRoundTrip(text);
        }),
        { numRuns: 25 },
      );
      assertRoundTrip('"\\'.repeat(5000));
      assertRoundTrip(`${'a" OR "mail:'.repeat(800)}x`.slice(0, 10_000));
    });

    it('only " and \\ are escaped, each clause is one quoted string, and the query string carries no raw syntax', () => {
      fc.assert(
        fc.property(hostileText(80), (text) => {
          fc.pre(meant(text) !== '');
          const search = buildSearch(text);
          // Three quoted clauses with the same content, in which every " and \ is escaped: no quote ends one early.
          assert.match(search, /^"displayName:((?:[^"\\]|\\["\\])*)" OR "userPrincipalName:\1" OR "mail:\1"$/s);
          const query = queryString({ $search: search, $top: 5 });
          assert.match(
            query,
            /^\$search=[A-Za-z0-9\-_.!~*'()%]*&\$top=5$/,
            'no raw #, &, space, + or quote in the URL',
          );
          assert.equal(new URLSearchParams(query).get('$search'), search);
        }),
        { numRuns: 1000 },
      );
    });

    it('normalizing is idempotent and never leaves control characters or lone surrogates', () => {
      fc.assert(
        fc.property(hostileText(60), (text) => {
          const once = normalizeSearchText(text);
          assert.equal(normalizeSearchText(once), once);
          assert.equal(once, meant(text));
          assert.doesNotMatch(once, /[\u0000-\u001f\u007f]/); // eslint-disable-line no-control-regex
          assert.doesNotThrow(() => encodeURIComponent(once));
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('search text: the request the provider sends', () => {
    const fx = directoryFixture({ users: seedUsers(40, 2) });

    it('is well-formed for any text: the recorded $search decodes to the escaped text, and the strict directory accepts it', async () => {
      const provider = fx.delegated();
      await fc.assert(
        fc.asyncProperty(hostileText(40), async (text) => {
          fx.server.clearRequests();
          const t = meant(text);
          fc.pre([...t].length <= MAX_SEARCH_CHARS);
          await provider.listUsers({ search: text, pageSize: 5 });
          const [request] = fx.server.requests;
          assert.equal(fx.server.requests.length, 1);
          assert.equal(request.status, 200, `the directory refused ${JSON.stringify(text)}`);
          if (t === '') {
            assert.equal(request.query.$search, undefined, 'blank text lists everyone');
            return;
          }
          assert.equal(request.query.$search, buildSearch(t));
          assert.equal(new URLSearchParams(request.search).get('$search'), buildSearch(t));
          assert.equal(request.headers['consistencylevel'], 'eventual');
          assert.deepEqual(
            parseSearch(request.query.$search).map(([c]) => c.term),
            [t, t, t].map((x) => x.toLowerCase()),
          );
        }),
        { numRuns: 150 },
      );
    });

    it("finds O'Brien and a name with quotes, and a search that is all OData syntax finds nobody instead of failing", async () => {
      const provider = fx.delegated();
      assert.ok(
        (await provider.listUsers({ search: "O'Brien", pageSize: 5 })).users.some(
          (u) => u.id === FIXED_USERS.seanOBrien,
        ),
      );
      assert.ok(
        (await provider.listUsers({ search: '"Q"', pageSize: 5 })).users.some(
          (u) => u.id === FIXED_USERS.quentinQuoted,
        ),
      );
      const odata = await provider.listUsers({
        search: `" OR "mail:a" AND $filter=startsWith(displayName,'a')#%00`,
        pageSize: 5,
      });
      assert.deepEqual(odata.users, []);
    });

    it('a 10,000-character search is refused before any request, in plain words', async () => {
      const provider = fx.delegated();
      await assert.rejects(
        provider.listUsers({ search: 'a'.repeat(10_000), pageSize: 5 }),
        kind('badRequest', /10000 characters long.*at most 256/s),
      );
      await assert.rejects(
        provider.listUsers({ search: '😀'.repeat(MAX_SEARCH_CHARS + 1), pageSize: 5 }),
        kind('badRequest'),
      );
      assert.equal(fx.server.requests.length, 0);
    });
  });

  describe('directory data', () => {
    const HOSTILE = {
      script: '<script>window.__pwned = 1</script>',
      img: '<img src=x onerror="window.__pwned = 1">',
      controls: 'Eve\u0000\u0007\u001b[31mRed\u001b[0m\r\nFake line',
      rtl: 'Bob \u202egnp.exe\u202c (admin)',
      isolate: '\u2067Mallory\u2069',
      link: '[Open settings](command:workbench.action.openSettings) [site](https://evil.example)',
      huge: 'A'.repeat(100_000),
      lone: 'half \ud800 a surrogate',
    };
    const hostileUsers = () => {
      const users = seedUsers(20, 9);
      const names = Object.values(HOSTILE);
      users.slice(10, 10 + names.length).forEach((u, i) => {
        u.displayName = names[i];
        u.jobTitle = names[(i + 1) % names.length];
        u.department = names[(i + 2) % names.length];
      });
      return users;
    };
    const fx = directoryFixture({ users: hostileUsers() });

    it('HTML, scripts, control characters, direction overrides, links and 100,000 characters come through as the same text', async () => {
      const provider = fx.delegated();
      const page = await provider.listUsers({ pageSize: 50 });
      for (const value of Object.values(HOSTILE)) {
        const user = page.users.find((u) => u.displayName === value);
        assert.ok(user, `a user named ${JSON.stringify(value.slice(0, 40))} is listed with that exact name`);
        const full = await provider.getUser(user.id);
        assert.equal(full.displayName, value);
        assert.ok(Object.values(HOSTILE).includes(full.jobTitle!));
      }
    });

    it('shown as text: visible controls, no direction overrides, no notification links, bounded length', () => {
      assert.equal(displayText(HOSTILE.script), HOSTILE.script, 'HTML is text, nothing to change');
      assert.equal(displayText(HOSTILE.controls), 'Eve\u2400\u2407\u241b[31mRed\u241b[0m\u240d\u240aFake line');
      assert.equal(displayText(HOSTILE.rtl), 'Bob \ufffdgnp.exe\ufffd (admin)');
      assert.equal(displayText(HOSTILE.isolate), '\ufffdMallory\ufffd');
      assert.doesNotMatch(displayText(HOSTILE.link), /\]\(/);
      assert.equal(displayText('$(check) Approved'), '$\u200b(check) Approved', 'no icon from a name');
      assert.equal(displayText(HOSTILE.huge, 80), `${'A'.repeat(79)}\u2026`);
      assert.equal(displayText(HOSTILE.lone), 'half \ufffd a surrogate');
      assert.equal(
        displayText("Seán O'Brien ليلى حداد 👩‍👩‍👧"),
        "Seán O'Brien ليلى حداد 👩‍👩‍👧",
        'ordinary names are untouched',
      );
    });

    it('displayText, for any text: nothing invisible or reordering survives, and the length is bounded', () => {
      fc.assert(
        fc.property(hostileText(400), fc.integer({ min: 1, max: 300 }), (text, max) => {
          const shown = displayText(text, max);
          assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/); // eslint-disable-line no-control-regex
          assert.doesNotMatch(shown, BIDI_CONTROLS);
          assert.doesNotMatch(shown, /\]\(|\$\(/);
          assert.ok([...shown].length <= max);
          assert.doesNotThrow(() => encodeURIComponent(shown), 'well-formed');
        }),
        { numRuns: 2000 },
      );
    });

    it('a refusal and an error message name the user as plain, bounded text', async () => {
      const provider = fx.delegated();
      const page = await provider.listUsers({ pageSize: 50 });
      const rtl = page.users.find((u) => u.displayName === HOSTILE.rtl)!;
      fx.server.injectFault({ method: 'POST', response: { kind: 'reset' } });
      await assert.rejects(provider.resetPassword(rtl), (e: Error) => {
        assert.match(e.message, /Bob \ufffdgnp\.exe\ufffd \(admin\)/);
        assert.doesNotMatch(e.message, BIDI_CONTROLS);
        return true;
      });
      const huge = page.users.find((u) => u.displayName === HOSTILE.huge)!;
      fx.server.injectFault({ method: 'POST', response: { kind: 'reset' } });
      await assert.rejects(provider.resetPassword(huge), (e: Error) => e.message.length < 600);
    });

    it('a failed reset of a user named with a command link and U+202E, refused in such words, is plain text', async () => {
      const provider = fx.appOnly();
      const listed = (await provider.listUsers({ pageSize: 50 })).users.find(
        (u) => !u.resetRefusal && fx.server.users.get(u.id)?.roles.length === 0,
      )!;
      fx.server.users.get(listed.id)!.displayName = HOSTILE_NAME;
      fx.server.usersChanged();
      const user = await provider.getUser(listed.id);
      assert.equal(user.displayName, HOSTILE_NAME, 'the name comes from the directory');
      fx.server.injectFault({
        method: 'PATCH',
        response: { status: 400, body: errorBody('Request_BadRequest', HOSTILE_DIAGNOSTIC) },
      });
      const refused = await provider.resetPassword(user).then(
        () => assert.fail('expected a refusal'),
        (e: DirectoryError) => e,
      );
      assertPlainText(refused.fullMessage);
      assert.match(refused.message, /Denied \ufffd\[Open Settings\]\u200b\(command:/);
      // A 403: the message names the user and the admin roles the directory says they hold.
      fx.server.injectFault({
        method: 'PATCH',
        response: { status: 403, body: errorBody('Authorization_RequestDenied', HOSTILE_DIAGNOSTIC) },
      });
      fx.server.injectFault({
        method: 'GET',
        path: /memberOf/,
        response: { status: 200, body: { value: [{ displayName: HOSTILE_DIAGNOSTIC }] } },
      });
      const forbidden = await provider.resetPassword(user).then(
        () => assert.fail('expected a refusal'),
        (e: DirectoryError) => e,
      );
      assert.equal(forbidden.kind, 'forbidden');
      assertPlainText(forbidden.fullMessage);
      assert.match(forbidden.message, /You may not reset the password of Eve \[Show Log\]\u200b\(command:workbench/);
    });

    it("the directory's own error messages are shown as plain, bounded text", async () => {
      const provider = fx.delegated();
      const message = `${HOSTILE.rtl} ${HOSTILE.link} ${'x'.repeat(100_000)}`;
      fx.server.injectFault({
        method: 'GET',
        response: { status: 400, body: errorBody('Request_BadRequest', message) },
      });
      await assert.rejects(provider.listUsers({ pageSize: 5 }), (e: Error) => {
        assert.ok(e.message.length < 600, `message of ${e.message.length} characters`);
        assert.doesNotMatch(e.message, BIDI_CONTROLS);
        assert.doesNotMatch(e.message, /\]\(/);
        return true;
      });
    });

    it("a failed operation's statusDetail and the sign-in service's error_description are plain, bounded text", async () => {
      const detail = `${HOSTILE.rtl} ${HOSTILE.link} ${'y'.repeat(50_000)}`;
      const provider = fx.delegated();
      const user = await provider.getUser(FIXED_USERS.alainCharon);
      fx.server.injectFault({
        method: 'GET',
        path: /\/authentication\/operations\//,
        response: { status: 200, body: { status: 'failed', statusDetail: detail } },
      });
      await assert.rejects(provider.resetPassword(user), (e: Error) => {
        assert.match(e.message, /could not reset the password/);
        assert.ok(
          e.message.length < 600 && !BIDI_CONTROLS.test(e.message) && !/\]\(/.test(e.message),
          e.message.slice(0, 80),
        );
        return true;
      });
      fx.server.injectFault({
        method: 'POST',
        path: /\/oauth2\/v2\.0\/token$/,
        response: {
          status: 400,
          body: { error: `invalid_request${HOSTILE.rtl}`, error_description: `AADSTS1: ${detail}` },
        },
      });
      const tokens = appTokenSource(fx.server, fx.logger);
      await assert.rejects(tokens.getToken(), (e: Error) => {
        assert.match(e.message, /refused the token request/);
        assert.ok(
          e.message.length < 600 && !BIDI_CONTROLS.test(e.message) && !/\]\(/.test(e.message),
          e.message.slice(0, 80),
        );
        return true;
      });
    });

    it('fields of the wrong type are dropped, never passed on to the UI', async () => {
      const provider = fx.delegated();
      fx.server.injectFault({
        method: 'GET',
        response: {
          status: 200,
          body: {
            value: [
              {
                id: 'odd-1',
                displayName: { toString: 'x' },
                userPrincipalName: 42,
                mail: ['a@b'],
                jobTitle: true,
                accountEnabled: 'yes',
                identities: 'federated',
                onPremisesSyncEnabled: 'true',
              },
            ],
          },
        },
      });
      const [user] = (await provider.listUsers({ pageSize: 5 })).users;
      assert.equal(user.displayName, 'odd-1', 'falls back to the id');
      assert.equal(user.signInName, '');
      assert.equal(user.mail, undefined);
      assert.equal(user.jobTitle, undefined);
      assert.equal(user.accountEnabled, undefined);
    });
  });
});
