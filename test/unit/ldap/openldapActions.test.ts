// Enable, disable and unlock against a real OpenLDAP slapd with ppolicy (test/fixtures/ldap/openldap.ts): what the
// server holds afterwards (read by the rootdn, a separate client), a real bind refused while disabled or locked
// and accepted after, one modify per action (counted on the wire), refusals that send nothing, unlock never
// touching the administrative lock, the rights the service account needs, and "outcome unknown".
import * as assert from 'node:assert/strict';
import { parseDirectoryConfig } from '../../../src/directory/config';
import { ADMIN_LOCK } from '../../../src/directory/ldap/ldapAccountState';
import type { LdapDirectoryConfig } from '../../../src/directory/ldap/ldapConfig';
import { LdapProvider } from '../../../src/directory/ldap/ldapProvider';
import type { DirectoryUser } from '../../../src/directory/types';
import { openLdapMissing, startOpenLdap, type OpenLdapServer } from '../../fixtures/ldap/openldap';
import { LdapOp, startCuttingProxy, startRewritingProxy } from '../../fixtures/ldap/proxy';
import { recordingLogger, rejection } from '../../support/recording';

const missing = openLdapMissing();

if (missing) {
  describe('LDAP account actions against OpenLDAP slapd', () => {
    it(`skipped: ${missing}`);
  });
} else {
  describe('LDAP account actions against OpenLDAP slapd with ppolicy', function () {
    this.timeout(20_000);
    let ldap: OpenLdapServer;
    const logger = recordingLogger();
    const providers: LdapProvider[] = [];

    function provider(server: OpenLdapServer, overrides: Record<string, unknown> = {}, password?: string) {
      const parsed = parseDirectoryConfig(
        {
          name: 'Test LDAP',
          provider: 'ldap',
          url: server.url,
          baseDn: server.baseDn,
          bindDn: server.bindDn,
          passwordPolicyDn: server.policyDn,
          ...overrides,
        },
        0,
      );
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
      const p = new LdapProvider({
        config: parsed.config as LdapDirectoryConfig,
        getBindPassword: async () => password ?? server.bindPassword,
        logger,
        connectTimeoutMs: 3000,
        operationTimeoutMs: 5000,
      });
      providers.push(p);
      return p;
    }

    const lockState = async (key: string, server = ldap) => {
      const e = await server.readEntry(server.user(key).dn, ['pwdAccountLockedTime', 'pwdFailureTime']);
      const values = (v: unknown): string[] =>
        (Array.isArray(v) ? (v as unknown[]) : v === undefined ? [] : [v]).map((x) =>
          Buffer.isBuffer(x) ? x.toString() : `${x as string}`,
        );
      return { lockedTime: values(e?.pwdAccountLockedTime), failures: values(e?.pwdFailureTime) };
    };

    /**
     * Locks `key` out the way slapd does: pwdMaxFailure (3) failed binds; waits (up to 5 s) until the rootdn reads
     * pwdAccountLockedTime, and says what slapd held if the lock never shows.
     */
    async function lockOut(key: string, server = ldap): Promise<void> {
      for (let i = 0; i < 3; i++) await server.verifyBind(server.user(key).dn, 'Wrong-Password-1');
      let state = await lockState(key, server);
      for (let waited = 0; state.lockedTime.length === 0 && waited < 5000; waited += 100) {
        await new Promise((r) => setTimeout(r, 100));
        state = await lockState(key, server);
      }
      // CI also once saw slapd accept the right password in the same second as the lock it had just stored
      // (pwdAccountLockedTime has one-second resolution): ask again for up to 3 s before calling it a failure.
      let bind = await server.verifyBind(server.user(key).dn, server.user(key).password);
      for (let waited = 0; bind.detail !== 'accountLocked' && waited < 3000; waited += 500) {
        await new Promise((r) => setTimeout(r, 500));
        bind = await server.verifyBind(server.user(key).dn, server.user(key).password);
      }
      assert.equal(bind.detail, 'accountLocked', `slapd locked it out (it holds ${JSON.stringify(state)})`);
    }

    /** A proxy in front of slapd that counts the modify answers. */
    async function countingProxy(server = ldap) {
      let modifies = 0;
      const proxy = await startRewritingProxy({
        targetPort: server.port,
        rewrite: (op) => {
          if (op === LdapOp.modifyResponse) modifies++;
          return undefined;
        },
      });
      return { proxy, modifies: () => modifies };
    }

    before(async function () {
      this.timeout(30_000);
      ldap = await startOpenLdap();
      await ldap.setPolicy({ pwdMaxFailure: '3' }); // pwdLockoutDuration absent: locked until unlocked
    });

    after(async () => {
      await Promise.all(providers.map((p) => p.dispose()));
      await ldap?.close();
    });

    it('offers enable, disable and unlock for OpenLDAP and Active Directory, none for 389 DS', () => {
      assert.deepEqual(provider(ldap).capabilities.actions, ['enableAccount', 'disableAccount', 'unlockAccount']);
      assert.deepEqual(
        provider(ldap, { flavor: 'activeDirectory', url: ldap.ldapsUrl, caCertificateFile: ldap.caFile }).capabilities
          .actions,
        ['enableAccount', 'disableAccount', 'unlockAccount'],
      );
      assert.deepEqual(provider(ldap, { flavor: '389ds' }).capabilities.actions, []);
    });

    it('disable sets the administrative lock with one modify; the user cannot bind; enable removes it and the bind works', async () => {
      const { proxy, modifies } = await countingProxy();
      try {
        const p = provider(ldap, { url: proxy.url });
        const u = ldap.user('user05');
        const before = await p.getUser(u.dn);
        assert.equal(before.accountEnabled, true);
        assert.equal(before.locked, false);

        const disabled = await p.setAccountEnabled(before, false);
        assert.equal(modifies(), 1, 'one modify');
        assert.equal(disabled.action, 'disableAccount');
        assert.equal(disabled.user?.accountEnabled, false, 'read back');
        assert.equal(disabled.user?.locked, false, 'disabled is not "locked out"');
        assert.deepEqual((await lockState('user05')).lockedTime, [ADMIN_LOCK]);
        assert.equal((await ldap.verifyBind(u.dn, u.password)).detail, 'accountLocked', 'slapd refuses the bind');

        assert.ok(disabled.user);
        const enabled = await p.setAccountEnabled(disabled.user, true);
        assert.equal(modifies(), 2);
        assert.equal(enabled.user?.accountEnabled, true);
        assert.deepEqual((await lockState('user05')).lockedTime, []);
        assert.equal((await ldap.verifyBind(u.dn, u.password)).ok, true, 'the bind works again');
      } finally {
        await proxy.close();
      }
    });

    it('unlock removes a lockout time and pwdFailureTime (one modify); the bind works again', async () => {
      await lockOut('user06');
      const seen = await lockState('user06');
      assert.equal(seen.lockedTime.length, 1);
      assert.notEqual(seen.lockedTime[0], ADMIN_LOCK);
      assert.equal(seen.failures.length, 3);
      const { proxy, modifies } = await countingProxy();
      try {
        const p = provider(ldap, { url: proxy.url });
        const user = await p.getUser(ldap.user('user06').dn);
        assert.equal(user.locked, true, 'the profile shows the lockout');
        assert.equal(user.accountEnabled, true, 'a lockout is not a disable');
        const listed = (await p.listUsers({ pageSize: 100, search: 'user06' })).users[0];
        assert.equal(listed.locked, true, 'the tree shows it too');
        const result = await p.unlockAccount(user);
        assert.equal(modifies(), 1);
        assert.equal(result.user?.locked, false);
        assert.deepEqual(await lockState('user06'), { lockedTime: [], failures: [] });
        assert.equal((await ldap.verifyBind(ldap.user('user06').dn, ldap.user('user06').password)).ok, true);
      } finally {
        await proxy.close();
      }
    });

    it('unlock never removes the administrative lock, and sends nothing for it', async () => {
      const p = provider(ldap);
      const locked = await p.getUser(ldap.user('locked').dn); // seeded with 000001010000Z
      assert.equal(locked.accountEnabled, false);
      assert.equal(locked.locked, false);
      // As the tree shows it: refused before any request.
      const e1 = await rejection(p.unlockAccount(locked));
      assert.equal(e1.kind, 'refused');
      assert.match(e1.message, /not locked out/);
      // Even when the caller's copy says "locked": the entry as read decides, and no modify goes out.
      const { proxy, modifies } = await countingProxy();
      try {
        const e2 = await rejection(provider(ldap, { url: proxy.url }).unlockAccount({ ...locked, locked: true }));
        assert.equal(e2.kind, 'refused');
        assert.match(e2.message, /disabled by an administrator, not locked out/);
        assert.equal(modifies(), 0);
      } finally {
        await proxy.close();
      }
      assert.deepEqual((await lockState('locked')).lockedTime, [ADMIN_LOCK]);
    });

    it('refuses before any request: already enabled, already disabled, the service account, outside the base DN', async () => {
      const { proxy, modifies } = await countingProxy();
      try {
        const p = provider(ldap, { url: proxy.url });
        const user05: DirectoryUser = { ...(await p.getUser(ldap.user('user07').dn)) };
        const enabled = await rejection(p.setAccountEnabled(user05, true));
        assert.match(enabled.message, /already enabled/);
        const disabled = await rejection(p.setAccountEnabled({ ...user05, accountEnabled: false }, true));
        assert.match(disabled.message, /already enabled/, 'the entry as read decides');
        const service = await rejection(
          p.setAccountEnabled({ id: ldap.bindDn, displayName: 'svc', signInName: 'svc', source: 'cloud' }, false),
        );
        assert.match(service.message, /service account/);
        const outside = await rejection(
          p.unlockAccount({ id: `cn=x,ou=system,${ldap.suffix}`, displayName: 'x', signInName: 'x', source: 'cloud' }),
        );
        assert.match(outside.message, /outside the base DN/);
        assert.equal(modifies(), 0);
      } finally {
        await proxy.close();
      }
    });

    it('a second click while a change runs sends nothing', async () => {
      const { proxy, modifies } = await countingProxy();
      try {
        const p = provider(ldap, { url: proxy.url });
        const user = await p.getUser(ldap.user('user08').dn);
        const first = p.setAccountEnabled(user, false);
        const second = await rejection(p.setAccountEnabled(user, false));
        assert.match(second.message, /already running/);
        const other = await rejection(
          p.setAccountEnabled({ ...user, id: user.id.toUpperCase(), accountEnabled: false }, true),
        );
        assert.match(other.message, /already running/, 'the same DN spelled otherwise, and enable shares the guard');
        await first;
        assert.equal(modifies(), 1);
        await p.setAccountEnabled({ ...user, accountEnabled: false }, true);
      } finally {
        await proxy.close();
      }
    });

    it('prepareAction reads without changing: a policy without pwdLockout refuses disable (slapd would ignore the lock)', async () => {
      const p = provider(ldap);
      const user = await p.getUser(ldap.user('user09').dn);
      assert.deepEqual(await p.prepareAction(user, 'disableAccount'), { notes: [] });
      await ldap.setPolicy({ pwdLockout: 'FALSE' });
      try {
        const prep = await p.prepareAction(user, 'disableAccount');
        assert.match(prep.refusal ?? '', /does not have pwdLockout: TRUE/);
        const e = await rejection(p.setAccountEnabled(user, false));
        assert.equal(e.kind, 'refused');
        assert.deepEqual((await lockState('user09')).lockedTime, [], 'nothing was written');
      } finally {
        await ldap.setPolicy({ pwdLockout: 'TRUE' });
      }
      assert.match((await p.prepareAction(user, 'revokeSessions')).refusal ?? '', /does not offer/);
    });

    it('without a readable policy, disable still works and says what it could not check', async () => {
      const p = provider(ldap, { passwordPolicyDn: undefined });
      const user = await p.getUser(ldap.user('user10').dn);
      const result = await p.setAccountEnabled(user, false);
      assert.match(result.note ?? '', /could not read the password policy/);
      await p.setAccountEnabled(result.user!, true);
    });

    it('insufficient access names the rights: "write" for disable, "manage" for unlock (pwdFailureTime)', async () => {
      const reader = provider(ldap, { bindDn: ldap.readerDn }, ldap.readerPassword);
      const user = await reader.getUser(ldap.user('user11').dn);
      const e = await rejection(reader.setAccountEnabled(user, false));
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /may not change whether User 11 can sign in.*Nothing was changed/);
      assert.match(e.nextStep, /"write" access to pwdAccountLockedTime/);
      assert.deepEqual((await lockState('user11')).lockedTime, []);

      const writeOnly = await startOpenLdap({ lockAccess: 'write' });
      try {
        await writeOnly.setPolicy({ pwdMaxFailure: '3' });
        const p = provider(writeOnly);
        // "write" is enough to disable and enable...
        const disabled = await p.setAccountEnabled(await p.getUser(writeOnly.user('user01').dn), false);
        await p.setAccountEnabled(disabled.user!, true);
        // ...but not to unlock: pwdFailureTime needs "manage".
        await lockOut('user02', writeOnly);
        const locked = await p.getUser(writeOnly.user('user02').dn);
        const u = await rejection(p.unlockAccount(locked));
        assert.equal(u.kind, 'forbidden');
        assert.match(u.nextStep, /"manage" access to pwdAccountLockedTime and pwdFailureTime/);
        assert.equal((await lockState('user02', writeOnly)).lockedTime.length, 1, 'still locked: nothing changed');
      } finally {
        await writeOnly.close();
      }
    });

    it('a connection lost after the modify went out is "outcome unknown" (and the server did apply it)', async () => {
      const proxy = await startCuttingProxy(ldap.port, LdapOp.modifyRequest);
      try {
        const p = provider(ldap, { url: proxy.url });
        const user: DirectoryUser = {
          id: ldap.user('user12').dn,
          displayName: 'User 12',
          signInName: 'user12',
          source: 'cloud',
        };
        const e = await rejection(p.setAccountEnabled(user, false));
        assert.equal(proxy.cuts, 1);
        assert.equal(e.kind, 'outcomeUnknown');
        assert.match(e.message, /unknown whether the account of User 12 was disabled/);
        assert.match(e.nextStep, /Refresh User 12/);
        assert.deepEqual((await lockState('user12')).lockedTime, [ADMIN_LOCK], 'applied: "unknown" was honest');
      } finally {
        await proxy.close();
      }
    });

    it('an expired lockout (pwdLockoutDuration passed) is not shown as locked', async () => {
      await ldap.setPolicy({ pwdLockoutDuration: '1' });
      try {
        await lockOut('user13');
        const p = provider(ldap);
        assert.equal((await p.getUser(ldap.user('user13').dn)).locked, true, 'within the duration');
        await new Promise((r) => setTimeout(r, 2100));
        const after = await p.getUser(ldap.user('user13').dn);
        assert.equal((await lockState('user13')).lockedTime.length, 1, 'slapd keeps the time until a good bind');
        assert.equal(after.locked, false, 'but the lockout ran out');
        assert.equal(after.accountEnabled, true);
      } finally {
        await ldap.setPolicy({ pwdLockoutDuration: '0' });
      }
    });

    it('never logs a password', () => {
      for (const line of logger.lines) {
        for (const secret of [ldap.bindPassword, ldap.readerPassword, ...ldap.users.map((u) => u.password)]) {
          assert.ok(!line.includes(secret), `log line without a password: ${line}`);
        }
      }
    });
  });
}
