import * as assert from 'node:assert/strict';
import { checkEndpoint, parseDirectoryConfig } from '../../src/directory/config';

const GOOD = {
  name: 'Contoso',
  provider: 'microsoftGraph',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
};

describe('directory settings', () => {
  it('accepts a minimal entry and fills the defaults', () => {
    const r = parseDirectoryConfig(GOOD, 0);
    assert.ok(r.ok);
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
    assert.match(bad({ provider: 'okta' }), /not supported/);
    assert.match(bad({ authentication: 'password' }), /"vscode" or "clientSecret"/);
    assert.match(bad({ authorityHost: 'http://login.example.com' }), /"authorityHost" must use https/);
    assert.match(bad({ name: ' ' }), /directoryReset.directories\[2\] needs a "name"/);
  });
});
