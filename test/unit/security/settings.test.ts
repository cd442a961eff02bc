// Settings that would send a token somewhere it must not go are refused before anything is sent, with a message
// that names the directory, the field and the fix. (That a workspace cannot set these at all is shown inside
// VS Code: test/host/security.test.ts.)
import * as assert from 'node:assert/strict';
import { parseDirectoryConfig } from '../../../src/directory/config';

const GOOD = {
  name: 'Contoso',
  provider: 'microsoftGraph',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
};

function problem(patch: Record<string, unknown>): string {
  const r = parseDirectoryConfig({ ...GOOD, ...patch }, 0);
  assert.ok(!r.ok, `${JSON.stringify(patch)} was accepted`);
  return r.problem;
}

function accepted(patch: Record<string, unknown>) {
  const r = parseDirectoryConfig({ ...GOOD, ...patch }, 0);
  assert.ok(r.ok, `${JSON.stringify(patch)} was refused: ${r.ok ? '' : r.problem}`);
  assert.equal(r.config.provider, 'microsoftGraph');
  return r.config as { graphEndpoint: string; authorityHost: string };
}

describe('Security: settings that could redirect a token', () => {
  for (const field of ['graphEndpoint', 'authorityHost'] as const) {
    describe(field, () => {
      it('refuses plain http:// anywhere but this machine, naming the directory, the field and the fix', () => {
        for (const url of [
          'http://graph.microsoft.com',
          'http://login.microsoftonline.com',
          'http://localhost.evil.example',
          'http://127.0.0.1.nip.io',
          'http://[::ffff:127.0.0.1]',
          'http://10.0.0.1',
          'http://localhost.',
        ]) {
          assert.match(
            problem({ [field]: url }),
            new RegExp(
              `^Directory "Contoso": "${field}" must use https:// \\(plain http is allowed only for 127\\.0\\.0\\.1 / localhost`,
            ),
            url,
          );
        }
      });

      it('refuses other schemes', () => {
        for (const url of [
          'ftp://graph.microsoft.com',
          'file:///etc/passwd',
          'javascript:alert(1)',
          'ws://127.0.0.1:1',
          'data:text/plain,x',
        ]) {
          assert.match(problem({ [field]: url }), /must use https:\/\//, url);
        }
      });

      it('refuses credentials in the URL, however they are written', () => {
        for (const url of [
          'https://user:password@graph.microsoft.com',
          'https://user@graph.microsoft.com',
          'https://:secret@graph.microsoft.com',
          'https://graph.microsoft.com@evil.example',
          'http://admin:x@127.0.0.1:8080',
        ]) {
          assert.match(
            problem({ [field]: url }),
            new RegExp(`"${field}" must not contain a user name or password`),
            url,
          );
        }
      });

      it('refuses paths, queries and fragments that could smuggle another host or a secret', () => {
        for (const url of [
          'https://graph.microsoft.com/v1.0',
          'https://graph.microsoft.com\\@evil.example',
          'https://evil.example?https://graph.microsoft.com',
          'https://evil.example#@graph.microsoft.com',
        ]) {
          assert.match(problem({ [field]: url }), /without a path|must not have a query|fragment/, url);
        }
      });

      it('refuses what is not a URL, and says what a good value looks like', () => {
        for (const value of ['graph.microsoft.com', '', 42, ['https://graph.microsoft.com']]) {
          assert.match(
            problem({ [field]: value }),
            /(is not a URL|must be a URL); use e\.g\.|must be a URL such as https:\/\//,
            JSON.stringify(value),
          );
        }
      });

      it('accepts https anywhere and http on loopback only, normalised to the origin', () => {
        assert.equal(accepted({ [field]: 'HTTPS://Graph.Microsoft.US/' })[field], 'https://graph.microsoft.us');
        assert.equal(accepted({ [field]: 'http://127.0.0.1:8080' })[field], 'http://127.0.0.1:8080');
        assert.equal(accepted({ [field]: 'http://localhost:3000/' })[field], 'http://localhost:3000');
        assert.equal(accepted({ [field]: 'http://[::1]:3000' })[field], 'http://[::1]:3000');
        assert.match(
          accepted({ [field]: null })[field],
          /^https:\/\/(graph|login)\.microsoft/,
          'null means the default',
        );
      });
    });
  }

  it('an entry with a problem is refused whole: its other fields are never used', () => {
    const r = parseDirectoryConfig(
      { ...GOOD, graphEndpoint: 'https://graph.microsoft.com', authorityHost: 'http://login.evil.example' },
      3,
    );
    assert.ok(!r.ok);
    assert.doesNotMatch(JSON.stringify(r), /graph\.microsoft\.com/);
  });
});
