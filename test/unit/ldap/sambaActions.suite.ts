// Enable, disable and unlock against the Samba AD DC of samba.test.ts (its server is reused: a DC takes 6-15 s to
// provision). What the DC holds afterwards (read as Administrator), userAccountControl's other bits kept, a real
// bind refused while disabled (AD's data 533) or locked out (775) and accepted after, one modify per action
// (counted by a TLS proxy), refusals that send nothing, and the rights a helpdesk delegation needs.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LdapProvider } from '../../../src/directory/ldap/ldapProvider';
import { makeCertificate } from '../../fixtures/ldap/common';
import { LdapOp, startRewritingProxy } from '../../fixtures/ldap/proxy';
import { DOMAIN_DN, type SambaServer } from '../../fixtures/ldap/samba';
import { rejection } from '../../support/recording';

/** userAccountControl: NORMAL_ACCOUNT | ACCOUNTDISABLE | DONT_EXPIRE_PASSWD | PASSWORD_NOT_REQUIRED... */
const NORMAL_ACCOUNT = 0x200;
const DONT_EXPIRE_PASSWD = 0x10000;

export function describeSambaActions(
  dcOf: () => SambaServer,
  provider: (overrides?: Record<string, unknown>, password?: string) => LdapProvider,
): void {
  describe('enable, disable and unlock (Active Directory)', function () {
    this.timeout(30_000);
    let certDir: string;
    let proxyTls: { cert: Buffer; key: Buffer; serverCa: Buffer };

    const uacOf = async (key: string) =>
      Number((await dcOf().readEntry(dcOf().user(key).dn, ['userAccountControl']))?.userAccountControl);

    /** A TLS proxy in front of the DC that counts modify answers. */
    async function counting() {
      let modifies = 0;
      const proxy = await startRewritingProxy({
        targetPort: 636,
        tls: proxyTls,
        rewrite: (op) => {
          if (op === LdapOp.modifyResponse) modifies++;
          return undefined;
        },
      });
      const p = provider({ url: proxy.url, caCertificateFile: join(certDir, 'cert.pem') });
      return { p, proxy, modifies: () => modifies };
    }

    before(async () => {
      certDir = mkdtempSync(join(tmpdir(), 'dr-adproxy-'));
      const { cert, key } = await makeCertificate(certDir);
      proxyTls = { cert: readFileSync(cert), key: readFileSync(key), serverCa: readFileSync(dcOf().caFile) };
      await dcOf().modify(DOMAIN_DN, { lockoutThreshold: '3' });
    });

    after(async () => {
      await dcOf().modify(DOMAIN_DN, { lockoutThreshold: '0' });
      rmSync(certDir, { recursive: true, force: true });
    });

    it('disable sets bit 2 with one modify, keeping every other bit; the bind fails (533); enable clears it and the bind works', async () => {
      const dc = dcOf();
      const u = dc.user('user17');
      // Another bit on the account, which a careless write of 514/512 would lose.
      await dc.modify(u.dn, { userAccountControl: String(NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD) });
      const { p, proxy, modifies } = await counting();
      try {
        const user = await p.getUser(u.dn);
        assert.equal(user.accountEnabled, true);
        assert.equal(user.locked, false);
        const disabled = await p.setAccountEnabled(user, false);
        assert.equal(modifies(), 1);
        assert.equal(disabled.user?.accountEnabled, false, 'read back');
        assert.equal(await uacOf('user17'), NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD | 0x2, 'only bit 2 was added');
        assert.equal((await dc.verifyBind(u.dn, u.password)).detail, '533', 'AD: the account is disabled');

        assert.ok(disabled.user);
        const enabled = await p.setAccountEnabled(disabled.user, true);
        assert.equal(modifies(), 2);
        assert.equal(enabled.user?.accountEnabled, true);
        assert.equal(await uacOf('user17'), NORMAL_ACCOUNT | DONT_EXPIRE_PASSWD, 'only bit 2 was removed');
        assert.equal((await dc.verifyBind(u.dn, u.password)).ok, true);
      } finally {
        await proxy.close();
      }
    });

    it('enables the account seeded as disabled (514 -> 512)', async () => {
      const p = provider();
      const user = await p.getUser(dcOf().user('disabled').dn);
      assert.equal(user.accountEnabled, false);
      const result = await p.setAccountEnabled(user, true);
      assert.equal(result.user?.accountEnabled, true);
      assert.equal(await uacOf('disabled'), NORMAL_ACCOUNT);
      await p.setAccountEnabled(result.user, false);
      assert.equal(await uacOf('disabled'), NORMAL_ACCOUNT | 0x2);
    });

    it('unlock sets lockoutTime to 0 with one modify; the tree and the profile showed the lockout; the bind works again', async () => {
      const dc = dcOf();
      const u = dc.user('user18');
      for (let i = 0; i < 3; i++) await dc.verifyBind(u.dn, 'Wrong-Pass-999');
      assert.equal((await dc.verifyBind(u.dn, u.password)).detail, '775', 'AD: locked out');
      const { p, proxy, modifies } = await counting();
      try {
        const listed = (await p.listUsers({ pageSize: 50, search: 'user18' })).users[0];
        assert.equal(listed.locked, true, 'the tree shows it');
        const user = await p.getUser(u.dn);
        assert.equal(user.locked, true);
        assert.equal(user.accountEnabled, true, 'locked out is not disabled');
        const result = await p.unlockAccount(user);
        assert.equal(modifies(), 1);
        assert.equal(result.user?.locked, false);
        const entry = await dc.readEntry(u.dn, ['lockoutTime']);
        assert.equal(entry?.lockoutTime, '0');
        assert.equal((await dc.verifyBind(u.dn, u.password)).ok, true);
      } finally {
        await proxy.close();
      }
    });

    it('refuses before any modify: already enabled, not locked out, the entry as read decides', async () => {
      const { p, proxy, modifies } = await counting();
      try {
        const user = await p.getUser(dcOf().user('user19').dn);
        assert.match((await rejection(p.setAccountEnabled(user, true))).message, /already enabled/);
        assert.match((await rejection(p.unlockAccount(user))).message, /not locked out/);
        const stale = await rejection(p.unlockAccount({ ...user, locked: true }));
        assert.match(stale.message, /not locked out/);
        assert.match(
          (await rejection(p.setAccountEnabled({ ...user, accountEnabled: false }, true))).message,
          /already enabled/,
        );
        assert.equal(modifies(), 0);
      } finally {
        await proxy.close();
      }
    });

    it('an account without the delegation gets "insufficient access" naming userAccountControl / lockoutTime; nothing changes', async () => {
      const dc = dcOf();
      const p = provider({ bindDn: dc.plainDn }, dc.plainPassword);
      const user = await p.getUser(dc.user('user20').dn);
      const e = await rejection(p.setAccountEnabled(user, false));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /may not change whether User 20 can sign in.*Nothing was changed/);
      assert.match(e.nextStep, /userAccountControl/);
      assert.equal(await uacOf('user20'), NORMAL_ACCOUNT);
      const u = dc.user('user20');
      for (let i = 0; i < 3; i++) await dc.verifyBind(u.dn, 'Wrong-Pass-999');
      const locked = await p.getUser(u.dn);
      assert.equal(locked.locked, true);
      const unlock = await rejection(p.unlockAccount(locked));
      assert.equal(unlock.kind, 'forbidden');
      assert.match(unlock.nextStep, /lockoutTime/);
      await provider().unlockAccount(locked); // the delegated account may
    });
  });
}
