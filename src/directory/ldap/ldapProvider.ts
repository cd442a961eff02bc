// An LDAP directory (OpenLDAP with the ppolicy overlay) or Active Directory as a DirectoryProvider, over ldapts.
//
// Connections (bind, TLS, timeouts) are ldapSession.ts; the connections held open for paging are ldapListings.ts.
//
// User ids are DNs: the reset's modify needs the DN, and an entryUUID/objectGUID id would cost a search before
// every reset and every profile read. A renamed or moved user then reads as "not found" until the list is
// refreshed, which is the honest answer.
import * as l10n from '@vscode/l10n';
import { Attribute, Change, type Client, type Entry, type SearchResult } from 'ldapts';
import { displayText } from '../displayText';
import { cancelledError, DirectoryError } from '../errors';
import { clampPageSize } from '../kit/paging';
import { ResetGuard } from '../kit/resetGuard';
import { NAME_OR_ADDRESS, searchTextOf } from '../kit/searchText';
import { temporaryPassword } from '../kit/temporaryPassword';
// The directory model's types, as `model.X`: what every provider implements.
import type { ActionArgs } from '../kit/actionArgs';
import type * as model from '../types';
import type { LdapDirectoryConfig } from './ldapConfig';
import { isUnderDn, parseDn, sameDn } from './ldapDn';
import { isTransportError, ldapResultCode } from './ldapErrors';
import { explain389ResetError, flavorMismatchWarning, passwordModify, readServerInfo, type ServerInfo } from './ds389';
import { LdapAccountActions } from './ldapActions';
import { ldapLabels } from './ldapKind';
import { LdapListingPool, type LdapListingOptions } from './ldapListings';
import { abortable, closeQuietly, LdapSession, type LdapSessionOptions } from './ldapSession';
import { entryToUser, firstValue, PROFILE_ATTRIBUTES } from './ldapUser';
import { checkMustChange, policyVerdict, type MustChangeVerdict } from './mustChangeCheck';
import { PasswordPolicyControl } from './passwordPolicyControl';

export interface LdapProviderOptions extends LdapSessionOptions, LdapListingOptions {
  /** Length of generated passwords when the directory's passwordPolicy does not set one. Default 16. */
  readonly passwordLength?: number;
  /** After a reset, how long to keep reading until the directory has recorded the forced change. Default 1500 ms. */
  readonly mustChangeSettleMs?: number;
}

/** The most users asked for per page. */
const MAX_PAGE_SIZE = 999;

/** The attributes 389 DS (uid, cn, sn, givenName, ou, mail) and Active Directory compare a new password with. */
const NAME_ATTRIBUTES = [
  'uid',
  'cn',
  'sn',
  'givenName',
  'ou',
  'mail',
  'displayName',
  'sAMAccountName',
  'userPrincipalName',
];

function valuesOf(v: unknown): string[] {
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

export class LdapProvider implements model.DirectoryProvider {
  readonly name: string;
  readonly capabilities: model.ProviderCapabilities;
  private readonly config: LdapDirectoryConfig;
  private readonly logger: model.Logger;
  private readonly session: LdapSession;
  private readonly listings: LdapListingPool;
  private readonly resetGuard = new ResetGuard();
  /** Enable, disable, unlock (ldapActions.ts). */
  private readonly actions: LdapAccountActions;
  /** What the root DSE said at sign-in or the first reset (which server this really is). */
  private serverInfo?: ServerInfo;

  constructor(private readonly options: LdapProviderOptions) {
    this.config = options.config;
    this.name = options.config.name;
    this.logger = options.logger;
    this.session = new LdapSession(options);
    this.listings = new LdapListingPool(this.session, options.config, options.logger, options);
    const flavor = options.config.flavor;
    this.capabilities = {
      ...ldapLabels(flavor),
      forcesChangeAtNextSignIn: true,
      confirmsChangeAfterReset: true,
      // 389 DS keeps no date of the last password change (no pwdChangedTime).
      reportsLastPasswordChange: flavor !== '389ds',
      actions: LdapAccountActions.actionsFor(flavor),
    };
    const [session, guard, logger] = [this.session, this.resetGuard, options.logger];
    const [refusalFor, getUser] = [(dn: string) => this.refusalFor(dn), (id: string) => this.getUser(id)];
    this.actions = new LdapAccountActions({ config: options.config, session, guard, logger, refusalFor, getUser });
  }

  // The actions beside the reset are done by ldapActions.ts.
  readonly setAccountEnabled = (...a: ActionArgs<'setAccountEnabled'>) => this.actions.setAccountEnabled(...a);
  readonly unlockAccount = (...a: ActionArgs<'unlockAccount'>) => this.actions.unlock(...a);
  readonly prepareAction = (...a: ActionArgs<'prepareAction'>) => this.actions.prepare(...a);

  /** Listings whose connection is open (tests check that nothing leaks). */
  get openListingCount(): number {
    return this.listings.size;
  }

  async listUsers(options: model.ListOptions): Promise<model.UserPage> {
    if (options.signal?.aborted) throw cancelledError();
    const toUser = (e: Entry) => this.toUser(e);
    if (options.cursor) return this.listings.next(options.cursor, toUser, options.signal);
    const search = searchTextOf(options.search, NAME_OR_ADDRESS);
    return this.listings.first(search, clampPageSize(options.pageSize, MAX_PAGE_SIZE), toUser, options.signal);
  }

  /** Closes every listing's connection (sign-out, new password). */
  closeListings(): void {
    this.listings.closeAll();
  }

  // ---- one user ---------------------------------------------------------------------------------------------

  async getUser(id: string, signal?: AbortSignal): Promise<model.DirectoryUser> {
    const client = await this.session.connect(signal);
    try {
      let result: SearchResult;
      try {
        result = await abortable(
          client.search(id, {
            scope: 'base',
            filter: '(objectClass=*)',
            attributes: [...PROFILE_ATTRIBUTES[this.config.flavor]],
            sizeLimit: 1,
          }),
          signal,
          () => void closeQuietly(client),
        );
      } catch (e) {
        if (e instanceof DirectoryError) throw e;
        // mapLdapError shows the name as plain text.
        const userName = l10n.t({ message: 'the entry {0}', args: [id], comment: ['{0}: an LDAP DN'] });
        throw this.session.error(e, 'read', { userName });
      }
      const entry = result.searchEntries[0];
      if (!entry) {
        throw new DirectoryError(
          'notFound',
          l10n.t('The entry {0} is no longer in {1}.', displayText(id, 256), this.name),
          l10n.t('Refresh the list and find the user again.'),
        );
      }
      // OpenLDAP: pwdReset: TRUE forces nothing unless the user's policy has pwdMustChange: TRUE.
      let policyForcesChange: boolean | undefined;
      if (this.config.flavor === 'openldap' && firstValue(entry, 'pwdReset')?.toUpperCase() === 'TRUE') {
        const verdict = await policyVerdict(client, this.checkOptions(id), firstValue(entry, 'pwdPolicySubentry'));
        policyForcesChange = verdict.confirmed;
      }
      await this.actions.learnLockoutPolicy(client, entry); // how long a lockout lasts (OpenLDAP)
      return this.toUser(entry, policyForcesChange);
    } finally {
      await closeQuietly(client);
    }
  }

  adminPortalUrl(): string | undefined {
    return undefined; // LDAP directories have no standard web console to link to.
  }

  // ---- reset ------------------------------------------------------------------------------------------------

  /** The user's names as the directory holds them (what its password checks compare), or those we already have. */
  private async namesOf(client: Client, user: model.DirectoryUser): Promise<string[]> {
    const known = [
      user.displayName,
      user.signInName,
      user.mail,
      ...parseDn(user.id).flatMap((rdn) => rdn.map(([, value]) => value)),
    ];
    try {
      const r = await client.search(user.id, { scope: 'base', attributes: NAME_ATTRIBUTES, sizeLimit: 1 });
      const entry = r.searchEntries[0];
      const names = entry ? NAME_ATTRIBUTES.flatMap((a) => valuesOf(entry[a])) : [];
      return [...known, ...names].filter((v): v is string => typeof v === 'string' && v.length > 0);
    } catch {
      // Not readable here: the reset itself will say what is wrong; the names we have still count.
      return known.filter((v): v is string => typeof v === 'string' && v.length > 0);
    }
  }

  async resetPassword(user: model.DirectoryUser, options: model.ResetOptions = {}): Promise<model.ResetResult> {
    const refusal = this.refusalFor(user.id);
    if (refusal) throw new DirectoryError('refused', refusal, '');
    const rdns = parseDn(user.id);
    // The same entry may be spelled with other spacing or case: the guard compares parsed DNs.
    const key = rdns.length ? JSON.stringify(rdns) : user.id;
    return this.resetGuard.run<model.ResetResult>(
      user,
      async () => {
        const policy = this.config.passwordPolicy;
        // Generated once before connecting, so that a length the generator cannot honour is reported first.
        let password = temporaryPassword(this.name, policy, this.options.passwordLength);
        options.onProgress?.(l10n.t('Connecting to the directory...'));
        const client = await this.session.connect(options.signal);
        let verdict: MustChangeVerdict;
        try {
          if (options.signal?.aborted) throw cancelledError();
          // The first bind may only now have told who the service account is.
          const late = this.refusalFor(user.id);
          if (late) throw new DirectoryError('refused', late, '');
          await this.learnServer(client);
          // Directories refuse a password that holds part of the user's own names (389 DS, Active Directory).
          password = temporaryPassword(
            this.name,
            policy,
            this.options.passwordLength,
            await this.namesOf(client, user),
          );
          options.onProgress?.(l10n.t('Setting the temporary password...'));
          // From here on the reset is not cancelled: once the modify is sent only the server knows its outcome.
          if (this.config.flavor === '389ds') {
            await this.passwordModify(client, user, password);
          } else {
            await this.replacePassword(client, user, password);
          }
          // Only the directory's own record says whether the user will have to change it.
          options.onProgress?.(l10n.t('Checking that the directory will ask for a new password...'));
          const checking = Date.now();
          verdict = await checkMustChange(client, this.checkOptions(user.id));
          verdict = { ...verdict, evidence: `${verdict.evidence}; read back in ${Date.now() - checking} ms` };
        } finally {
          await closeQuietly(client);
        }
        this.logger.info(
          `LDAP ${this.name}: must change at next sign-in ${verdict.confirmed ? 'confirmed' : 'NOT confirmed'} for ${user.id} (${verdict.evidence})`,
        );
        return {
          temporaryPassword: password,
          method: this.config.flavor === '389ds' ? 'ldapPasswordModify' : 'ldapModify',
          mustChangeAtNextSignIn: verdict.confirmed,
          mustChangeNote: verdict.confirmed ? undefined : verdict.note,
          completedAt: new Date(),
        };
      },
      key,
    );
  }

  private checkOptions(userDn: string) {
    return {
      flavor: this.config.flavor,
      userDn,
      bindDn: this.config.bindDn,
      passwordPolicyDn: this.config.passwordPolicyDn,
      detectedFlavor: this.serverInfo?.flavor,
      settleMs: this.options.mustChangeSettleMs,
    };
  }

  /** Reads the root DSE once per provider (which server this is); a failure only leaves it unknown. */
  private async learnServer(client: Client): Promise<ServerInfo | undefined> {
    if (!this.serverInfo) {
      try {
        this.serverInfo = await readServerInfo(client);
        this.logger.trace(
          `LDAP ${this.name}: server ${this.serverInfo.vendor ?? 'without vendorName'} (${this.serverInfo.flavor ?? 'kind unknown'})`,
        );
      } catch {
        this.logger.trace(`LDAP ${this.name}: the root DSE could not be read`);
      }
    }
    return this.serverInfo;
  }

  /** 389 DS: the Password Modify extended operation (RFC 3062), so the server's own policy applies and forces the change. */
  private async passwordModify(client: Client, user: model.DirectoryUser, password: string): Promise<void> {
    const policyControl = new PasswordPolicyControl();
    const started = Date.now();
    try {
      await passwordModify(client, user.id, password, [policyControl]);
    } catch (e) {
      const mapped = explain389ResetError(
        e,
        this.session.error(e, 'reset', {
          userName: user.displayName,
          policy: policyControl.response,
          requestSent: true,
        }),
        { directoryName: this.name, bindDn: this.config.bindDn, userName: user.displayName },
      );
      const rule = policyControl.response?.errorName;
      this.logger.warn(
        `LDAP ${this.name}: password of ${user.id} not changed (Password Modify): result ${ldapResultCode(e) ?? (isTransportError(e) ? 'connection lost' : '?')}` +
          (rule ? ` (ppolicy: ${rule})` : '') +
          ` (${Date.now() - started} ms)`,
      );
      throw mapped;
    }
    this.logger.info(
      `LDAP ${this.name}: password of ${user.id} set with the Password Modify operation (${Date.now() - started} ms)`,
    );
  }

  /** One modify: the password and "must change at next sign-in" together, so neither happens without the other. */
  private async replacePassword(client: Client, user: model.DirectoryUser, password: string): Promise<void> {
    const ad = this.config.flavor === 'activeDirectory';
    const changes = ad
      ? [replace('unicodePwd', [Buffer.from(`"${password}"`, 'utf16le')]), replace('pwdLastSet', ['0'])]
      : [
          // A service account with "write" (not "manage") on userPassword gets the policy's quality checks, and
          // its change clears pwdReset unless the same modify sets it again.
          replace('userPassword', [password]),
          replace('pwdReset', ['TRUE']),
        ];
    const policyControl = ad ? undefined : new PasswordPolicyControl();
    const started = Date.now();
    try {
      await client.modify(user.id, changes, policyControl ? [policyControl] : undefined);
    } catch (e) {
      const mapped = this.session.error(e, 'reset', {
        userName: user.displayName,
        policy: policyControl?.response,
        requestSent: true,
      });
      const rule = policyControl?.response?.errorName;
      this.logger.warn(
        `LDAP ${this.name}: password of ${user.id} not changed: result ${ldapResultCode(e) ?? (isTransportError(e) ? 'connection lost' : '?')}` +
          (rule ? ` (ppolicy: ${rule})` : '') +
          ` (${Date.now() - started} ms)`,
      );
      throw mapped;
    }
    this.logger.info(
      `LDAP ${this.name}: password of ${user.id} replaced (${ad ? 'unicodePwd, pwdLastSet=0' : 'userPassword, pwdReset=TRUE'}; ${Date.now() - started} ms)`,
    );
  }

  // ---- connections --------------------------------------------------------------------------------------------

  /**
   * Proves the stored bind password now (sign-in) by binding once, and reads which server this is. Returns
   * warnings for the person signing in (a "flavor" that does not match what the server says).
   */
  async verifySignIn(): Promise<string[]> {
    this.closeListings();
    this.session.selfDn = undefined; // learned again for this sign-in
    const client = await this.session.connect();
    try {
      this.serverInfo = undefined;
      const info = await this.learnServer(client);
      const warning = info && flavorMismatchWarning(this.name, this.config.flavor, info);
      if (warning) this.logger.warn(`LDAP ${this.name}: ${warning}`);
      return warning ? [warning] : [];
    } finally {
      await closeQuietly(client);
    }
  }

  private toUser(entry: Entry, policyForcesChange?: boolean): model.DirectoryUser {
    return entryToUser(entry, {
      flavor: this.config.flavor,
      refusalFor: (dn) => this.refusalFor(dn),
      policyForcesChange,
      accountState: (e) => this.actions.stateOf(e),
    });
  }

  /** Why a DN cannot be reset here, or undefined. */
  private refusalFor(dn: string): string | undefined {
    if (sameDn(dn, this.config.bindDn) || (this.session.selfDn && sameDn(dn, this.session.selfDn))) {
      return l10n.t(
        'This is the service account the extension signs in with; resetting it here would lock the extension out. Change its password in the directory, then sign in again.',
      );
    }
    if (!isUnderDn(dn, this.config.baseDn)) {
      return l10n.t('This entry is outside the base DN {0} of {1}.', this.config.baseDn, this.name);
    }
    if (this.session.selfDn === null) {
      return l10n.t(
        '{0} did not say which entry the service account "{1}" is, so resetting here could lock the extension out. Put the service account\'s full DN in "bindDn" (e.g. CN=svc-reset,CN=Users,DC=corp,DC=example), then sign in again.',
        this.name,
        this.config.bindDn,
      );
    }
    return undefined;
  }

  async dispose(): Promise<void> {
    this.session.dispose();
    await this.listings.dispose();
  }
}

function replace(type: string, values: string[] | Buffer[]): Change {
  return new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
}
