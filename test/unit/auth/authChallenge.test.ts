// WWW-Authenticate claims challenges (Conditional Access, continuous access evaluation) as Graph sends them.
import * as assert from 'node:assert/strict';
import { parseClaimsChallenge } from '../../../src/directory/http/authChallenge';

const CLAIMS = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';
const B64 = Buffer.from(CLAIMS).toString('base64');

describe('claims challenges in WWW-Authenticate', () => {
  it("reads Graph's continuous access evaluation challenge: base64 claims, error and the whole header", () => {
    const header =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
      `client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${B64}"`;
    const c = parseClaimsChallenge(header);
    assert.ok(c);
    assert.equal(c.claims, CLAIMS);
    assert.equal(c.error, 'insufficient_claims');
    assert.equal(c.wwwAuthenticate, header, 'the provider gets the header as sent');
  });

  it('accepts claims sent as JSON in a quoted string, and finds the Bearer challenge after another scheme', () => {
    const quoted = CLAIMS.replace(/"/g, '\\"');
    const c = parseClaimsChallenge(`Basic realm="legacy", Bearer error="insufficient_claims", claims="${quoted}"`);
    assert.equal(c?.claims, CLAIMS);
  });

  it('joins a header sent several times', () => {
    const c = parseClaimsChallenge(['Basic realm="x"', `Bearer claims="${B64}"`]);
    assert.equal(c?.claims, CLAIMS);
  });

  it('is not a claims challenge without Bearer claims, or with claims that are not JSON', () => {
    assert.equal(parseClaimsChallenge(undefined), undefined);
    assert.equal(parseClaimsChallenge(''), undefined);
    assert.equal(
      parseClaimsChallenge('Bearer realm="", error="invalid_token"'),
      undefined,
      'an expired token is no challenge',
    );
    assert.equal(parseClaimsChallenge(`Basic claims="${B64}"`), undefined, 'only Bearer');
    assert.equal(parseClaimsChallenge('Bearer claims="bm90IGpzb24="'), undefined, 'base64 of "not json"');
    assert.equal(parseClaimsChallenge(`Bearer claims="${'A'.repeat(20_000)}"`), undefined, 'huge headers are ignored');
  });
});
