import * as assert from 'node:assert/strict';
import { accountEligibility } from '../../../src/directory/graph/eligibility';

describe('who can be reset here', () => {
  const member = {
    displayName: 'Alain Charon',
    userPrincipalName: 'alain@contoso.onmicrosoft.com',
    userType: 'Member',
  };

  it('allows a cloud member', () => {
    assert.deepEqual(accountEligibility(member), { source: 'cloud' });
  });

  for (const [why, patch] of [
    ['invited guest', { creationType: 'Invitation' }],
    ['guest user type', { userType: 'Guest' }],
    ['#EXT# in the UPN', { userPrincipalName: 'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com' }],
    ['external user state', { externalUserState: 'PendingAcceptance' }],
    ['self-service sign-up', { creationType: 'SelfServiceSignUp' }],
    ['federated identity', { identities: [{ signInType: 'federated', issuer: 'google.com' }] }],
  ] as const) {
    it(`refuses an external account: ${why}`, () => {
      const e = accountEligibility({ ...member, ...patch });
      assert.equal(e.source, 'external');
      assert.match(e.refusal ?? '', /cannot be reset here/);
      assert.match(e.refusal ?? '', /Alain Charon/);
    });
  }

  it('refuses a synced account and names password writeback', () => {
    const e = accountEligibility({ ...member, onPremisesSyncEnabled: true });
    assert.equal(e.source, 'synced');
    assert.match(e.refusal ?? '', /password writeback/);
    assert.match(e.refusal ?? '', /sign in as yourself/, 'says what would make it possible');
  });

  it('leaves a synced account to the directory when the reset goes through resetPassword (delegated)', () => {
    const e = accountEligibility({ ...member, onPremisesSyncEnabled: true }, true);
    assert.deepEqual(e, { source: 'synced' });
    // Guests stay refused whatever the method.
    assert.ok(accountEligibility({ ...member, userType: 'Guest' }, true).refusal);
  });
});
