// The host's account-action rules that need no VS Code: which actions fit a user's state (the menu, the page and the
// commands ask the same function), which page messages are accepted, and what a page keeps of the pass.
import * as assert from 'node:assert/strict';
import type { DirectoryUser, ProviderCapabilities, TemporaryAccessPassResult } from '../../../src/directory/types';
import { ACCOUNT_ACTIONS } from '../../../src/directory/types';
import {
  actionsContextValue,
  offeredActions,
  resetExtrasFor,
  stateMismatch,
} from '../../../src/views/actionAvailability';
import { ActionOutcomes } from '../../../src/webviews/profile/actionOutcomes';
import { isWebviewMessage } from '../../../src/webviews/profile/protocol';

const user = (over: Partial<DirectoryUser>): DirectoryUser => ({
  id: 'u1',
  displayName: 'Ada',
  signInName: 'ada@example.com',
  source: 'cloud',
  ...over,
});
const all: ProviderCapabilities = {
  actions: [...ACCOUNT_ACTIONS],
  kindLabel: 'Test',
  forcesChangeAtNextSignIn: true,
  accountLabel: 'Cloud account',
  reportsLastPasswordChange: true,
};

describe('account actions: availability, page messages, the pass on a page', () => {
  it('offers with a reset: MFA only where the reset can carry it, enable only when disabled, unlock only when locked', () => {
    assert.deepEqual(resetExtrasFor(user({ accountEnabled: true, locked: false }), all), ['revokeSessions']);
    assert.deepEqual(
      resetExtrasFor(user({ accountEnabled: false, locked: true }), { ...all, offersMfaWithReset: true }),
      ['requireMfa', 'enableAccount', 'unlockAccount', 'revokeSessions'],
    );
    // A directory without the actions (SCIM has no sign-out or unlock) offers none of them with the reset.
    assert.deepEqual(
      resetExtrasFor(user({ accountEnabled: false, locked: true }), { ...all, actions: ['enableAccount'] }),
      ['enableAccount'],
    );
    assert.deepEqual(resetExtrasFor(user({ locked: true }), { ...all, actions: [] }), []);
  });

  it('offers Enable only on a disabled account, Disable otherwise, Unlock only on a locked one', () => {
    assert.deepEqual(offeredActions(user({ accountEnabled: true, locked: false }), all), [
      'issueTemporaryAccessPass',
      'revokeSessions',
      'disableAccount',
    ]);
    assert.deepEqual(offeredActions(user({ accountEnabled: false, locked: true }), all), [
      'issueTemporaryAccessPass',
      'revokeSessions',
      'enableAccount',
      'unlockAccount',
    ]);
    // A directory that does not say whether the account is enabled: Disable is offered, the command decides.
    assert.equal(stateMismatch(user({}), 'enableAccount'), 'alreadyEnabled');
    assert.equal(stateMismatch(user({}), 'disableAccount'), undefined);
    assert.equal(stateMismatch(user({}), 'unlockAccount'), 'notLocked');
  });

  it('offers nothing the directory cannot do, and says it in the contextValue fragment', () => {
    const some = { ...all, actions: ['revokeSessions', 'unlockAccount'] as const };
    assert.equal(
      actionsContextValue(user({ locked: true }), { ...some, actions: [...some.actions] }),
      ':can-revokeSessions:can-unlockAccount',
    );
    assert.equal(actionsContextValue(user({ locked: true }), { ...all, actions: [] }), '');
  });

  it('accepts runAction only with a known action, and no other new message with data it would use', () => {
    for (const action of ACCOUNT_ACTIONS) assert.equal(isWebviewMessage({ type: 'runAction', action }), true);
    for (const bad of [
      { type: 'runAction' },
      { type: 'runAction', action: 'deleteUser' },
      { type: 'runAction', action: ['revokeSessions'] },
    ]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    }
    assert.equal(isWebviewMessage({ type: 'copyPass' }), true);
  });

  it('keeps the pass until a new issue fails or is unknown, or the page closes', () => {
    const pass: TemporaryAccessPassResult = {
      action: 'issueTemporaryAccessPass',
      completedAt: new Date('2026-01-02T03:04:00Z'),
      temporaryAccessPass: 'TAP-secret',
      startDateTime: new Date('2026-01-02T03:04:00Z'),
      endDateTime: new Date('2026-01-02T04:04:00Z'),
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    };
    const o = new ActionOutcomes();
    o.setPass(pass, 'Issued.');
    o.record({ action: 'revokeSessions', status: 'failed', message: 'No.', at: new Date() });
    assert.equal(o.passText, 'TAP-secret', 'another action failing leaves the pass');
    assert.deepEqual(
      o.outcomesMessage((a) => a)?.outcomes.map((x) => [x.action, x.status]),
      [
        ['issueTemporaryAccessPass', 'done'],
        ['revokeSessions', 'failed'],
      ],
    );
    o.record({ action: 'issueTemporaryAccessPass', status: 'unknown', message: 'Unknown.', at: new Date() });
    assert.equal(o.passText, undefined);
    assert.equal(o.passMessage(), undefined);
    o.setPass(pass, 'Issued.');
    o.clear();
    assert.equal(o.passText, undefined);
    assert.equal(
      o.outcomesMessage((a) => a),
      undefined,
    );
  });
});
