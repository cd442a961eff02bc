// An in-memory directory with every account action, for the host tests of the commands above the directory layer.
// It records each change it is asked for, can hold a request until released (double clicks), fail one with a given
// error (outcome unknown, 403), refuse in prepareAction, and hand out a Temporary Access Pass. No 'vscode' import.
import { DirectoryError } from '../../src/directory/errors';
import type {
  AccountAction,
  ActionOptions,
  ActionPreparation,
  ActionResult,
  DirectoryProvider,
  DirectoryUser,
  ProviderCapabilities,
  ResetResult,
  TemporaryAccessPassOptions,
  TemporaryAccessPassResult,
} from '../../src/directory/types';
import { ACCOUNT_ACTIONS } from '../../src/directory/types';

export const FAKE_PASS = 'TAP-7hQ!zr4#Vk9';

export interface SentAction {
  readonly action: AccountAction;
  readonly userId: string;
  readonly enabled?: boolean;
  readonly lifetimeInMinutes?: number;
  readonly isUsableOnce?: boolean;
}

export class FakeActionDirectory implements DirectoryProvider {
  readonly name = 'Contoso';
  capabilities: ProviderCapabilities = {
    actions: [...ACCOUNT_ACTIONS],
    kindLabel: 'Test directory',
    forcesChangeAtNextSignIn: true,
    accountLabel: 'Cloud account',
    reportsLastPasswordChange: true,
  };
  readonly users = new Map<string, DirectoryUser>();
  /** Every change request that reached this directory, in order. */
  readonly sent: SentAction[] = [];
  getUserCalls = 0;
  prepareCalls = 0;
  /** What prepareAction answers (default: no refusal, no notes). */
  preparation: ActionPreparation = { notes: [] };
  /** The next change request throws this instead of succeeding. */
  failNext: DirectoryError | undefined;
  /** While set, change requests wait for it (a request in flight). */
  hold: Promise<void> | undefined;
  /** Whether results carry the user read back (otherwise the command reads it again). */
  readBack = true;

  constructor(users: DirectoryUser[]) {
    for (const u of users) this.users.set(u.id, u);
  }

  async listUsers() {
    return { users: [...this.users.values()] };
  }

  async getUser(id: string): Promise<DirectoryUser> {
    this.getUserCalls++;
    const user = this.users.get(id);
    if (!user) throw new DirectoryError('notFound', `No user ${id}.`, 'Refresh the view.');
    return user;
  }

  async resetPassword(): Promise<ResetResult> {
    throw new Error('not used in these tests');
  }

  async prepareAction(): Promise<ActionPreparation> {
    this.prepareCalls++;
    return this.preparation;
  }

  async issueTemporaryAccessPass(
    user: DirectoryUser,
    options: TemporaryAccessPassOptions,
  ): Promise<TemporaryAccessPassResult> {
    await this.change({
      action: 'issueTemporaryAccessPass',
      userId: user.id,
      lifetimeInMinutes: options.lifetimeInMinutes,
      isUsableOnce: options.isUsableOnce,
    });
    const start = new Date('2026-01-02T03:04:00Z');
    return {
      action: 'issueTemporaryAccessPass',
      completedAt: new Date(),
      temporaryAccessPass: FAKE_PASS,
      startDateTime: start,
      endDateTime: new Date(start.getTime() + options.lifetimeInMinutes * 60_000),
      lifetimeInMinutes: options.lifetimeInMinutes,
      isUsableOnce: options.isUsableOnce,
    };
  }

  async revokeSessions(user: DirectoryUser, options?: ActionOptions): Promise<ActionResult> {
    await this.change({ action: 'revokeSessions', userId: user.id }, options);
    return { action: 'revokeSessions', completedAt: new Date(), note: 'It can take a few minutes to reach every app.' };
  }

  async setAccountEnabled(user: DirectoryUser, enabled: boolean, options?: ActionOptions): Promise<ActionResult> {
    const action = enabled ? 'enableAccount' : 'disableAccount';
    await this.change({ action, userId: user.id, enabled }, options);
    return this.applied(action, { ...user, accountEnabled: enabled });
  }

  async unlockAccount(user: DirectoryUser, options?: ActionOptions): Promise<ActionResult> {
    await this.change({ action: 'unlockAccount', userId: user.id }, options);
    return this.applied('unlockAccount', { ...user, locked: false });
  }

  adminPortalUrl(): string | undefined {
    return undefined;
  }

  async dispose(): Promise<void> {}

  private async change(sent: SentAction, _options?: ActionOptions): Promise<void> {
    this.sent.push(sent);
    if (this.hold) await this.hold;
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }

  private applied(action: AccountAction, user: DirectoryUser): ActionResult {
    this.users.set(user.id, user);
    return { action, completedAt: new Date(), ...(this.readBack ? { user } : {}) };
  }
}
