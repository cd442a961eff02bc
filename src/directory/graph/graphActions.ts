// The account actions beside the reset, for Microsoft Graph: sign out everywhere (POST revokeSignInSessions) and
// enable / disable (PATCH accountEnabled, then the user read back so the tree changes only once confirmed); the
// Temporary Access Pass is in temporaryAccessPass.ts. Entra ID has no administrator unlock (see UNLOCK_NOTE).
import * as l10n from '@vscode/l10n';
import type { ErrorResponse } from '../http/jsonClient';
import { userIdSegment } from '../http/pathSegment';
import { isJsonObject } from '../kit/answers';
import { actionChangeWords } from '../kit/accountState';
import { actionOutcomeUnknown, nameOf } from '../kit/outcome';
import { DirectoryError } from '../errors';
import type {
  AccessReport,
  AccountAction,
  ActionOptions,
  ActionPreparation,
  ActionResult,
  DirectoryUser,
  TemporaryAccessPassOptions,
  TemporaryAccessPassResult,
} from '../types';
import { isGuest, refusal, sendChange, SignedInPerson, type ActionContext } from './actionContext';
import { isOnPremisesMasteredError, readGraphError } from './graphErrors';
import { TemporaryAccessPasses } from './temporaryAccessPass';
import { AccessCheck } from './accessCheck';
import { forbiddenToReset } from './graphResetWords';
import { rolesThatMay } from './roleRules';
import { readTargetStanding } from './targetRoles';

/** What Graph can do beside the reset. */
export const GRAPH_ACTIONS: readonly AccountAction[] = [
  'issueTemporaryAccessPass',
  'revokeSessions',
  'enableAccount',
  'disableAccount',
];

/** Shown instead of an Unlock command: Entra ID's smart lockout has no administrator unlock. */
export function unlockNote(): string {
  return l10n.t(
    'Microsoft Entra ID has no unlock for administrators: resetting the password clears a smart lockout, and the lockout also ends by itself after its lockout duration.',
  );
}

export class GraphActions {
  private readonly me: SignedInPerson;
  private readonly passes: TemporaryAccessPasses;

  private readonly access: AccessCheck;

  constructor(private readonly ctx: ActionContext) {
    this.me = new SignedInPerson(ctx);
    this.passes = new TemporaryAccessPasses(ctx, this.me);
    this.access = new AccessCheck(ctx.client, (signal) => this.me.idOf(signal));
  }

  /** The pre-flight check (accessCheck.ts); with app-only sign-in nothing is judged (Graph has no "me" for apps). */
  async checkAccess(user: DirectoryUser, signal?: AbortSignal): Promise<AccessReport> {
    return this.ctx.delegated ? this.access.check(user, signal) : { verdicts: {} };
  }

  /** Forgets the roles read so far (the tree's Refresh), so a role granted or activated meanwhile counts. */
  forgetRoles(): void {
    this.access.clear();
  }

  /** After a 403 on a reset: the roles that could reset this user, from the user's own standing. */
  async explainResetForbidden(user: DirectoryUser, e: DirectoryError, signal?: AbortSignal): Promise<DirectoryError> {
    const standing = await readTargetStanding(this.ctx.client, user, this.ctx.name, signal);
    return forbiddenToReset(user, standing?.roles, rolesThatMay('resetPassword', standing ?? { roles: [] }), e.details);
  }

  async prepare(user: DirectoryUser, action: AccountAction, signal?: AbortSignal): Promise<ActionPreparation> {
    switch (action) {
      case 'issueTemporaryAccessPass':
        return this.passes.prepare(user, signal);
      case 'revokeSessions':
        return { refusal: this.revokeRefusal(user)?.message, notes: [revokeNote()] };
      case 'enableAccount':
      case 'disableAccount':
        return { refusal: (await this.enabledRefusal(user, action === 'enableAccount', signal))?.message, notes: [] };
      case 'unlockAccount':
        return { refusal: unlockNote(), notes: [] };
    }
  }

  issueTemporaryAccessPass(
    user: DirectoryUser,
    options: TemporaryAccessPassOptions,
  ): Promise<TemporaryAccessPassResult> {
    return this.passes.issue(user, options);
  }

  async revokeSessions(user: DirectoryUser, options: ActionOptions = {}): Promise<ActionResult> {
    const refused = this.revokeRefusal(user);
    if (refused) throw refused;
    const what = l10n.t('Signing {0} out everywhere', nameOf(user));
    return this.ctx.guard.runAction(user, 'revokeSessions', what, async () => {
      options.onProgress?.(l10n.t('Signing the user out everywhere...'));
      const unknown = (why: string) =>
        actionOutcomeUnknown(
          why,
          l10n.t('{0} was signed out everywhere', nameOf(user)),
          l10n.t('Sign them out again: doing it twice does no harm.'),
        );
      const res = await sendChange(
        this.ctx,
        user,
        'revokeSessions',
        {
          method: 'POST',
          url: `${this.userPath(user)}/revokeSignInSessions`,
          signal: options.signal,
        },
        { change: l10n.t('sign-out'), unknown },
      );
      // Graph documents 200 {"value": true} (and lists 204 as a known variant); anything else is no confirmation.
      const confirmed = res.status === 204 || (res.status === 200 && isJsonObject(res.json) && res.json.value === true);
      if (!confirmed) {
        throw unknown(l10n.t('The answer was HTTP {0}, not a confirmation.', String(res.status)));
      }
      return { action: 'revokeSessions', completedAt: new Date(), note: revokeNote(), requestId: res.requestId };
    });
  }

  async setAccountEnabled(user: DirectoryUser, enabled: boolean, options: ActionOptions = {}): Promise<ActionResult> {
    const action = enabled ? 'enableAccount' : 'disableAccount';
    const refused = await this.enabledRefusal(user, enabled, options.signal);
    if (refused) throw refused;
    const what = enabled
      ? l10n.t('Enabling the account of {0}', nameOf(user))
      : l10n.t('Disabling the account of {0}', nameOf(user));
    return this.ctx.guard.runAction(user, action, what, async () => {
      options.onProgress?.(enabled ? l10n.t('Enabling the account...') : l10n.t('Disabling the account...'));
      const unknown = (why: string) =>
        actionOutcomeUnknown(
          why,
          enabled
            ? l10n.t('the account of {0} was enabled', nameOf(user))
            : l10n.t('the account of {0} was disabled', nameOf(user)),
          l10n.t('Refresh the user: the profile page shows whether the account is enabled now.'),
        );
      const res = await sendChange(
        this.ctx,
        user,
        action,
        { method: 'PATCH', url: this.userPath(user), body: { accountEnabled: enabled }, signal: options.signal },
        {
          change: actionChangeWords(enabled ? 'enableAccount' : 'disableAccount'),
          unknown,
          mapError: (answer) => this.syncedFromAnswer(user, answer),
        },
      );
      if (res.status !== 204) {
        throw unknown(l10n.t('The answer was HTTP {0}, not a confirmation.', String(res.status)));
      }
      return this.readBack(user, action, enabled, res.requestId, options.signal);
    });
  }

  /** After a confirmed change: the user as the directory has it now, so the tree and page show what it confirmed. */
  private async readBack(
    user: DirectoryUser,
    action: 'enableAccount' | 'disableAccount',
    enabled: boolean,
    requestId: string | undefined,
    signal?: AbortSignal,
  ): Promise<ActionResult> {
    const done = { action, completedAt: new Date(), requestId };
    let after: DirectoryUser;
    try {
      after = await this.ctx.getUser(user.id, signal);
    } catch {
      return {
        ...done,
        note: l10n.t('The directory confirmed the change, but reading the user back failed: refresh to see it.'),
      };
    }
    if (after.accountEnabled !== enabled) {
      // Entra ID replicates writes; a read right after may still see the old value.
      return {
        ...done,
        note: l10n.t(
          'The directory confirmed the change; the user read back right after still shows the old state, which can take a minute to catch up. Refresh in a minute.',
        ),
      };
    }
    return { ...done, user: after };
  }

  private revokeRefusal(user: DirectoryUser): DirectoryError | undefined {
    if (!isGuest(user)) return undefined;
    return refusal(
      l10n.t(
        '{0} is a guest: they sign in through their own organisation, so signing them out here does not end their sessions. Nothing was sent.',
        nameOf(user),
      ),
      l10n.t('Ask their organisation to sign them out, or disable the guest account here.'),
    );
  }

  private async enabledRefusal(
    user: DirectoryUser,
    enabled: boolean,
    signal?: AbortSignal,
  ): Promise<DirectoryError | undefined> {
    if (user.source === 'synced') {
      return refusal(
        l10n.t(
          '{0} is synced from on-premises Active Directory, so whether the account is enabled is decided there. Nothing was sent.',
          nameOf(user),
        ),
        enabled
          ? l10n.t('Enable the account in on-premises Active Directory; the next sync brings it here.')
          : l10n.t('Disable the account in on-premises Active Directory; the next sync brings it here.'),
      );
    }
    if (!enabled && (await this.me.is(user, signal))) {
      return refusal(
        l10n.t('You cannot disable your own account here: you would lose access. Nothing was sent.'),
        l10n.t('Ask a colleague with the User Administrator role.'),
      );
    }
    return undefined;
  }

  /** A synced account the directory refuses to change (when the sync state changed since it was read). */
  private syncedFromAnswer(user: DirectoryUser, res: ErrorResponse): DirectoryError | undefined {
    if (!isOnPremisesMasteredError(res)) return undefined;
    return new DirectoryError(
      'refused',
      l10n.t(
        '{0} is synced from on-premises Active Directory, so whether the account is enabled is decided there. Nothing was changed.',
        nameOf(user),
      ),
      l10n.t('Change it in on-premises Active Directory; the next sync brings it here.'),
      { status: res.status, requestId: res.requestId, code: readGraphError(res.json)?.code },
    );
  }

  private userPath(user: DirectoryUser): string {
    return `/v1.0/users/${userIdSegment(user.id, this.ctx.name)}`;
  }
}

function revokeNote(): string {
  return l10n.t('Signing out everywhere can take a few minutes to reach every app.');
}
