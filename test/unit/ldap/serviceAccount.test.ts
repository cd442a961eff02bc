// "Never reset the service account the extension signs in with", whatever form bindDn takes. Active Directory
// accepts svc@corp.example (a UPN) and CORP\svc as bindDn; neither compares equal to a DN, so the provider learns the
// entry it is bound as (RFC 4532 "Who am I?", or by resolving the name where the server does not answer it, as
// Samba 4 does not) and refuses that entry. Against a real Samba AD DC (fixed ports 389/636: run serially, e.g.
// under flock /tmp/dr-samba.lock) and a real OpenLDAP slapd.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { parseDirectoryConfig } from '../../../src/directory/config';
import type { LdapDirectoryConfig } from '../../../src/directory/ldap/ldapConfig';
import { sameDn } from '../../../src/directory/ldap/ldapDn';
import { learnBoundDn } from '../../../src/directory/ldap/ldapIdentity';
import { LdapProvider } from '../../../src/directory/ldap/ldapProvider';
import type { DirectoryUser } from '../../../src/directory/types';
import { openLdapMissing, startOpenLdap, SUFFIX, type OpenLdapServer } from '../../fixtures/ldap/openldap';
import { removeSambaGolden, sambaMissing, startSamba, type SambaServer } from '../../fixtures/ldap/samba';
import { recordingLogger, rejection } from '../../support/recording';

const SERVICE_REFUSAL = /service account the extension signs in with/;

function ldapConfig(entry: Record<string, unknown>): LdapDirectoryConfig {
  const parsed = parseDirectoryConfig({ name: 'Test directory', provider: 'ldap', ...entry }, 0);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  return parsed.config as LdapDirectoryConfig;
}

/** A binary objectSid as S-1-5-21-... ([MS-DTYP] 2.4.2.2). */
function sidString(b: Buffer): string {
  const authority = b.readUIntBE(2, 6);
  const subs: number[] = [];
  for (let i = 0; i < b[1]; i++) subs.push(b.readUInt32LE(8 + 4 * i));
  return `S-${b[0]}-${authority}-${subs.join('-')}`;
}

const sambaSkip = process.env.LDAP_SKIP_SAMBA === '1' ? 'LDAP_SKIP_SAMBA=1 is set' : sambaMissing();

describe('security: the service account is never reset, whatever form bindDn takes', function () {
  this.timeout(30_000);

  (sambaSkip ? describe.skip : describe)(`Active Directory (Samba AD DC)${sambaSkip ? `: ${sambaSkip}` : ''}`, () => {
    let dc: SambaServer;
    const logger = recordingLogger();
    const providers: LdapProvider[] = [];

    function provider(bindDn: string): LdapProvider {
      const p = new LdapProvider({
        // The whole domain as base DN, so the service account (CN=Users) is in the list like any other user.
        config: ldapConfig({
          flavor: 'activeDirectory',
          url: dc.ldapsUrl,
          caCertificateFile: dc.caFile,
          baseDn: dc.domainDn,
          bindDn,
        }),
        getBindPassword: async () => dc.bindPassword,
        logger,
        operationTimeoutMs: 10_000,
      });
      providers.push(p);
      return p;
    }

    before(async function () {
      this.timeout(120_000);
      dc = await startSamba();
    });
    after(async function () {
      this.timeout(20_000);
      await Promise.all(providers.map((p) => p.dispose()));
      await dc?.close();
      await removeSambaGolden();
    });

    for (const form of ['svc-reset@example.test', 'EXAMPLE\\svc-reset', 'SVC-RESET@EXAMPLE.TEST']) {
      it(`bindDn ${form}: the service account is refused in the list and at reset, in plain words; others are not`, async () => {
        const p = provider(form);
        const listed = (await p.listUsers({ pageSize: 200, search: 'svc-reset' })).users;
        const self = listed.find((u) => sameDn(u.id, dc.bindDn));
        assert.ok(self, `the service account is listed: ${listed.map((u) => u.id).join('; ')}`);
        assert.match(self.resetRefusal ?? '', SERVICE_REFUSAL);
        const fromProfile = await p.getUser(dc.bindDn);
        assert.match(fromProfile.resetRefusal ?? '', SERVICE_REFUSAL);
        const e = await rejection(p.resetPassword({ ...fromProfile, resetRefusal: undefined }));
        assert.equal(e.kind, 'refused');
        assert.match(e.message, SERVICE_REFUSAL);
        assert.match(e.message, /Change its password in the directory, then sign in again/);
        assert.deepEqual(
          await dc.verifyBind(dc.bindDn, dc.bindPassword),
          { ok: true, mustChange: false },
          'its password is unchanged',
        );
        // The guard does not spill over onto the people it is meant to serve.
        const staff = dc.user('user01');
        assert.equal((await p.getUser(staff.dn)).resetRefusal, undefined);
        assert.ok(
          logger.lines.some(
            (l) =>
              l.includes(`the service account is ${dc.bindDn}`) &&
              /resolved by (userPrincipalName|sAMAccountName)=/i.test(l),
          ),
          logger.lines.join('\n'),
        );
      });
    }

    it('what Active Directory\'s own "Who am I?" answers (u:EXAMPLE\\svc-reset, u:<SID>) resolves to the service account', async () => {
      // Samba has no "Who am I?": a real client bound to the DC answers it the way Windows DCs do ([MS-ADTS]).
      const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [readFileSync(dc.caFile)] }, timeout: 10_000 });
      try {
        await client.bind('svc-reset@example.test', dc.bindPassword);
        const entry = (
          await client.search(dc.bindDn, {
            scope: 'base',
            attributes: ['objectSid'],
            explicitBufferAttributes: ['objectSid'],
          })
        ).searchEntries[0];
        const sid = sidString(entry.objectSid as Buffer);
        for (const authzId of ['u:EXAMPLE\\svc-reset', `u:${sid}`]) {
          const asWindows = Object.assign(Object.create(client) as Client, { exop: async () => ({ value: authzId }) });
          const identity = await learnBoundDn(asWindows, 'svc-reset@example.test', dc.baseDn);
          assert.ok(identity.dn && sameDn(identity.dn, dc.bindDn), `${authzId}: ${JSON.stringify(identity)}`);
        }
        // And Samba itself: no "Who am I?", so the UPN is resolved.
        const own = await learnBoundDn(client, 'svc-reset@example.test', dc.baseDn);
        assert.ok(own.dn && sameDn(own.dn, dc.bindDn), JSON.stringify(own));
        assert.match((own as { how: string }).how, /does not answer "Who am I\?"/);
      } finally {
        await client.unbind().catch(() => undefined);
      }
    });

    it('a reset asked for before anything was listed is refused too (the first bind learns who the account is)', async () => {
      const p = provider('svc-reset@example.test');
      const user: DirectoryUser = {
        id: dc.bindDn,
        displayName: 'svc-reset',
        signInName: 'svc-reset@example.test',
        source: 'cloud',
      };
      const e = await rejection(p.resetPassword(user));
      assert.equal(e.kind, 'refused');
      assert.match(e.message, SERVICE_REFUSAL);
      assert.deepEqual(await dc.verifyBind(dc.bindDn, dc.bindPassword), { ok: true, mustChange: false });
    });
  });

  const openLdapSkip = openLdapMissing();
  (openLdapSkip ? describe.skip : describe)(`OpenLDAP${openLdapSkip ? `: ${openLdapSkip}` : ''}`, () => {
    let ldap: OpenLdapServer;
    before(async () => {
      ldap = await startOpenLdap();
    });
    after(async () => ldap?.close());

    it('asks "Who am I?", and refuses the entry the server names, however the DN is spelt', async () => {
      const logger = recordingLogger();
      // The base DN covers the service account's ou=system, and bindDn is spelt unlike the DN the server keeps.
      const bindDn = ldap.bindDn.toUpperCase().replace(/,/g, ', ');
      const p = new LdapProvider({
        config: ldapConfig({ url: ldap.url, baseDn: SUFFIX, bindDn }),
        getBindPassword: async () => ldap.bindPassword,
        logger,
      });
      try {
        await p.verifySignIn(); // as "Directory: Sign In" does
        const user: DirectoryUser = { id: ldap.bindDn, displayName: 'pwreset', signInName: 'pwreset', source: 'cloud' };
        const e = await rejection(p.resetPassword(user));
        assert.equal(e.kind, 'refused');
        assert.match(e.message, SERVICE_REFUSAL);
        const learned = logger.lines.find((l) => l.includes('the service account is'));
        assert.ok(learned && learned.includes('"Who am I?"'), logger.lines.join('\n'));
        assert.ok(sameDn(/the service account is (.*) \(from/.exec(learned)![1], ldap.bindDn));
        assert.equal((await ldap.verifyBind(ldap.bindDn, ldap.bindPassword)).ok, true, 'its password is unchanged');
      } finally {
        await p.dispose();
      }
    });
  });
});
