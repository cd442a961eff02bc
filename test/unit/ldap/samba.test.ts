// The LDAP provider's Active Directory flavor against a real Samba 4 AD DC (test/fixtures/ldap/samba.ts),
// over LDAPS on 127.0.0.1:636 (Samba's ports are fixed: one DC, these tests serial). Reset = one modify of
// unicodePwd (quoted UTF-16LE) + pwdLastSet=0, through a service account with only the delegated "Reset
// Password" right; a bind with the new password then fails with AD's "data 773" (must change).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { parseDirectoryConfig } from '../../../src/directory/config';
import type { LdapDirectoryConfig } from '../../../src/directory/ldap/ldapConfig';
import { sameDn } from '../../../src/directory/ldap/ldapDn';
import { LdapProvider } from '../../../src/directory/ldap/ldapProvider';
import type { DirectoryUser, UserPage } from '../../../src/directory/types';
import { makeCertificate } from '../../fixtures/ldap/common';
import { LdapOp, startRewritingProxy } from '../../fixtures/ldap/proxy';
import { removeSambaGolden, sambaMissing, startSamba, type SambaServer } from '../../fixtures/ldap/samba';
import { assertPlainText, HOSTILE_DIAGNOSTIC, HOSTILE_NAME } from '../../support/plainText';
import { describeSambaActions } from './sambaActions.suite';
import { recordingLogger, rejection } from '../../support/recording';

const missing = process.env.LDAP_SKIP_SAMBA === '1' ? 'LDAP_SKIP_SAMBA=1 is set' : sambaMissing();

if (missing) {
  describe('LDAP provider against a Samba AD DC (Active Directory)', () => {
    it(`skipped: ${missing}`);
  });
} else {
  describe('LDAP provider against a Samba AD DC (Active Directory)', function () {
    this.timeout(30_000);
    let dc: SambaServer;
    const logger = recordingLogger();
    const lines = logger.lines;
    const providers: LdapProvider[] = [];
    const secrets = new Set<string>();

    function provider(overrides: Record<string, unknown> = {}, password?: string): LdapProvider {
      const parsed = parseDirectoryConfig(
        {
          name: 'Test AD',
          provider: 'ldap',
          flavor: 'activeDirectory',
          url: dc.ldapsUrl,
          caCertificateFile: dc.caFile,
          baseDn: dc.baseDn,
          bindDn: dc.bindDn,
          ...overrides,
        },
        0,
      );
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
      const p = new LdapProvider({
        config: parsed.config as LdapDirectoryConfig,
        getBindPassword: async () => password ?? dc.bindPassword,
        logger,
        operationTimeoutMs: 10_000,
      });
      providers.push(p);
      return p;
    }

    function keyOf(dn: string): string {
      return dc.users.find((u) => sameDn(u.dn, dn))?.key ?? `?${dn}`;
    }

    function userOf(key: string): DirectoryUser {
      const u = dc.user(key);
      return { id: u.dn, displayName: u.displayName, signInName: u.upn, source: 'cloud' };
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
      }
      return { users: pages.flatMap((x) => x.users), pages };
    }

    before(async function () {
      this.timeout(120_000);
      dc = await startSamba();
      for (const u of dc.users) secrets.add(u.password);
      secrets.add(dc.bindPassword).add(dc.adminPassword).add(dc.plainPassword);
      console.log(`      (Samba AD DC: ${JSON.stringify(dc.timings)})`);
    });

    after(async function () {
      this.timeout(20_000);
      await Promise.all(providers.map((p) => p.dispose()));
      await dc?.close();
      await removeSambaGolden();
    });

    it('Samba really ends a paged search with an empty page (what the provider must absorb)', async () => {
      const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [readFileSync(dc.caFile)] } });
      try {
        await client.bind(dc.adminDn, dc.adminPassword);
        const sizes: number[] = [];
        for await (const page of client.searchPaginated(dc.baseDn, {
          filter: '(objectClass=user)',
          attributes: ['cn'],
          paged: { pageSize: 5 },
        })) {
          sizes.push(page.searchEntries.length);
        }
        assert.deepEqual(sizes, [5, 5, 5, 5, 5, 0]);
      } finally {
        await client.unbind();
      }
    });

    it('pages through every user exactly once, with no empty last page, and maps AD attributes', async () => {
      const p = provider();
      for (const pageSize of [5, 4, 25]) {
        const { users, pages } = await listAll(p, pageSize);
        assert.deepEqual(
          users.map((u) => keyOf(u.id)).sort(),
          dc.users.map((u) => u.key).sort(),
          `page size ${pageSize}`,
        );
        assert.ok(
          pages.every((pg) => pg.users.length > 0),
          `no empty page (page size ${pageSize})`,
        );
        assert.equal(pages.length, Math.ceil(dc.users.length / pageSize));
      }
      assert.equal(p.openListingCount, 0);
      const { users } = await listAll(p, 100);
      const u01 = users.find((u) => keyOf(u.id) === 'user01')!;
      assert.equal(u01.displayName, 'User 01');
      assert.equal(u01.signInName, 'user01@example.test');
      assert.equal(u01.mail, 'user01@example.test');
      assert.equal(u01.department, 'Sales');
      assert.equal(u01.accountEnabled, true);
      assert.equal(users.find((u) => keyOf(u.id) === 'disabled')?.accountEnabled, false);
      assert.equal(p.capabilities.kindLabel, 'Active Directory');
    });

    it('searches displayName / sAMAccountName / UPN / mail by prefix, `*` literal', async () => {
      const p = provider();
      const keys = async (text: string) => (await listAll(p, 50, text)).users.map((u) => keyOf(u.id)).sort();
      assert.deepEqual(await keys('Star*'), ['star']);
      assert.deepEqual(await keys('Star'), ['star', 'starling']);
      assert.deepEqual(await keys('Zoë'), ['zoe']);
      assert.deepEqual(await keys('Paren ('), ['paren']);
      assert.deepEqual(await keys('user1'), [
        'user10',
        'user11',
        'user12',
        'user13',
        'user14',
        'user15',
        'user16',
        'user17',
        'user18',
        'user19',
      ]);
      assert.deepEqual(await keys('zoe@'), ['zoe']);
      assert.deepEqual(await keys('*'), []);
    });

    it('reset through the delegated service account: the new password is right and AD demands a change (data 773)', async () => {
      const p = provider();
      const target = dc.user('user05');
      const result = await p.resetPassword(userOf('user05'));
      secrets.add(result.temporaryPassword);
      assert.equal(result.mustChangeAtNextSignIn, true);
      assert.deepEqual(await dc.verifyBind(target.dn, result.temporaryPassword), {
        ok: true,
        mustChange: true,
        detail: '773',
      });
      assert.deepEqual(await dc.verifyBind(target.dn, target.password), {
        ok: false,
        mustChange: false,
        detail: '52e',
      });
      assert.equal((await dc.readEntry(target.dn, ['pwdLastSet']))?.pwdLastSet, '0');
      const profile = await p.getUser(target.dn);
      assert.equal(profile.mustChangePassword, true);
      // Non-ASCII DN and name.
      const zoe = await p.resetPassword(userOf('zoe'));
      secrets.add(zoe.temporaryPassword);
      assert.equal((await dc.verifyBind(dc.user('zoe').dn, zoe.temporaryPassword)).mustChange, true);
    });

    it('claims "must change" only when AD will enforce it: "password never expires" on the account makes pwdLastSet=0 force nothing', async () => {
      const target = dc.user('user10');
      await dc.modify(target.dn, { userAccountControl: String(0x200 | 0x10000) }); // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD
      try {
        const result = await provider().resetPassword(userOf('user10'));
        secrets.add(result.temporaryPassword);
        assert.equal((await dc.readEntry(target.dn, ['pwdLastSet']))?.pwdLastSet, '0', 'pwdLastSet=0 was written');
        // The directory's word: a bind with the new password gives a normal session (no data 773).
        assert.deepEqual(await dc.verifyBind(target.dn, result.temporaryPassword), { ok: true, mustChange: false });
        assert.equal(result.mustChangeAtNextSignIn, false);
        assert.match(result.mustChangeNote!.why, /"Password never expires"/);
        assert.match(result.mustChangeNote!.nextStep, /Clear "Password never expires"/);
        assert.equal((await provider().getUser(target.dn)).mustChangePassword, undefined);
      } finally {
        await dc.modify(target.dn, { userAccountControl: '512' });
      }
      // Without the flag the same reset is confirmed, and AD enforces it.
      const again = await provider().resetPassword(userOf('user10'));
      secrets.add(again.temporaryPassword);
      assert.equal(again.mustChangeAtNextSignIn, true);
      assert.equal((await dc.verifyBind(target.dn, again.temporaryPassword)).mustChange, true);
      assert.ok(
        lines.some((l) => /must change at next sign-in confirmed for CN=User 10,.*pwdLastSet=0/.test(l)),
        lines.join('\n'),
      );
    });

    it('over ldap:// + StartTLS too; plain ldap:// is refused by Samba itself', async () => {
      const tls = provider({ url: dc.url, startTls: true });
      const result = await tls.resetPassword(userOf('user06'));
      secrets.add(result.temporaryPassword);
      assert.equal((await dc.verifyBind(dc.user('user06').dn, result.temporaryPassword)).mustChange, true);
      const plain = await rejection(provider({ url: dc.url, caCertificateFile: undefined }).listUsers({ pageSize: 5 }));
      assert.equal(plain.kind, 'configuration');
      assert.match(plain.message, /requires an encrypted connection/);
      assert.match(plain.message, /Transport encryption required/);
    });

    it("passwordRejected with AD's 0000052D text when the domain wants longer passwords; nothing changes", async () => {
      await dc.setMinPasswordLength(20);
      try {
        const e = await rejection(provider().resetPassword(userOf('user07')));
        assert.equal(e.kind, 'passwordRejected');
        assert.match(e.message, /0000052D/);
        assert.match(e.message, /too short/);
        assert.match(e.message, /Nothing was changed/);
        assert.deepEqual(await dc.verifyBind(dc.user('user07').dn, dc.user('user07').password), {
          ok: true,
          mustChange: false,
        });
        const ok = await provider({ passwordPolicy: { length: 24 } }).resetPassword(userOf('user07'));
        secrets.add(ok.temporaryPassword);
        assert.equal((await dc.verifyBind(dc.user('user07').dn, ok.temporaryPassword)).mustChange, true);
      } finally {
        await dc.setMinPasswordLength(8);
      }
    });

    it('forbidden for an account without the Reset Password right; signInRequired for a wrong bind password', async () => {
      const e = await rejection(provider({ bindDn: dc.plainDn }, dc.plainPassword).resetPassword(userOf('user08')));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.nextStep, /Reset password/);
      assert.deepEqual(await dc.verifyBind(dc.user('user08').dn, dc.user('user08').password), {
        ok: true,
        mustChange: false,
      });
      const wrong = await rejection(provider({}, 'Wrong-Pass-1234').listUsers({ pageSize: 5 }));
      assert.equal(wrong.kind, 'signInRequired');
      assert.match(wrong.message, /\(the password is wrong\)/);
    });

    it('a failed reset shows a hostile display name and a hostile diagnostic (U+202E, a command link) as plain text', async () => {
      // The user gave themselves this name; the server (here a TLS proxy in front of the DC) puts its own words in the refusal.
      const target = dc.user('user11');
      await dc.setAttribute(target.dn, 'displayName', HOSTILE_NAME);
      const dir = mkdtempSync(join(tmpdir(), 'dr-ad-proxy-'));
      const { cert, key } = await makeCertificate(dir);
      const proxy = await startRewritingProxy({
        targetPort: Number(new URL(dc.ldapsUrl).port),
        tls: { cert: readFileSync(cert), key: readFileSync(key), serverCa: readFileSync(dc.caFile) },
        rewrite: (op) => (op === LdapOp.modifyResponse ? HOSTILE_DIAGNOSTIC : undefined),
      });
      try {
        const p = provider({ url: proxy.url, caCertificateFile: cert, bindDn: dc.plainDn }, dc.plainPassword);
        const user = await p.getUser(target.dn);
        assert.equal(user.displayName, HOSTILE_NAME, 'the name comes from the directory');
        const e = await rejection(p.resetPassword(user));
        assert.equal(e.kind, 'forbidden', 'the DC refused an account without the Reset Password right');
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
        assert.deepEqual(await dc.verifyBind(target.dn, target.password), { ok: true, mustChange: false });
      } finally {
        await proxy.close();
        await dc.setAttribute(target.dn, 'displayName', target.displayName);
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('sign-in reads the root DSE: "activeDirectory" is quiet, "openldap" on this server gets a warning naming Active Directory', async () => {
      assert.deepEqual(await provider().verifySignIn(), []);
      const [warning] = await provider({ flavor: 'openldap', userFilter: '(objectClass=user)' }).verifySignIn();
      assert.match(
        warning,
        /but the server says it is Active Directory \(Samba Team .*\)\. Set "flavor": "activeDirectory"/,
      );
    });

    it('a second reset of the same user while one runs is refused', async () => {
      const p = provider();
      const [a, b] = await Promise.allSettled([p.resetPassword(userOf('user09')), p.resetPassword(userOf('user09'))]);
      assert.equal(a.status, 'fulfilled');
      assert.equal(b.status, 'rejected');
      secrets.add((a as PromiseFulfilledResult<{ temporaryPassword: string }>).value.temporaryPassword);
    });

    it('never writes a password to the log', () => {
      assert.ok(lines.length > 10);
      for (const line of lines) for (const s of secrets) assert.ok(!line.includes(s), `a password is in: ${line}`);
    });

    // Runs after the tests above (mocha runs a suite's own tests first), on the same DC.
    describeSambaActions(() => dc, provider);
  });
}
