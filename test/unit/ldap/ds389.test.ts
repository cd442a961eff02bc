// The LDAP provider against a real 389 Directory Server (Debian's 389-ds-base), started by this file from a
// temp folder on free 127.0.0.1 ports with a certificate from a test CA (test/fixtures/ldap/ds389.ts). Proves
// detection (root DSE), paging, escaping, and that "must change at next sign-in" is claimed exactly when 389 DS
// enforces it: a reset with the Password Modify operation under passwordMustChange: on is confirmed, and a real
// bind of the user then gets the password-expired control and may read nothing; with passwordMustChange off,
// or with the OpenLDAP flavor (whose pwdReset 389 DS drops), the extension says the user will NOT have to.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Attribute, Change, Client } from 'ldapts';
import { parseDirectoryConfig } from '../../../src/directory/config';
import type { LdapDirectoryConfig } from '../../../src/directory/ldap/ldapConfig';
import { sameDn } from '../../../src/directory/ldap/ldapDn';
import { LdapProvider, type LdapProviderOptions } from '../../../src/directory/ldap/ldapProvider';
import type { DirectoryUser, UserPage } from '../../../src/directory/types';
import { ds389Missing, startDs389, type Ds389Server } from '../../fixtures/ldap/ds389';
import { recordingLogger, rejection } from '../../support/recording';

const missing = process.env.LDAP_SKIP_389DS === '1' ? 'LDAP_SKIP_389DS=1 is set' : ds389Missing();

if (missing) {
  describe('LDAP provider against 389 Directory Server', () => {
    it(`skipped: ${missing}`);
  });
} else {
  describe('LDAP provider against 389 Directory Server', function () {
    this.timeout(30_000);
    let ds: Ds389Server;
    const logger = recordingLogger();
    const providers: LdapProvider[] = [];
    const secrets = new Set<string>();

    function provider(
      overrides: Record<string, unknown> = {},
      options: Partial<LdapProviderOptions> = {},
      password?: string,
    ): LdapProvider {
      const parsed = parseDirectoryConfig(
        {
          name: 'Test 389',
          provider: 'ldap',
          flavor: '389ds',
          url: ds.ldapsUrl,
          caCertificateFile: ds.caFile,
          baseDn: ds.baseDn,
          bindDn: ds.bindDn,
          ...overrides,
        },
        0,
      );
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
      const p = new LdapProvider({
        config: parsed.config as LdapDirectoryConfig,
        getBindPassword: async () => password ?? ds.bindPassword,
        logger,
        connectTimeoutMs: 5000,
        operationTimeoutMs: 10_000,
        ...options,
      });
      providers.push(p);
      return p;
    }

    function keyOf(dn: string): string {
      return ds.users.find((s) => sameDn(s.dn, dn))?.key ?? `?${dn}`;
    }

    function userOf(key: string): DirectoryUser {
      const u = ds.user(key);
      return { id: u.dn, displayName: u.displayName ?? u.cn, signInName: u.uid, source: 'cloud' };
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

    before(async function () {
      this.timeout(120_000);
      const started = Date.now();
      ds = await startDs389();
      for (const u of ds.users) secrets.add(u.password);
      secrets.add(ds.bindPassword).add(ds.adminPassword).add(ds.readerPassword);
      console.log(`      (389 DS: ${JSON.stringify(ds.timings)}, ${Date.now() - started} ms in all)`);
    });

    after(async function () {
      this.timeout(20_000);
      await Promise.all(providers.map((p) => p.dispose()));
      const stopping = Date.now();
      await ds?.close();
      console.log(`      (389 DS stopped in ${Date.now() - stopping} ms)`);
    });

    describe('sign-in and listing', () => {
      it('sign-in reads the root DSE: "389ds" is quiet, a wrong flavor gets a warning that names the right one', async () => {
        assert.deepEqual(await provider().verifySignIn(), []);
        const [warning] = await provider({ flavor: 'openldap' }).verifySignIn();
        assert.match(
          warning,
          /Test 389 is set up as OpenLDAP \("flavor": "openldap"\), but the server says it is 389 Directory Server \(389 Project 389-Directory\/2\.3/,
        );
        assert.match(warning, /Set "flavor": "389ds"/);
        assert.ok(logger.lines.some((l) => /WARN.*Set "flavor": "389ds"/i.test(l) || /Set "flavor": "389ds"/.test(l)));
      });

      it('pages through every user once with Load more (page size 7) over LDAPS, and maps 389 DS attributes', async () => {
        const p = provider();
        const { users, pages } = await listAll(p, 7);
        assert.deepEqual(users.map((u) => keyOf(u.id)).sort(), ds.users.map((u) => u.key).sort());
        assert.ok(pages.slice(0, -1).every((pg) => pg.users.length === 7));
        assert.equal(pages.length, Math.ceil(ds.users.length / 7));
        assert.equal(p.openListingCount, 0);
        const u05 = users.find((u) => keyOf(u.id) === 'user05')!;
        assert.equal(u05.displayName, 'User 05');
        assert.equal(u05.signInName, 'user05');
        assert.equal(u05.department, 'Sales');
        assert.equal(u05.accountEnabled, true);
        assert.equal(
          users.find((u) => keyOf(u.id) === 'locked')?.accountEnabled,
          false,
          'nsAccountLock: true = disabled',
        );
        assert.equal(p.capabilities.kindLabel, '389 Directory Server');
        assert.equal(p.capabilities.reportsLastPasswordChange, false, '389 DS keeps no pwdChangedTime');
      });

      const searches: Array<[string, string[]]> = [
        ['Star*', ['star']],
        ['Star', ['star', 'starling']],
        ['*', []],
        ['Paren (Test)', ['paren']],
        ['Inject )(uid=*', ['inject']],
        ['Zoë', ['zoe']],
        ["O'Brien", ['obrien']],
        ['Back\\', ['backslash']],
        ['Doe, J', ['comma']],
        ['李', ['li']],
      ];
      for (const [text, expected] of searches) {
        it(`search ${JSON.stringify(text)} finds ${expected.length ? expected.join(', ') : 'nobody'}`, async () => {
          const { users } = await listAll(provider(), 50, text);
          assert.deepEqual(users.map((u) => keyOf(u.id)).sort(), expected);
        });
      }
    });

    describe('reset', () => {
      it('Password Modify over LDAPS: confirmed, and a real bind of the user gets the password-expired control and may read nothing', async () => {
        const p = provider();
        const target = ds.user('user05');
        const result = await p.resetPassword(userOf('user05'));
        secrets.add(result.temporaryPassword);
        assert.equal(result.method, 'ldapPasswordModify');
        assert.equal(result.mustChangeAtNextSignIn, true);
        assert.equal(result.mustChangeNote, undefined);
        const bind = await ds.verifyBind(target.dn, result.temporaryPassword);
        assert.equal(bind.ok, true, 'the temporary password works');
        assert.equal(bind.mustChange, true, `389 DS demands a change (${bind.detail})`);
        assert.equal(bind.restricted, true, 'and refuses reads until then');
        assert.equal((await ds.verifyBind(target.dn, target.password)).ok, false, 'the old password stopped working');
        const entry = await ds.readEntry(target.dn);
        assert.equal(entry?.pwdReset, 'TRUE');
        assert.equal(entry?.passwordExpirationTime, '19700101000000Z');
        assert.ok(
          logger.lines.some((l) => /must change at next sign-in confirmed for uid=user05,.*pwdReset=TRUE/.test(l)),
        );
        // The profile: must be changed; no date of the last change ("not reported", never "Never").
        const profile = await p.getUser(target.dn);
        assert.equal(profile.mustChangePassword, true);
        assert.equal(profile.lastPasswordChangeDateTime, undefined);
      });

      it('over ldap:// + StartTLS too, for DNs that need escaping (comma, non-ASCII)', async () => {
        const p = provider({ url: ds.url, startTls: true });
        for (const key of ['comma', 'zoe', 'user06']) {
          const result = await p.resetPassword(userOf(key));
          secrets.add(result.temporaryPassword);
          assert.equal(result.mustChangeAtNextSignIn, true, key);
          assert.equal((await ds.verifyBind(ds.user(key).dn, result.temporaryPassword)).mustChange, true, key);
        }
      });

      it('plain ldap:// (allowed on loopback): 389 DS refuses, and the message says to use TLS; nothing changes', async () => {
        const e = await rejection(provider({ url: ds.url }).resetPassword(userOf('user07')));
        assert.equal(e.kind, 'configuration');
        assert.match(e.message, /sets passwords only over an encrypted connection/);
        assert.match(e.message, /Nothing was changed/);
        assert.match(e.nextStep, /ldaps:\/\/.*"startTls": true/);
        assert.equal((await ds.verifyBind(ds.user('user07').dn, ds.user('user07').password)).ok, true);
      });

      it('not forced (passwordMustChange: off): the password is set, and the extension says the user will NOT have to change it', async () => {
        await ds.setConfig({ passwordMustChange: 'off' });
        try {
          const target = ds.user('user08');
          const result = await provider().resetPassword(userOf('user08'));
          secrets.add(result.temporaryPassword);
          assert.equal(result.mustChangeAtNextSignIn, false);
          assert.match(result.mustChangeNote!.why, /did not mark the new password as one that must be changed/);
          assert.match(result.mustChangeNote!.nextStep, /passwordMustChange: on/);
          assert.deepEqual(await ds.verifyBind(target.dn, result.temporaryPassword), {
            ok: true,
            mustChange: false,
            restricted: false,
            detail: undefined,
          });
          assert.equal((await provider().getUser(target.dn)).mustChangePassword, undefined);
        } finally {
          await ds.setConfig({ passwordMustChange: 'on' });
        }
      });

      it('the issue\'s setup ("flavor": "openldap" on 389 DS): the dropped pwdReset is noticed and the right flavor named', async () => {
        const target = ds.user('user09');
        const result = await provider({ flavor: 'openldap' }).resetPassword(userOf('user09'));
        secrets.add(result.temporaryPassword);
        assert.equal(result.mustChangeAtNextSignIn, false);
        assert.match(result.mustChangeNote!.why, /This server is 389 Directory Server/);
        assert.match(result.mustChangeNote!.nextStep, /"flavor": "389ds"/);
        // What 389 DS really does with that modify: a normal session.
        const bind = await ds.verifyBind(target.dn, result.temporaryPassword);
        assert.deepEqual(
          { ok: bind.ok, mustChange: bind.mustChange, restricted: bind.restricted },
          { ok: true, mustChange: false, restricted: false },
        );
      });

      it('its password syntax checks apply to the service account (no passwordAdminDN): too short is rejected, nothing changes', async () => {
        await ds.setConfig({ passwordMinLength: '30' });
        try {
          const e = await rejection(provider().resetPassword(userOf('user10')));
          assert.equal(e.kind, 'passwordRejected');
          assert.match(e.message, /Nothing was changed/);
          assert.match(e.nextStep, /passwordPolicy\.length/);
          assert.equal((await ds.verifyBind(ds.user('user10').dn, ds.user('user10').password)).ok, true);
          const ok = await provider({ passwordPolicy: { length: 32 } }).resetPassword(userOf('user10'));
          secrets.add(ok.temporaryPassword);
          assert.equal(ok.mustChangeAtNextSignIn, true);
        } finally {
          await ds.setConfig({ passwordMinLength: '8' });
        }
      });

      it('as a passwordAdminDN the account\'s plain modify skips the syntax checks ("abc" is accepted); the Password Modify operation still checks', async () => {
        await ds.setConfig({ passwordAdminDN: ds.bindDn });
        const client = new Client({ url: ds.ldapsUrl, tlsOptions: { ca: [readFileSync(ds.caFile)] } });
        try {
          await client.bind(ds.bindDn, ds.bindPassword);
          const dn = ds.user('user12').dn;
          await client.modify(
            dn,
            new Change({
              operation: 'replace',
              modification: new Attribute({ type: 'userPassword', values: ['abc'] }),
            }),
          );
          assert.equal((await ds.verifyBind(dn, 'abc')).ok, true, 'a 3-character password was accepted');
          await ds.setConfig({ passwordMinLength: '30' });
          const e = await rejection(provider().resetPassword(userOf('user13')));
          assert.equal(
            e.kind,
            'passwordRejected',
            'the 16-character password is still checked against passwordMinLength 30',
          );
        } finally {
          await client.unbind().catch(() => undefined);
          await ds.setConfig({ passwordMinLength: '8', passwordAdminDN: '' });
        }
      });

      it('forbidden for an account that may only read, with the ACI to add; nothing changes', async () => {
        const e = await rejection(
          provider({ bindDn: ds.readerDn }, {}, ds.readerPassword).resetPassword(userOf('user11')),
        );
        assert.equal(e.kind, 'forbidden');
        assert.match(e.message, /cn=reader,ou=system,dc=example,dc=test may not change the password of User 11/);
        assert.match(e.nextStep, /aci: \(targetattr="userPassword"\)/);
        assert.match(e.nextStep, /passwordAdminDN/);
        assert.equal((await ds.verifyBind(ds.user('user11').dn, ds.user('user11').password)).ok, true);
      });
    });

    describe('log', () => {
      it('never writes a password to the log', () => {
        assert.ok(logger.lines.length > 10);
        for (const line of logger.lines)
          for (const s of secrets) assert.ok(!line.includes(s), `a password is in: ${line}`);
      });
    });
  });
}
