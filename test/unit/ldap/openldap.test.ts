// The LDAP provider against a real OpenLDAP slapd with the ppolicy overlay, started by this file in a temp folder
// on free 127.0.0.1 ports (test/fixtures/ldap/openldap.ts). Proves paging, escaping, resets that the server
// then enforces (a real bind with the new password, and the ppolicy control saying the password must be
// changed), and the directory's own refusals in plain words.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseDirectoryConfig } from '../../../src/directory/config';
import { DirectoryError } from '../../../src/directory/errors';
import { sameDn } from '../../../src/directory/ldap/ldapDn';
import type { LdapDirectoryConfig } from '../../../src/directory/ldap/ldapConfig';
import { LdapProvider, type LdapProviderOptions } from '../../../src/directory/ldap/ldapProvider';
import type { DirectoryUser, UserPage } from '../../../src/directory/types';
import { findExecutable } from '../../fixtures/ldap/common';
import { openLdapMissing, startOpenLdap, type OpenLdapServer } from '../../fixtures/ldap/openldap';
import { LdapOp, startCuttingProxy, startRewritingProxy } from '../../fixtures/ldap/proxy';
import { assertPlainText, HOSTILE_DIAGNOSTIC, HOSTILE_NAME } from '../../support/plainText';
import { recordingLogger, rejection } from '../../support/recording';

const missing = openLdapMissing();

if (missing) {
  describe('LDAP provider against OpenLDAP slapd', () => {
    it(`skipped: ${missing}`);
  });
} else {
  describe('LDAP provider against OpenLDAP slapd with ppolicy', function () {
    this.timeout(20_000);
    let ldap: OpenLdapServer;
    const logger = recordingLogger();
    const providers: LdapProvider[] = [];
    /** Every password this file set or used: none may appear in a log line. */
    const secrets = new Set<string>();

    function config(overrides: Record<string, unknown> = {}): LdapDirectoryConfig {
      const parsed = parseDirectoryConfig(
        {
          name: 'Test LDAP',
          provider: 'ldap',
          url: ldap.url,
          baseDn: ldap.baseDn,
          bindDn: ldap.bindDn,
          passwordPolicyDn: ldap.policyDn,
          ...overrides,
        },
        0,
      );
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
      return parsed.config as LdapDirectoryConfig;
    }

    function provider(
      overrides: Record<string, unknown> = {},
      options: Partial<LdapProviderOptions> = {},
      password?: string,
    ): LdapProvider {
      const p = new LdapProvider({
        config: config(overrides),
        getBindPassword: async () => password ?? ldap.bindPassword,
        logger,
        connectTimeoutMs: 3000,
        operationTimeoutMs: 5000,
        ...options,
      });
      providers.push(p);
      return p;
    }

    async function listAll(
      p: LdapProvider,
      pageSize: number,
      search?: string,
    ): Promise<{ users: DirectoryUser[]; pages: UserPage[] }> {
      const pages: UserPage[] = [];
      let page = await p.listUsers({ pageSize, search });
      pages.push(page);
      while (page.nextCursor) {
        page = await p.listUsers({ pageSize, cursor: page.nextCursor });
        pages.push(page);
        assert.ok(pages.length < 100, 'paging ends');
      }
      return { users: pages.flatMap((x) => x.users), pages };
    }

    /** The seeded user's key for a DN as the server writes it (it may escape differently: \2C for a comma). */
    function keyOf(dn: string): string {
      return ldap.users.find((s) => sameDn(s.dn, dn))?.key ?? `?${dn}`;
    }

    function find(users: readonly DirectoryUser[], key: string): DirectoryUser | undefined {
      return users.find((u) => keyOf(u.id) === key);
    }

    async function searchKeys(p: LdapProvider, text: string): Promise<string[]> {
      const { users } = await listAll(p, 50, text);
      return users.map((u) => keyOf(u.id)).sort();
    }

    function userOf(key: string): DirectoryUser {
      const u = ldap.user(key);
      return { id: u.dn, displayName: u.displayName ?? u.cn, signInName: u.uid, source: 'cloud' };
    }

    before(async function () {
      this.timeout(30_000);
      ldap = await startOpenLdap();
      for (const u of ldap.users) secrets.add(u.password);
      secrets.add(ldap.bindPassword).add(ldap.adminPassword).add(ldap.readerPassword);
    });

    after(async () => {
      await Promise.all(providers.map((p) => p.dispose()));
      await ldap?.close();
    });

    describe('listing', () => {
      it('pages through every user exactly once (page size 7) and closes the connection at the end', async () => {
        const p = provider();
        const { users, pages } = await listAll(p, 7);
        assert.equal(users.length, ldap.users.length);
        assert.deepEqual(new Set(users.map((u) => keyOf(u.id))), new Set(ldap.users.map((u) => u.key)));
        assert.equal(new Set(users.map((u) => u.id)).size, users.length, 'no user twice');
        assert.ok(
          pages.slice(0, -1).every((pg) => pg.users.length === 7),
          'every page but the last is full',
        );
        assert.ok(pages.at(-1)!.users.length >= 1 && pages.at(-1)!.users.length <= 7, 'no empty last page');
        assert.equal(pages.length, Math.ceil(ldap.users.length / 7));
        assert.equal(p.openListingCount, 0, 'the listing connection is closed after the last page');
      });

      it('maps entries: DN as id, display name, uid as sign-in name, mail, title, department, locked = disabled', async () => {
        const p = provider();
        const { users } = await listAll(p, 100);
        const u05 = find(users, 'user05')!;
        assert.deepEqual(u05, {
          id: 'uid=user05,ou=people,dc=example,dc=test',
          displayName: 'User 05',
          signInName: 'user05',
          mail: 'user05@example.test',
          jobTitle: 'Analyst',
          department: 'Sales',
          accountEnabled: true,
          locked: false,
          source: 'cloud',
          resetRefusal: undefined,
          lastPasswordChangeDateTime: undefined,
          mustChangePassword: undefined,
        });
        assert.equal(find(users, 'locked')?.accountEnabled, false);
        assert.equal(find(users, 'comma')?.displayName, 'Jane Doe');
        assert.equal(find(users, 'zoe')?.displayName, 'Zoë Ångström');
        assert.equal(find(users, 'html')?.displayName, '<img src=x onerror=alert(1)>');
      });

      it('a cursor still works when its connection is gone: the search is re-run and the shown users skipped', async () => {
        const continuous = await listAll(provider(), 10);
        const p = provider();
        const first = await p.listUsers({ pageSize: 10 });
        const second = await p.listUsers({ pageSize: 10, cursor: first.nextCursor });
        assert.equal(p.openListingCount, 1);
        p.closeListings(); // as after an idle timeout or a server-side disconnect
        const third = await p.listUsers({ pageSize: 10, cursor: second.nextCursor });
        assert.deepEqual(
          [...first.users, ...second.users, ...third.users].map((u) => u.id),
          continuous.users.slice(0, 30).map((u) => u.id),
        );
        // A cursor given to another provider instance (the settings were reloaded) resumes the same way.
        const other = provider();
        const fourth = await other.listUsers({ pageSize: 10, cursor: third.nextCursor });
        assert.deepEqual(
          fourth.users.map((u) => u.id),
          continuous.users.slice(30, 40).map((u) => u.id),
        );
        assert.ok(logger.lines.some((l) => /resuming a listing by re-reading the first 20 users/.test(l)));
      });

      it('an idle listing closes its connection, and its cursor still works', async () => {
        const p = provider({}, { listingIdleMs: 50 });
        const first = await p.listUsers({ pageSize: 10 });
        assert.equal(p.openListingCount, 1);
        await new Promise((r) => setTimeout(r, 120));
        assert.equal(p.openListingCount, 0);
        const second = await p.listUsers({ pageSize: 10, cursor: first.nextCursor });
        assert.equal(second.users.length, 10);
        assert.ok(!second.users.some((u) => first.users.some((f) => f.id === u.id)));
      });

      it('keeps at most maxOpenListings connections for unfinished listings', async () => {
        const p = provider({}, { maxOpenListings: 2 });
        const a = await p.listUsers({ pageSize: 5 });
        await p.listUsers({ pageSize: 5 });
        await p.listUsers({ pageSize: 5 });
        assert.equal(p.openListingCount, 2);
        const next = await p.listUsers({ pageSize: 5, cursor: a.nextCursor }); // evicted, so re-read
        assert.equal(next.users.length, 5);
        await p.dispose();
        assert.equal(p.openListingCount, 0);
      });

      it('aborting a listing cancels it and closes its connection', async () => {
        const p = provider();
        const first = await p.listUsers({ pageSize: 5 });
        const abort = new AbortController();
        abort.abort();
        const e = await rejection(p.listUsers({ pageSize: 5, cursor: first.nextCursor, signal: abort.signal }));
        assert.equal(e.kind, 'cancelled');
      });
    });

    describe('search (RFC 4515 escaping)', () => {
      const cases: Array<[string, string[]]> = [
        ['Star*', ['star']], // * is a literal star: "Starling Ann" does not match
        ['Star', ['star', 'starling']],
        ['*', []],
        ['Paren (', ['paren']],
        ['paren(test)', ['paren']],
        ['Back\\', ['backslash']],
        ['Inject )(uid=*', ['inject']],
        [')(uid=*', []],
        ['Zoë', ['zoe']],
        ['Ångström', ['zoe']],
        ['zoë ång', ['zoe']],
        ['Müller', ['jose']],
        ['李', ['li']],
        ["O'Brien", ['obrien']],
        ['"Quoted"', ['quoted']],
        ['Doe, J', ['comma']],
        ['<img', ['html']],
        ['User\u0000x', []], // control characters are blanked like the search box does: "User x" matches nobody
        ['zoe@example', ['zoe']],
      ];
      for (const [text, expected] of cases) {
        it(`${JSON.stringify(text)} finds ${expected.length ? expected.join(', ') : 'nobody'}`, async () => {
          assert.deepEqual(await searchKeys(provider(), text), expected);
        });
      }

      it('a plain prefix pages like the full list', async () => {
        const { users, pages } = await listAll(provider(), 4, 'user1');
        assert.deepEqual(
          users.map((u) => u.signInName).sort(),
          Array.from({ length: 10 }, (_, i) => `user1${i}`),
        );
        assert.equal(pages.length, 3);
      });

      it('a search that finds nobody gives an empty page and no cursor', async () => {
        const page = await provider().listUsers({ pageSize: 10, search: 'zzz-nobody' });
        assert.deepEqual(page, { users: [], nextCursor: undefined });
      });
    });

    describe('reset', () => {
      it('through the write-only service account: the new password binds and the server demands a change', async () => {
        const p = provider();
        const target = ldap.user('user05');
        const result = await p.resetPassword(userOf('user05'));
        secrets.add(result.temporaryPassword);
        assert.equal(result.mustChangeAtNextSignIn, true);
        assert.equal(result.mustChangeNote, undefined);
        assert.ok(
          logger.lines.some((l) =>
            /must change at next sign-in confirmed for uid=user05,.*pwdReset=TRUE, cn=default,ou=policies,dc=example,dc=test pwdMustChange=TRUE/.test(
              l,
            ),
          ),
        );
        assert.equal(result.temporaryPassword.length, 16);
        assert.equal(p.capabilities.kindLabel, 'LDAP');
        assert.equal(p.capabilities.forcesChangeAtNextSignIn, true);

        const bind = await ldap.verifyBind(target.dn, result.temporaryPassword);
        assert.deepEqual(bind, { ok: true, mustChange: true, restricted: true, detail: 'changeAfterReset' });
        assert.equal((await ldap.verifyBind(target.dn, target.password)).ok, false, 'the old password stopped working');
        const entry = await ldap.readEntry(target.dn);
        assert.equal(entry?.pwdReset, 'TRUE');
        assert.match(
          String(entry?.userPassword),
          /^\{SSHA\}/,
          'the server hashed the cleartext (olcPPolicyHashCleartext)',
        );

        // The same seen by OpenLDAP's own client, independent of this project's control parser.
        const ldapwhoami = findExecutable('ldapwhoami');
        if (ldapwhoami) {
          const r = await promisify(execFile)(ldapwhoami, [
            '-x',
            '-e',
            'ppolicy',
            '-H',
            ldap.url,
            '-D',
            target.dn,
            '-w',
            result.temporaryPassword,
          ]);
          assert.match(r.stderr, /Password must be changed/);
        }
      });

      it('claims "must change" only with the policy\'s word: under pwdMustChange FALSE it says not, and why', async () => {
        await ldap.setPolicy({ pwdMustChange: 'FALSE' });
        try {
          const p = provider();
          const target = ldap.user('user15');
          const result = await p.resetPassword(userOf('user15'));
          secrets.add(result.temporaryPassword);
          assert.equal(result.mustChangeAtNextSignIn, false);
          assert.match(
            result.mustChangeNote!.why,
            /cn=default,ou=policies,dc=example,dc=test does not have pwdMustChange: TRUE/,
          );
          assert.match(result.mustChangeNote!.nextStep, /Set pwdMustChange: TRUE in cn=default,ou=policies/);
          // What the check saw is what the server does: pwdReset is stored, and the user gets a normal session.
          assert.equal((await ldap.readEntry(target.dn))?.pwdReset, 'TRUE');
          assert.deepEqual(await ldap.verifyBind(target.dn, result.temporaryPassword), {
            ok: true,
            mustChange: false,
            restricted: false,
            detail: undefined,
          });
          // The profile does not say "must be changed" either, although pwdReset is TRUE.
          assert.equal((await p.getUser(target.dn)).mustChangePassword, undefined);
          assert.ok(
            logger.lines.some((l) =>
              /must change at next sign-in NOT confirmed for uid=user15,.*pwdMustChange=FALSE/.test(l),
            ),
          );
        } finally {
          await ldap.setPolicy({ pwdMustChange: 'TRUE' });
        }
      });

      it('without a policy it can read (no "passwordPolicyDn", or one it may not read) it claims nothing and names the setting', async () => {
        for (const [overrides, why, next] of [
          [{ passwordPolicyDn: undefined }, /cannot tell which password policy applies/, /Set "passwordPolicyDn"/],
          [
            { passwordPolicyDn: 'cn=hidden,ou=elsewhere,dc=example,dc=test' },
            /cannot be read by cn=pwreset,ou=system,dc=example,dc=test \(or does not exist\)/,
            /read access to the password policy entries/,
          ],
        ] as const) {
          const result = await provider(overrides).resetPassword(userOf('user16'));
          secrets.add(result.temporaryPassword);
          assert.equal(result.mustChangeAtNextSignIn, false);
          assert.match(result.mustChangeNote!.why, why);
          assert.match(result.mustChangeNote!.nextStep, next);
        }
      });

      it('works for DNs that need escaping (comma, backslash, non-ASCII) and reads back on the profile', async () => {
        const p = provider();
        for (const key of ['comma', 'backslash', 'zoe']) {
          const result = await p.resetPassword(userOf(key));
          secrets.add(result.temporaryPassword);
          const bind = await ldap.verifyBind(ldap.user(key).dn, result.temporaryPassword);
          assert.equal(bind.ok && bind.mustChange, true, `${key}: binds and must change`);
        }
        const profile = await p.getUser(ldap.user('zoe').dn);
        assert.equal(profile.displayName, 'Zoë Ångström');
        assert.ok(profile.lastPasswordChangeDateTime, 'pwdChangedTime is read');
        assert.ok(Date.now() - Date.parse(profile.lastPasswordChangeDateTime) < 60_000);
        assert.equal(profile.mustChangePassword, true);
      });

      it('over ldaps:// with caCertificateFile', async () => {
        const p = provider({ url: ldap.ldapsUrl, caCertificateFile: ldap.caFile });
        const page = await p.listUsers({ pageSize: 5 });
        assert.equal(page.users.length, 5);
        const result = await p.resetPassword(userOf('user06'));
        secrets.add(result.temporaryPassword);
        assert.equal((await ldap.verifyBind(ldap.user('user06').dn, result.temporaryPassword)).mustChange, true);
      });

      it('over ldap:// upgraded with StartTLS', async () => {
        const p = provider({ url: ldap.url, startTls: true, caCertificateFile: ldap.caFile });
        const result = await p.resetPassword(userOf('user07'));
        secrets.add(result.temporaryPassword);
        assert.equal((await ldap.verifyBind(ldap.user('user07').dn, result.temporaryPassword)).mustChange, true);
      });

      it("passwordRejected with the server's words when the policy wants longer passwords; nothing changes", async () => {
        await ldap.setPolicy({ pwdMinLength: '20' });
        try {
          const e = await rejection(provider().resetPassword(userOf('user08')));
          assert.equal(e.kind, 'passwordRejected');
          assert.match(e.message, /Password fails quality checking policy/);
          assert.match(e.message, /shorter than the policy allows/);
          assert.match(e.message, /Nothing was changed/);
          assert.match(e.nextStep, /passwordPolicy\.length/);
          assert.equal(e.details.code, '19');
          assert.deepEqual(await ldap.verifyBind(ldap.user('user08').dn, ldap.user('user08').password), {
            ok: true,
            mustChange: false,
            restricted: false,
            detail: undefined,
          });
          // A longer generated password (passwordPolicy.length) passes the same policy.
          const ok = await provider({ passwordPolicy: { length: 24 } }).resetPassword(userOf('user08'));
          secrets.add(ok.temporaryPassword);
          assert.equal(ok.temporaryPassword.length, 24);
          assert.equal((await ldap.verifyBind(ldap.user('user08').dn, ok.temporaryPassword)).mustChange, true);
        } finally {
          await ldap.setPolicy({ pwdMinLength: '8' });
        }
      });

      it('an account with "manage" (here the rootdn) skips the policy: why the service account gets "write" only', async () => {
        await ldap.setPolicy({ pwdMinLength: '40' });
        try {
          const admin = provider({ bindDn: ldap.adminDn }, {}, ldap.adminPassword);
          const result = await admin.resetPassword(userOf('user14'));
          secrets.add(result.temporaryPassword);
          assert.equal(result.temporaryPassword.length, 16, 'shorter than pwdMinLength 40, and accepted');
          assert.equal((await ldap.verifyBind(ldap.user('user14').dn, result.temporaryPassword)).ok, true);
        } finally {
          await ldap.setPolicy({ pwdMinLength: '8' });
        }
      });

      it('forbidden when the bind account may only read; nothing changes', async () => {
        const p = provider({ bindDn: ldap.readerDn }, {}, ldap.readerPassword);
        assert.equal((await p.listUsers({ pageSize: 3 })).users.length, 3, 'it can read');
        const e = await rejection(p.resetPassword(userOf('user09')));
        assert.equal(e.kind, 'forbidden');
        assert.match(e.message, /cn=reader,ou=system,dc=example,dc=test may not change the password of User 09/);
        assert.match(e.nextStep, /write/);
        assert.equal((await ldap.verifyBind(ldap.user('user09').dn, ldap.user('user09').password)).ok, true);
      });

      it('a failed reset shows a hostile display name and a hostile diagnostic (U+202E, a command link) as plain text', async () => {
        // The user gave themselves this name; the server (here a proxy in front of slapd) puts its own words in the refusal.
        const target = ldap.user('user12');
        await ldap.setAttribute(target.dn, 'displayName', HOSTILE_NAME);
        const proxy = await startRewritingProxy({
          targetPort: ldap.port,
          rewrite: (op) => (op === LdapOp.modifyResponse ? HOSTILE_DIAGNOSTIC : undefined),
        });
        try {
          const p = provider({ url: proxy.url, bindDn: ldap.readerDn }, {}, ldap.readerPassword);
          const user = await p.getUser(target.dn);
          assert.equal(user.displayName, HOSTILE_NAME, 'the name comes from the directory');
          const e = await rejection(p.resetPassword(user));
          assert.equal(e.kind, 'forbidden', 'slapd refused the reader');
          assert.equal(proxy.rewrites, 1, 'with the hostile diagnostic');
          assertPlainText(e.fullMessage);
          assert.match(
            e.message,
            /may not change the password of Eve \[Show Log\]\u200b\(command:workbench/,
            'the name is shown, as text',
          );
          assert.match(
            e.message,
            /The directory said: "Denied \ufffd\[Open Settings\]\u200b\(command:/,
            "and so are the server's words",
          );
        } finally {
          await proxy.close();
          await ldap.setAttribute(target.dn, 'displayName', target.cn);
        }
      });

      it('sign-in reads the root DSE: "openldap" is quiet, "389ds" on this server gets a warning naming OpenLDAP', async () => {
        assert.deepEqual(await provider().verifySignIn(), []);
        const [warning] = await provider({ flavor: '389ds' }).verifySignIn();
        assert.match(
          warning,
          /is set up as 389 Directory Server \("flavor": "389ds"\), but the server says it is OpenLDAP\. Set "flavor": "openldap"/,
        );
      });

      it('signInRequired for a wrong bind password or none stored', async () => {
        const wrong = provider({}, {}, 'not-the-password');
        for (const op of [
          () => wrong.listUsers({ pageSize: 5 }),
          () => wrong.resetPassword(userOf('user10')),
          () => wrong.verifySignIn(),
        ]) {
          const e = await rejection(op());
          assert.equal(e.kind, 'signInRequired');
          assert.match(e.message, /did not accept the bind password of cn=pwreset/);
          assert.match(e.nextStep, /Directory: Sign In/);
        }
        const none = new LdapProvider({ config: config(), getBindPassword: async () => undefined, logger });
        assert.equal((await rejection(none.listUsers({ pageSize: 5 }))).kind, 'signInRequired');
        assert.equal((await ldap.verifyBind(ldap.user('user10').dn, ldap.user('user10').password)).ok, true);
      });

      it('a second reset of the same user while one runs is refused, and only one is sent', async () => {
        const p = provider();
        const user = userOf('user11');
        const [a, b] = await Promise.allSettled([p.resetPassword(user), p.resetPassword({ ...user })]);
        assert.equal(a.status, 'fulfilled');
        assert.equal(b.status, 'rejected');
        const e = b.reason as DirectoryError;
        assert.equal(e.kind, 'refused');
        assert.match(e.message, /already running/);
        const pw = (a as PromiseFulfilledResult<{ temporaryPassword: string }>).value.temporaryPassword;
        secrets.add(pw);
        assert.equal((await ldap.verifyBind(ldap.user('user11').dn, pw)).ok, true);
        // After it finished, the next reset goes through.
        const again = await p.resetPassword(user);
        secrets.add(again.temporaryPassword);
      });

      it('outcomeUnknown when the connection drops after the modify was sent (and the server did apply it)', async () => {
        const proxy = await startCuttingProxy(ldap.port, LdapOp.modifyRequest);
        try {
          const before = await ldap.readEntry(ldap.user('user12').dn);
          assert.equal(before?.pwdReset, undefined);
          const e = await rejection(provider({ url: proxy.url }).resetPassword(userOf('user12')));
          assert.equal(proxy.cuts, 1);
          assert.equal(e.kind, 'outcomeUnknown');
          assert.match(e.message, /unknown whether the password was changed/);
          const after = await ldap.readEntry(ldap.user('user12').dn);
          assert.equal(after?.pwdReset, 'TRUE', 'the server applied it: "unknown" was the honest answer');
        } finally {
          await proxy.close();
        }
      });

      it('unavailable when the server does not answer; nothing was sent', async () => {
        const p = provider({ url: 'ldap://127.0.0.1:9' });
        const e = await rejection(p.resetPassword(userOf('user13')));
        assert.equal(e.kind, 'unavailable');
        assert.match(e.message, /Could not reach Test LDAP at ldap:\/\/127\.0\.0\.1:9/);
        assert.equal((await rejection(p.listUsers({ pageSize: 5 }))).kind, 'unavailable');
      });

      it('refuses the service account itself and entries outside the base DN, before connecting', async () => {
        const p = provider({}, {}, 'never-used');
        for (const id of [ldap.bindDn, 'uid=someone,ou=elsewhere,dc=example,dc=test']) {
          const e = await rejection(p.resetPassword({ id, displayName: id, signInName: '', source: 'cloud' }));
          assert.equal(e.kind, 'refused');
        }
      });
    });

    describe('settings problems', () => {
      it('LDAPS without the CA file: the certificate cannot be verified, and the error says what to set', async () => {
        const e = await rejection(provider({ url: ldap.ldapsUrl }).listUsers({ pageSize: 5 }));
        assert.equal(e.kind, 'configuration');
        assert.match(e.nextStep, /caCertificateFile/);
      });

      it('an unreadable CA file, a bad user filter and a missing base DN are configuration errors', async () => {
        assert.match(
          (
            await rejection(
              provider({ url: ldap.ldapsUrl, caCertificateFile: '/nonexistent/ca.pem' }).listUsers({ pageSize: 5 }),
            )
          ).message,
          /Could not read the CA certificate file/,
        );
        assert.equal(
          (await rejection(provider({ userFilter: '(objectClass=inet)Person)' }).listUsers({ pageSize: 5 }))).kind,
          'configuration',
        );
        const e = await rejection(provider({ baseDn: 'ou=nowhere,dc=example,dc=test' }).listUsers({ pageSize: 5 }));
        assert.equal(e.kind, 'configuration');
        assert.match(e.message, /ou=nowhere,dc=example,dc=test does not exist/);
      });

      it('StartTLS on the LDAPS port, or ldaps:// on the LDAP port, fails with a hint about ports', async () => {
        const port = new URL(ldap.ldapsUrl).port;
        const e = await rejection(
          provider(
            { url: `ldap://127.0.0.1:${port}`, startTls: true, caCertificateFile: ldap.caFile },
            { operationTimeoutMs: 2000 },
          ).listUsers({ pageSize: 5 }),
        );
        assert.equal(e.kind, 'unavailable');
        assert.match(e.nextStep, /ldaps:\/\/ with the LDAPS port/);
        const e2 = await rejection(
          provider({ url: `ldaps://127.0.0.1:${ldap.port}`, caCertificateFile: ldap.caFile }).listUsers({
            pageSize: 5,
          }),
        );
        assert.match(e2.nextStep, /ldaps:\/\/ with the LDAPS port/);
      });
    });

    describe('server limits', () => {
      it('a size limit below the number of users stops the listing plainly; size.prtotal=unlimited for the service account lifts it', async function () {
        this.timeout(20_000);
        for (const limits of [[], [`dn.exact="${ldap.bindDn}" size.prtotal=unlimited`]]) {
          const small = await startOpenLdap({ sizeLimit: 10, limits });
          try {
            const p = new LdapProvider({
              config: { ...config(), url: small.url },
              getBindPassword: async () => small.bindPassword,
              logger,
            });
            providers.push(p);
            if (limits.length === 0) {
              const e = await rejection(listAll(p, 7));
              assert.equal(e.kind, 'badRequest');
              assert.match(e.message, /stopped the search at one of its limits \(size\)/);
              assert.match(e.nextStep, /size\.prtotal=unlimited/);
            } else {
              assert.equal((await listAll(p, 7)).users.length, small.users.length);
            }
          } finally {
            await small.close();
          }
        }
      });
    });

    describe('log', () => {
      it('never writes a password to the log', () => {
        assert.ok(logger.lines.length > 20, 'the provider logs what it does');
        for (const line of logger.lines) {
          for (const s of secrets) assert.ok(!line.includes(s), `a password is in the log line: ${line}`);
        }
      });
    });
  });
}
