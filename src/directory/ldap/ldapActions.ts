// Enable, disable and unlock over LDAP (what each server holds is in ldapAccountState.ts). Every action: the
// provider's refusals and the state last seen refuse before any request; the guard lets one run per account; the
// entry is read on the same connection, the change is planned from what the directory holds now (refusing again
// where that makes it pointless or impossible), sent as ONE modify, and the user is read back for the tree.
// Once the modify is on its way it is not cancelled: a lost connection then is "outcome unknown".
import * as l10n from '@vscode/l10n';
import type { Change, Client, Control, Entry } from 'ldapts';
import { cancelledError, DirectoryError } from '../errors';
import {
  accountStateRefusal,
  actionConfirmed,
  actionRunning,
  enableActionOf,
  guardKeyOf,
  type AccountStateAction,
} from '../kit/accountState';
import { nameOf } from '../kit/outcome';
import type { ResetGuard } from '../kit/resetGuard';
import type { AccountAction, ActionOptions, ActionPreparation, ActionResult, DirectoryUser, Logger } from '../types';
import {
  ADMIN_LOCK,
  adEnableChanges,
  adLocked,
  adUnlockChanges,
  LockoutPolicies,
  openLdapDisableChanges,
  openLdapEnableChanges,
  openLdapState,
  openLdapUnlockChanges,
  RelaxRulesControl,
  STATE_ATTRIBUTES,
  UF_ACCOUNTDISABLE,
} from './ldapAccountState';
import { mapLdapActionError, type LdapActionErrorContext } from './ldapActionErrors';
import type { LdapDirectoryConfig } from './ldapConfig';
import { parseDn } from './ldapDn';
import { abortable, closeQuietly, type LdapSession } from './ldapSession';
import { firstValue } from './ldapUser';

/** What the provider lends the actions. */
export interface LdapActionDeps {
  readonly config: LdapDirectoryConfig;
  readonly session: LdapSession;
  readonly guard: ResetGuard;
  readonly logger: Logger;
  /** The provider's own refusal for a DN (the service account, outside the base DN). */
  readonly refusalFor: (dn: string) => string | undefined;
  /** The user as the directory has it now (the read back). */
  readonly getUser: (id: string) => Promise<DirectoryUser>;
}

/** The one modify an action sends, planned from the entry as read. */
interface Plan {
  readonly changes: Change[];
  readonly controls?: Control[];
  /** A sentence for the result (e.g. the policy could not be read to confirm slapd enforces the lock). */
  readonly note?: string;
}

export class LdapAccountActions {
  /** The OpenLDAP policies read so far: how long their lockouts last, whether they enforce the lock at all. */
  private readonly policies: LockoutPolicies;

  constructor(private readonly deps: LdapActionDeps) {
    this.policies = new LockoutPolicies(deps.config.passwordPolicyDn);
  }

  /** OpenLDAP: reads the policy of an entry that holds a lockout time, so stateOf can tell whether it ran out. */
  async learnLockoutPolicy(client: Client, entry: Entry): Promise<void> {
    if (this.deps.config.flavor === 'openldap' && firstValue(entry, 'pwdAccountLockedTime')) {
      await this.policies.read(client, entry);
    }
  }

  /** What this flavor can do. 389 DS: nothing yet (its nsAccountLock is read, not written). */
  static actionsFor(flavor: LdapDirectoryConfig['flavor']): AccountStateAction[] {
    return flavor === '389ds' ? [] : ['enableAccount', 'disableAccount', 'unlockAccount'];
  }

  /** The state ldapUser.ts shows: disabled and locked, per flavor (the policy as far as already read). */
  stateOf(entry: Entry): { accountEnabled?: boolean; locked?: boolean } | undefined {
    if (this.deps.config.flavor === 'openldap') return openLdapState(entry, this.policies.cached(entry));
    if (this.deps.config.flavor !== 'activeDirectory') return undefined;
    const uac = Number(firstValue(entry, 'userAccountControl'));
    return {
      accountEnabled: Number.isFinite(uac) ? (uac & UF_ACCOUNTDISABLE) === 0 : undefined,
      locked: adLocked(entry),
    };
  }

  setAccountEnabled(user: DirectoryUser, enabled: boolean, options: ActionOptions = {}): Promise<ActionResult> {
    return this.run(user, enableActionOf(enabled), options);
  }

  unlock(user: DirectoryUser, options: ActionOptions = {}): Promise<ActionResult> {
    return this.run(user, 'unlockAccount', options);
  }

  /** Reads the entry (and for OpenLDAP its policy) and says whether the action can work; sends no change. */
  async prepare(user: DirectoryUser, action: AccountAction, signal?: AbortSignal): Promise<ActionPreparation> {
    if (!isStateAction(action)) return { refusal: notOffered(this.deps.config.name, user), notes: [] };
    const early = this.refusal(user, action);
    if (early) return { refusal: early, notes: [] };
    const client = await this.deps.session.connect(signal);
    try {
      const entry = await this.read(client, user);
      const plan = await this.plan(client, entry, user, action);
      return { notes: plan.note ? [plan.note] : [] };
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === 'refused') return { refusal: e.message, notes: [] };
      throw e;
    } finally {
      await closeQuietly(client);
    }
  }

  private refusal(user: DirectoryUser, action: AccountStateAction): string | undefined {
    if (!LdapAccountActions.actionsFor(this.deps.config.flavor).includes(action)) {
      return notOffered(this.deps.config.name, user);
    }
    return this.deps.refusalFor(user.id) ?? accountStateRefusal(user, action);
  }

  private async run(user: DirectoryUser, action: AccountStateAction, options: ActionOptions): Promise<ActionResult> {
    const early = this.refusal(user, action);
    if (early) throw refused(early);
    // One account may be spelled with other spacing or case: the guard compares parsed DNs.
    const rdns = parseDn(user.id);
    const keyed = { ...user, id: rdns.length ? JSON.stringify(rdns) : user.id };
    return this.deps.guard.runAction(keyed, guardKeyOf(action), actionRunning(user, action), async () => {
      options.onProgress?.(l10n.t('Connecting to the directory...'));
      const client = await this.deps.session.connect(options.signal);
      let plan: Plan;
      try {
        if (options.signal?.aborted) throw cancelledError();
        // The first bind may only now have told who the service account is.
        const late = this.deps.refusalFor(user.id);
        if (late) throw refused(late);
        const entry = await abortable(this.read(client, user), options.signal, () => void closeQuietly(client));
        plan = await this.plan(client, entry, user, action);
        if (options.signal?.aborted) throw cancelledError();
        options.onProgress?.(progressWords(action));
        await this.modify(client, user, action, plan);
      } finally {
        await closeQuietly(client);
      }
      return this.readBack(user, action, plan.note);
    });
  }

  /** The entry's state attributes, as the directory holds them now. */
  private async read(client: Client, user: DirectoryUser): Promise<Entry> {
    const flavor = this.deps.config.flavor === 'activeDirectory' ? 'activeDirectory' : 'openldap';
    try {
      const r = await client.search(user.id, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: [...STATE_ATTRIBUTES[flavor]],
        sizeLimit: 1,
      });
      const entry = r.searchEntries[0];
      if (!entry) {
        throw new DirectoryError(
          'notFound',
          l10n.t('{0} is no longer in {1}.', nameOf(user), this.deps.config.name),
          l10n.t('Refresh the list and find the user again.'),
        );
      }
      return entry;
    } catch (e) {
      throw this.deps.session.error(e, 'read', { userName: nameOf(user) });
    }
  }

  /** The modify for the entry as read, or a refusal where it would be pointless or would not work. */
  private async plan(client: Client, entry: Entry, user: DirectoryUser, action: AccountStateAction): Promise<Plan> {
    const name = nameOf(user);
    if (this.deps.config.flavor === 'activeDirectory') {
      const uac = Number(firstValue(entry, 'userAccountControl'));
      if (action === 'unlockAccount') {
        if (!adLocked(entry)) throw refused(l10n.t('The account of {0} is not locked out.', name));
        return { changes: adUnlockChanges() };
      }
      if (!Number.isInteger(uac)) {
        throw refused(
          l10n.t(
            '{0} did not show the userAccountControl of {1}, so it cannot be changed safely.',
            this.deps.config.name,
            name,
          ),
        );
      }
      const enabled = action === 'enableAccount';
      if (((uac & UF_ACCOUNTDISABLE) === 0) === enabled) throw refused(stateNow(user, enabled));
      return { changes: adEnableChanges(uac, enabled) };
    }
    const lockedTime = firstValue(entry, 'pwdAccountLockedTime');
    if (action === 'enableAccount') {
      if (lockedTime !== ADMIN_LOCK) throw refused(stateNow(user, true));
      return { changes: openLdapEnableChanges() };
    }
    if (action === 'unlockAccount') {
      if (lockedTime === ADMIN_LOCK) {
        throw refused(
          l10n.t(
            'The account of {0} is disabled by an administrator, not locked out: use "Enable Account" instead.',
            name,
          ),
        );
      }
      const changes = openLdapUnlockChanges(entry);
      if (!changes) throw refused(l10n.t('The account of {0} is not locked out.', name));
      return { changes, controls: [new RelaxRulesControl()] };
    }
    if (lockedTime === ADMIN_LOCK) throw refused(stateNow(user, false));
    // slapd enforces pwdAccountLockedTime only under a policy with pwdLockout: TRUE: else the lock would be a lie.
    const policy = await this.policies.read(client, entry);
    if (policy?.lockout === false) {
      throw refused(
        l10n.t(
          'The password policy {0} of {1} does not have pwdLockout: TRUE, so OpenLDAP would ignore the lock and the account could still sign in. Set pwdLockout: TRUE in that policy first.',
          policy.dn,
          name,
        ),
      );
    }
    return {
      changes: openLdapDisableChanges(),
      note: policy
        ? undefined
        : l10n.t(
            'The extension could not read the password policy of {0}: OpenLDAP enforces the lock only where the policy has pwdLockout: TRUE. Set "passwordPolicyDn" and give the service account read access to it to have this checked.',
            name,
          ),
    };
  }

  private async modify(client: Client, user: DirectoryUser, action: AccountStateAction, plan: Plan): Promise<void> {
    const started = Date.now();
    const attributes = plan.changes.map((c) => `${c.operation} ${c.modification.type}`).join(', ');
    try {
      await client.modify(user.id, plan.changes, plan.controls);
    } catch (e) {
      this.deps.logger.warn(
        `LDAP ${this.deps.config.name}: ${action} of ${user.id} failed (${attributes}; ${Date.now() - started} ms)`,
      );
      throw mapLdapActionError(e, this.errorContext(user, action, true));
    }
    this.deps.logger.info(
      `LDAP ${this.deps.config.name}: ${action} of ${user.id} done (${attributes}; ${Date.now() - started} ms)`,
    );
  }

  /** The user as the directory has it after the change; the modify's success stands if the read fails. */
  private async readBack(user: DirectoryUser, action: AccountStateAction, note?: string): Promise<ActionResult> {
    let after: DirectoryUser;
    try {
      after = await this.deps.getUser(user.id);
    } catch {
      return {
        action,
        completedAt: new Date(),
        note: note ?? l10n.t('The directory confirmed the change; refresh the list to see it.'),
      };
    }
    if (actionConfirmed(after, action) === false) {
      throw new DirectoryError(
        'badResponse',
        l10n.t('{0} accepted the change, but reading {1} back does not show it.', this.deps.config.name, nameOf(user)),
        l10n.t("Refresh the list; if it persists, check the directory's log and its overlays or policies."),
      );
    }
    return { action, completedAt: new Date(), user: after, note };
  }

  private errorContext(user: DirectoryUser, action: AccountStateAction, requestSent: boolean): LdapActionErrorContext {
    const c = this.deps.config;
    return {
      directoryName: c.name,
      flavor: c.flavor,
      operation: 'action',
      url: c.url,
      startTls: c.startTls,
      bindDn: c.bindDn,
      baseDn: c.baseDn,
      userName: nameOf(user),
      requestSent,
      action,
      user,
    };
  }
}

function isStateAction(action: AccountAction): action is AccountStateAction {
  return action === 'enableAccount' || action === 'disableAccount' || action === 'unlockAccount';
}

function notOffered(directory: string, user: DirectoryUser): string {
  return l10n.t('{0} does not offer this action for {1}.', directory, nameOf(user));
}

function refused(message: string): DirectoryError {
  return new DirectoryError('refused', message, l10n.t('Refresh the list to see the account as it is now.'));
}

function stateNow(user: DirectoryUser, enabled: boolean): string {
  return enabled
    ? l10n.t('The account of {0} is already enabled.', nameOf(user))
    : l10n.t('The account of {0} is already disabled.', nameOf(user));
}

function progressWords(action: AccountStateAction): string {
  if (action === 'enableAccount') return l10n.t('Enabling the account...');
  if (action === 'disableAccount') return l10n.t('Disabling the account...');
  return l10n.t('Unlocking the account...');
}
