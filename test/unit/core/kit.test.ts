// The provider kit (src/directory/kit) and the behaviours every directory kind now shares through it. Each of the
// "drift" tests below failed for one kind before the kit: the kinds did the same thing in different ways.
import * as assert from 'node:assert/strict';
import { startGraphServer, type GraphServer } from '../../../src/demo/graphServer';
import { ClientCredentialsTokenSource } from '../../../src/auth/clientCredentialsTokenSource';
import { signInWithSecret } from '../../../src/connections/secretSignIn';
import { DirectoryError, SignInRequiredError } from '../../../src/directory/errors';
import { GraphProvider } from '../../../src/directory/graph/graphProvider';
import { clampPageSize, decodeCursor, encodeCursor } from '../../../src/directory/kit/paging';
import { MAX_SEARCH_CHARS, normalizeSearchText, searchTextOf } from '../../../src/directory/kit/searchText';
import type { LdapDirectoryConfig } from '../../../src/directory/ldap/ldapConfig';
import { decodeLdapCursor, encodeLdapCursor, type LdapCursor } from '../../../src/directory/ldap/ldapListings';
import { LdapProvider } from '../../../src/directory/ldap/ldapProvider';
import { silentLogger, type DirectoryUser } from '../../../src/directory/types';

const ldapConfig: LdapDirectoryConfig = {
  name: 'Kit LDAP',
  provider: 'ldap',
  url: 'ldap://127.0.0.1:1', // nothing listens: a test that reaches the network fails
  startTls: false,
  flavor: 'openldap',
  baseDn: 'ou=people,dc=example,dc=com',
  bindDn: 'cn=svc,dc=example,dc=com',
  userFilter: '(objectClass=inetOrgPerson)',
};

const ldapUser: DirectoryUser = {
  id: 'uid=a,ou=people,dc=example,dc=com',
  displayName: 'A',
  signInName: 'a',
  source: 'cloud',
};

/** A StoredSecret stand-in: what was asked and whether it was deleted. */
function fakeSecret(answer = true) {
  const calls: string[] = [];
  return {
    calls,
    ask: async (prompt: string) => {
      calls.push(`ask ${prompt}`);
      return answer;
    },
    delete: async () => void calls.push('delete'),
  };
}

describe('provider kit', () => {
  it('normalizes search text once for every kind: controls blanked, spaces collapsed, lone surrogates replaced', () => {
    assert.equal(normalizeSearchText(' a\t\n b\u0000c '), 'a b c');
    assert.equal(normalizeSearchText('x\ud800'), 'x\ufffd');
    assert.equal(searchTextOf('   ', { matched: 'names', nextStep: '' }), undefined);
    assert.throws(
      () => searchTextOf('a'.repeat(MAX_SEARCH_CHARS + 1), { matched: 'names', nextStep: 'Shorter.' }),
      (e: unknown) =>
        e instanceof DirectoryError &&
        e.kind === 'badRequest' &&
        /257 characters long; names are at most 256/.test(e.message),
    );
  });

  it("clamps page sizes to the kind's maximum", () => {
    assert.equal(clampPageSize(5000, 999), 999);
    assert.equal(clampPageSize(Number.NaN, 999), 100);
  });

  it("round-trips JSON and base64url cursors, and refuses a cursor that fails the kind's check", () => {
    for (const encoding of ['json', 'base64url'] as const) {
      const c = { a: 1, b: 'x' };
      assert.deepEqual(
        decodeCursor(
          encodeCursor(c, encoding),
          () => true,
          () => new Error('no'),
          encoding,
        ),
        c,
      );
      assert.throws(
        () =>
          decodeCursor(
            encodeCursor(c, encoding),
            () => false,
            () => new Error('not mine'),
            encoding,
          ),
        /not mine/,
      );
    }
  });

  it('LDAP cursors spell their fields out and still round-trip; a cursor of the old v/l/o/s/n form is refused', () => {
    const c: LdapCursor = { version: 2, listing: 'abc', offset: 40, search: 'Zoë', pageSize: 20 };
    const text = encodeLdapCursor(c);
    assert.deepEqual(decodeLdapCursor(text), c);
    assert.deepEqual(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')), c);
    const old = Buffer.from(JSON.stringify({ v: 1, l: 'abc', o: 40, n: 20 })).toString('base64url');
    assert.throws(
      () => decodeLdapCursor(old),
      (e: unknown) => e instanceof DirectoryError && e.kind === 'badRequest',
    );
  });
});

describe('every kind agrees (drifts fixed by the kit)', function () {
  this.timeout(20_000);

  describe('a password length the generator cannot honour is a configuration error, before anything is sent', () => {
    it('LDAP (was a plain RangeError)', async () => {
      const p = new LdapProvider({
        config: ldapConfig,
        getBindPassword: async () => 'x',
        logger: silentLogger,
        passwordLength: 8,
      });
      try {
        await assert.rejects(
          p.resetPassword(ldapUser),
          (e: unknown) => e instanceof DirectoryError && e.kind === 'configuration' && /from 12 to 256/.test(e.message),
        );
        assert.equal(p.openListingCount, 0);
      } finally {
        await p.dispose();
      }
    });

    it("LDAP, from the directory's own passwordPolicy too", async () => {
      const p = new LdapProvider({
        config: { ...ldapConfig, passwordPolicy: { length: 300 } },
        getBindPassword: async () => 'x',
        logger: silentLogger,
      });
      try {
        await assert.rejects(
          p.resetPassword(ldapUser),
          (e: unknown) => e instanceof DirectoryError && e.kind === 'configuration',
        );
      } finally {
        await p.dispose();
      }
    });

    describe('Microsoft Graph (was a plain RangeError)', () => {
      let server: GraphServer;
      before(async () => {
        server = await startGraphServer();
      });
      after(async () => server.close());

      it('passwordProfile with directoryReset.passwordLength 8: configuration error, no PATCH', async () => {
        const p = new GraphProvider({
          name: 'Kit Graph',
          graphEndpoint: server.url,
          tokenSource: { delegated: false, getToken: async () => 'not used' },
          logger: silentLogger,
          resetMethod: 'passwordProfile',
          passwordLength: 8,
        });
        try {
          const user: DirectoryUser = {
            id: '00000000-0000-0000-0000-000000000001',
            displayName: 'B',
            signInName: 'b@x',
            source: 'cloud',
          };
          await assert.rejects(
            p.resetPassword(user),
            (e: unknown) =>
              e instanceof DirectoryError && e.kind === 'configuration' && /from 12 to 256/.test(e.message),
          );
          assert.equal(p.requestCount, 0);
        } finally {
          await p.dispose();
        }
      });

      it('a client secret the directory rejects at sign-in is forgotten (Graph app-only used to keep it)', async () => {
        const secret = fakeSecret();
        const tokens = new ClientCredentialsTokenSource({
          directoryName: 'Kit Graph',
          authorityHost: server.url,
          tenantId: server.tenantId,
          clientId: server.clientId,
          graphEndpoint: server.url,
          getSecret: async () => `${server.clientSecret}-wrong`,
          logger: silentLogger,
        });
        await assert.rejects(
          signInWithSecret(secret, 'Client secret', () => tokens.getToken({ refresh: true }).then(() => undefined)),
          (e: unknown) => e instanceof DirectoryError && e.kind === 'signInRequired',
        );
        assert.deepEqual(secret.calls, ['ask Client secret', 'delete']);
      });
    });
  });

  describe('sign-in with a secret, for every kind (src/connections/secretSignIn.ts)', () => {
    it('forgets a secret the directory rejected', async () => {
      const secret = fakeSecret();
      await assert.rejects(
        signInWithSecret(secret, 'p', async () => Promise.reject(new SignInRequiredError('D'))),
        /not signed in/,
      );
      assert.deepEqual(secret.calls, ['ask p', 'delete']);
    });

    it('keeps it when the directory could not be reached (it may be right), and does nothing when cancelled', async () => {
      const secret = fakeSecret();
      await assert.rejects(
        signInWithSecret(secret, 'p', async () => Promise.reject(new DirectoryError('unavailable', 'down', ''))),
        /down/,
      );
      assert.deepEqual(secret.calls, ['ask p']);
      const cancelled = fakeSecret(false);
      let proved = false;
      await signInWithSecret(cancelled, 'p', async () => void (proved = true));
      assert.equal(proved, false);
    });
  });

  it('LDAP refuses a search longer than 256 characters before connecting, as Graph and SCIM do', async () => {
    const p = new LdapProvider({ config: ldapConfig, getBindPassword: async () => 'x', logger: silentLogger });
    try {
      await assert.rejects(
        p.listUsers({ search: 'a'.repeat(300), pageSize: 5 }),
        (e: unknown) => e instanceof DirectoryError && e.kind === 'badRequest' && /300 characters long/.test(e.message),
      );
    } finally {
      await p.dispose();
    }
  });
});
