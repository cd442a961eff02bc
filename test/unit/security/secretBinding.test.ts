// A stored secret is bound to the endpoint and identity it was given for (src/connections/secretBinding.ts): it is
// handed out only while the directory's settings still name the same ones. The in-VS Code half (real SecretStorage,
// a SCIM directory moved to another server) is in test/host/hardening.test.ts.
import * as assert from 'node:assert/strict';
import { bindSecret, secretBindingFor, unbindSecret } from '../../../src/connections/secretBinding';
import { parseDirectoryConfig, type DirectoryConfig } from '../../../src/directory/config';

function config(entry: Record<string, unknown>): DirectoryConfig {
  const parsed = parseDirectoryConfig({ name: 'Contoso', ...entry }, 0);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  return parsed.config;
}

const GRAPH = {
  provider: 'microsoftGraph',
  authentication: 'clientSecret',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
};
const SCIM = { provider: 'scim', baseUrl: 'https://scim.example.com/scim/v2' };
const LDAP = {
  provider: 'ldap',
  url: 'ldaps://dc1.corp.example:636',
  baseDn: 'dc=corp,dc=example',
  bindDn: 'cn=svc,dc=corp,dc=example',
};

describe('security: a stored secret is bound to its endpoint and identity', () => {
  it('is handed back for the same settings, exactly as given', () => {
    for (const entry of [GRAPH, SCIM, LDAP]) {
      const binding = secretBindingFor(config(entry));
      for (const secret of ['s3cr3t', ' spaced ', '{"v":1,"for":"x","secret":"y"}', 'ünïcødé\u0000']) {
        assert.deepEqual(unbindSecret(bindSecret(secret, binding), binding), { kind: 'ok', secret });
      }
      // The same settings written differently (a trailing slash, default values spelled out) are the same endpoint.
      assert.equal(secretBindingFor(config({ ...entry })), binding);
    }
    assert.equal(
      secretBindingFor(
        config({
          ...GRAPH,
          graphEndpoint: 'https://graph.microsoft.com/',
          authorityHost: 'https://login.microsoftonline.com',
        }),
      ),
      secretBindingFor(config(GRAPH)),
    );
  });

  const changes: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['Graph authorityHost', GRAPH, { authorityHost: 'https://login.evil.example' }],
    ['Graph clientId', GRAPH, { clientId: '99999999-2222-3333-4444-555555555555' }],
    ['Graph tenantId', GRAPH, { tenantId: 'fabrikam.onmicrosoft.com' }],
    ['Graph graphEndpoint', GRAPH, { graphEndpoint: 'https://graph.evil.example' }],
    ['SCIM baseUrl host', SCIM, { baseUrl: 'https://scim.evil.example/scim/v2' }],
    ['SCIM baseUrl port', SCIM, { baseUrl: 'https://scim.example.com:8443/scim/v2' }],
    ['SCIM baseUrl path', SCIM, { baseUrl: 'https://scim.example.com/other/scim/v2' }],
    ['LDAP url', LDAP, { url: 'ldaps://ldap.evil.example:636' }],
    ['LDAP bindDn', LDAP, { bindDn: 'cn=admin,dc=corp,dc=example' }],
  ];
  for (const [what, entry, change] of changes) {
    it(`is not handed out when the ${what} changes, and says what it was given for`, () => {
      const before = secretBindingFor(config(entry));
      const after = secretBindingFor(config({ ...entry, ...change }));
      assert.notEqual(after, before);
      assert.deepEqual(unbindSecret(bindSecret('the-secret', before), after), {
        kind: 'otherEndpoint',
        storedFor: before,
      });
      assert.ok(!before.includes('the-secret'));
    });
  }

  it('a secret stored by an older version (no binding) or in an unknown form is never handed out', () => {
    const binding = secretBindingFor(config(SCIM));
    for (const stored of ['plain-old-token', '{"secret":"x"}', '{"v":2,"for":"x","secret":"y"}', 'null', '[]', '{']) {
      assert.deepEqual(unbindSecret(stored, binding), { kind: 'otherEndpoint' }, stored);
    }
    assert.deepEqual(unbindSecret(undefined, binding), { kind: 'none' });
    assert.deepEqual(unbindSecret('', binding), { kind: 'none' });
  });
});
