import * as assert from 'node:assert/strict';
import { checkEndpoint, parseDirectoryConfig } from '../../../src/directory/config';

const GOOD = {
  name: 'Contoso',
  provider: 'microsoftGraph',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
};

describe('directory settings', () => {
  it('accepts a minimal entry and fills the defaults', () => {
    const r = parseDirectoryConfig(GOOD, 0);
    assert.ok(r.ok && r.config.provider === 'microsoftGraph');
    assert.equal(r.config.authentication, 'vscode');
    assert.equal(r.config.graphEndpoint, 'https://graph.microsoft.com');
    assert.equal(r.config.authorityHost, 'https://login.microsoftonline.com');
  });

  it('refuses http endpoints except on loopback', () => {
    assert.match(checkEndpoint('http://graph.example.com', 'x'), /^!x must use https/);
    assert.equal(checkEndpoint('http://127.0.0.1:8080', 'x'), 'http://127.0.0.1:8080');
    assert.equal(checkEndpoint('http://localhost:1', 'x'), 'http://localhost:1');
  });

  it('refuses credentials, paths and non-URLs in endpoints', () => {
    assert.match(checkEndpoint('https://user:pw@graph.microsoft.com', 'x'), /user name or password/);
    assert.match(checkEndpoint('https://graph.microsoft.com/v1.0', 'x'), /without a path/);
    assert.match(checkEndpoint('graph.microsoft.com', 'x'), /not a URL/);
  });

  it('explains each bad field in plain words', () => {
    const bad = (patch: object) => {
      const r = parseDirectoryConfig({ ...GOOD, ...patch }, 2);
      assert.ok(!r.ok);
      return r.problem;
    };
    assert.match(bad({ clientId: 'abc' }), /Directory "Contoso": "clientId" must be the application \(client\) ID/);
    assert.match(bad({ tenantId: '' }), /"tenantId" must be/);
    assert.match(bad({ provider: 'okta' }), /"okta" is not supported; use "microsoftGraph", "scim" or "ldap"/);
    assert.match(bad({ authentication: 'password' }), /"vscode" or "clientSecret"/);
    assert.match(bad({ authorityHost: 'http://login.example.com' }), /"authorityHost" must use https/);
    assert.match(bad({ name: ' ' }), /directoryReset.directories\[2\] needs a "name"/);
  });
});

describe('SCIM and LDAP directory settings', () => {
  it('accepts a SCIM base URL with a path, and refuses plain http off loopback', () => {
    const ok = parseDirectoryConfig({ name: 'S', provider: 'scim', baseUrl: 'https://scim.example.com/scim/v2/' }, 0);
    assert.ok(ok.ok && ok.config.provider === 'scim');
    assert.equal(ok.config.baseUrl, 'https://scim.example.com/scim/v2');
    const bad = parseDirectoryConfig({ name: 'S', provider: 'scim', baseUrl: 'http://scim.example.com/v2' }, 0);
    assert.ok(!bad.ok && /must use https/.test(bad.problem));
  });

  it('requires encryption for LDAP except on loopback', () => {
    const base = {
      name: 'L',
      provider: 'ldap',
      baseDn: 'ou=people,dc=example,dc=test',
      bindDn: 'cn=pwreset,dc=example,dc=test',
    };
    const plain = parseDirectoryConfig({ ...base, url: 'ldap://ldap.example.com' }, 0);
    assert.ok(!plain.ok && /unencrypted/.test(plain.problem));
    assert.ok(parseDirectoryConfig({ ...base, url: 'ldap://ldap.example.com', startTls: true }, 0).ok);
    assert.ok(parseDirectoryConfig({ ...base, url: 'ldaps://ldap.example.com:636' }, 0).ok);
    const loop = parseDirectoryConfig({ ...base, url: 'ldap://127.0.0.1:3890' }, 0);
    assert.ok(loop.ok && loop.config.provider === 'ldap');
    assert.equal(loop.config.userFilter, '(objectClass=inetOrgPerson)');
  });

  it('checks the password policy', () => {
    const r = parseDirectoryConfig(
      { name: 'S', provider: 'scim', baseUrl: 'https://s.example.com', passwordPolicy: { length: 8 } },
      0,
    );
    assert.ok(!r.ok && /from 12 to 256/.test(r.problem));
  });
});
