// An LDAP directory (OpenLDAP with the ppolicy overlay) or Active Directory as a DirectoryProvider, over ldapts.
//
// Connections: ldaps:// (TLS from the first byte) or ldap:// upgraded with StartTLS; plain ldap:// only on
// loopback (the settings parser enforces it). Every operation binds as the configured service account with the
// password from secret storage; connect and operation timeouts are set; every connection is closed (unbind).
//
// Paging (the simple paged results control, RFC 2696): the server's cookie is only valid on the connection that
// started the search (OpenLDAP and Active Directory keep the paging state per connection), so a page cannot be
// fetched on a fresh connection with a stored cookie. A listing therefore keeps its own bound connection and the
// ldapts searchPaginated generator open between pages, in this provider's memory, keyed by a random id; the
// opaque cursor handed to the tree names that id plus how many users were handed out and the query. The next
// listUsers({cursor}) continues the same generator on the same connection. Entries are buffered so that a
// cursor is only returned when more users surely exist: the server is asked for pageSize + 1 per request, and
// a page is returned when more than pageSize are buffered or the search is finished. That also absorbs Samba's
// empty last page (it sends a cookie with the last full page, then an empty page). A listing's connection is
// closed when its last page is read, when it was idle for `listingIdleMs`, when more than `maxOpenListings`
// are open (the least recently used goes), on abort, on error and on dispose(). A cursor whose listing is gone
// (closed, dropped by the server, another VS Code window) still works: the search is run again on a new
// connection and the users already shown are skipped, which costs reading them again but never shows a
// user twice or skips one as long as the directory's order is stable.
//
// User ids are DNs: the reset's modify needs the DN, and an entryUUID/objectGUID id would cost a search before
// every reset and every profile read. A renamed or moved user then reads as "not found" until the list is
// refreshed, which is the honest answer.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { Attribute, Change, Client, FilterParser, type Entry, type Filter, type SearchResult } from 'ldapts';
import { generatePassword } from '../../password/generator';
import { displayText } from '../displayText';
import { cancelledError, DirectoryError, SignInRequiredError } from '../errors';
import { ResetGuard } from '../resetGuard';
import type {
  DirectoryProvider,
  DirectoryUser,
  ListOptions,
  Logger,
  ProviderCapabilities,
  ResetOptions,
  ResetResult,
  UserPage,
} from '../types';
import type { LdapDirectoryConfig } from './ldapConfig';
import { isUnderDn, parseDn, sameDn } from './ldapDn';
import { isTransportError, ldapResultCode, mapLdapError, type LdapErrorContext, type LdapOperation } from './ldapErrors';
import { explain389ResetError, flavorMismatchWarning, passwordModify, readServerInfo, type ServerInfo } from './ds389';
import { buildListFilter } from './ldapFilter';
import { learnBoundDn } from './ldapIdentity';
import { entryToUser, firstValue, LIST_ATTRIBUTES, PROFILE_ATTRIBUTES } from './ldapUser';
import { checkMustChange, policyVerdict, type MustChangeVerdict } from './mustChangeCheck';
import { PASSWORD_POLICY_ERROR_WORDS, PasswordPolicyControl } from './passwordPolicyControl';

export interface LdapProviderOptions {
  readonly config: LdapDirectoryConfig;
  /** The service account's password (from secret storage); undefined when nobody signed in. */
  readonly getBindPassword: () => Promise<string | undefined>;
  readonly logger: Logger;
  /** Length of generated passwords when the directory's passwordPolicy does not set one. Default 16. */
  readonly passwordLength?: number;
  /** TCP + TLS connect timeout. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Per-operation timeout (bind, one page, modify). Default 30 s. */
  readonly operationTimeoutMs?: number;
  /** An open listing's connection is closed after this long without a page request. Default 5 minutes. */
  readonly listingIdleMs?: number;
  /** Open listings (connections held for paging) at most. Default 4. */
  readonly maxOpenListings?: number;
  /** After a reset, how long to keep reading until the directory has recorded the forced change. Default 1500 ms. */
  readonly mustChangeSettleMs?: number;
}

interface Listing {
  readonly id: string;
  readonly search?: string;
  readonly pageSize: number;
  readonly client: Client;
  readonly pages: AsyncGenerator<SearchResult>;
  readonly buffer: Entry[];
  /** The server said the search is complete. */
  done: boolean;
  /** Users handed out so far. */
  offset: number;
  busy: boolean;
  closed: boolean;
  lastUsed: number;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/** What the opaque cursor carries. */
interface Cursor {
  readonly v: 1;
  /** Listing id. */
  readonly l: string;
  /** Users handed out before the next page. */
  readonly o: number;
  readonly s?: string;
  readonly n: number;
}

const MAX_PAGE_SIZE = 999;

export class LdapProvider implements DirectoryProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  private readonly config: LdapDirectoryConfig;
  private readonly logger: Logger;
  private readonly listings = new Map<string, Listing>();
  private readonly resetGuard = new ResetGuard();
  private disposed = false;
  /**
   * The entry the service account binds as, learned after the first bind of a sign-in (see ldapIdentity.ts):
   * undefined until then, null when the server would not say (then nothing is reset here).
   */
  private selfDn?: string | null;
  /** What the root DSE said at sign-in or the first reset (which server this really is). */
  private serverInfo?: ServerInfo;

  constructor(private readonly options: LdapProviderOptions) {
    this.config = options.config;
    this.name = options.config.name;
    this.logger = options.logger;
    const flavor = options.config.flavor;
    this.capabilities = {
      kindLabel: flavor === 'activeDirectory' ? 'Active Directory' : flavor === '389ds' ? '389 Directory Server' : 'LDAP',
      forcesChangeAtNextSignIn: true,
      confirmsChangeAfterReset: true,
      accountLabel:
        flavor === 'activeDirectory' ? 'Active Directory account' : flavor === '389ds' ? '389 Directory Server account' : 'LDAP directory account',
      // 389 DS keeps no date of the last password change (no pwdChangedTime).
      reportsLastPasswordChange: flavor !== '389ds',
    };
  }

  /** Listings whose connection is open (tests check that nothing leaks). */
  get openListingCount(): number {
    return this.listings.size;
  }

  // ---- listing --------------------------------------------------------------------------------------------

  async listUsers(options: ListOptions): Promise<UserPage> {
    if (options.signal?.aborted) throw cancelledError();
    if (options.cursor) {
      const cursor = decodeCursor(options.cursor);
      let listing = this.listings.get(cursor.l);
      if (listing && (listing.offset !== cursor.o || listing.busy || !listing.client.isConnected)) {
        if (!listing.busy) this.closeListing(listing, 'its connection or position no longer matches the cursor');
        listing = undefined;
      }
      if (!listing) {
        // The connection that held the server's cookie is gone: run the search again and skip what was shown.
        this.logger.info(`LDAP ${this.name}: resuming a listing by re-reading the first ${cursor.o} users`);
        listing = await this.openListing(cursor.s, cursor.n, options.signal);
        await this.skip(listing, cursor.o, options.signal);
      }
      return this.nextPage(listing, options.signal);
    }
    // Control characters are blanked as the search box does. A NUL would be escaped (\00) and sent, but slapd's
    // IA5String matching (mail) ends the value there: (mail=user01\00*) matches user01@..., a wider search.
    // eslint-disable-next-line no-control-regex
    const search = options.search?.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim() || undefined;
    const listing = await this.openListing(search, clampPageSize(options.pageSize), options.signal);
    return this.nextPage(listing, options.signal);
  }

  private async openListing(search: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Listing> {
    const filterText = buildListFilter(this.config.flavor, this.config.userFilter, search);
    let filter: Filter;
    try {
      filter = FilterParser.parseString(filterText);
    } catch (e) {
      // The search text is escaped, so this is the "userFilter" of the settings.
      throw new DirectoryError(
        'configuration',
        `The user filter of ${this.name} is not a valid LDAP filter (${displayText(e instanceof Error ? e.message : String(e), 300)}).`,
        'Fix "userFilter" in the directory\'s settings, e.g. (objectClass=inetOrgPerson).',
      );
    }
    this.evictListings();
    const client = await this.connect(signal);
    const pages = client.searchPaginated(this.config.baseDn, {
      scope: 'sub',
      filter,
      attributes: [...LIST_ATTRIBUTES[this.config.flavor]],
      // One more than a page: a page is complete AND we know whether another follows.
      paged: { pageSize: pageSize + 1 },
    });
    const listing: Listing = {
      id: randomBytes(12).toString('base64url'),
      search,
      pageSize,
      client,
      pages,
      buffer: [],
      done: false,
      offset: 0,
      busy: false,
      closed: false,
      lastUsed: Date.now(),
    };
    this.listings.set(listing.id, listing);
    this.logger.info(`LDAP ${this.name}: search under ${this.config.baseDn} for ${filterText} (${pageSize} per page)`);
    return listing;
  }

  /** Pulls the next server page into the listing's buffer (or marks it done). */
  private async pull(listing: Listing, signal?: AbortSignal): Promise<void> {
    const started = Date.now();
    let result: IteratorResult<SearchResult>;
    try {
      result = await abortable(listing.pages.next(), signal, () => this.closeListing(listing, 'cancelled'));
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === 'cancelled') throw e;
      this.closeListing(listing, 'the search failed');
      throw this.error(e, 'search');
    }
    if (result.done) {
      listing.done = true;
      return;
    }
    listing.buffer.push(...result.value.searchEntries);
    this.logger.trace(`LDAP ${this.name}: page of ${result.value.searchEntries.length} entries (${Date.now() - started} ms)`);
  }

  private async nextPage(listing: Listing, signal?: AbortSignal): Promise<UserPage> {
    listing.busy = true;
    if (listing.idleTimer) clearTimeout(listing.idleTimer);
    try {
      while (!listing.done && listing.buffer.length <= listing.pageSize) await this.pull(listing, signal);
      const entries = listing.buffer.splice(0, listing.pageSize);
      listing.offset += entries.length;
      const more = listing.buffer.length > 0;
      if (more) {
        this.keepOpen(listing);
      } else {
        this.closeListing(listing, 'finished');
      }
      return {
        users: entries.map((e) => this.toUser(e)),
        nextCursor: more
          ? encodeCursor({ v: 1, l: listing.id, o: listing.offset, s: listing.search, n: listing.pageSize })
          : undefined,
      };
    } catch (e) {
      this.closeListing(listing, 'an error');
      throw e;
    } finally {
      listing.busy = false;
    }
  }

  /** Drops the first `count` users of a re-run search (see "resuming" above). */
  private async skip(listing: Listing, count: number, signal?: AbortSignal): Promise<void> {
    listing.busy = true;
    try {
      while (!listing.done && listing.buffer.length < count) await this.pull(listing, signal);
      listing.buffer.splice(0, count);
      listing.offset = count;
    } catch (e) {
      this.closeListing(listing, 'an error');
      throw e;
    } finally {
      listing.busy = false;
    }
  }

  private keepOpen(listing: Listing): void {
    listing.lastUsed = Date.now();
    const idle = this.options.listingIdleMs ?? 5 * 60_000;
    listing.idleTimer = setTimeout(() => this.closeListing(listing, 'idle'), idle);
    listing.idleTimer.unref?.();
  }

  private closeListing(listing: Listing, why: string): void {
    if (listing.closed) return;
    listing.closed = true;
    if (listing.idleTimer) clearTimeout(listing.idleTimer);
    this.listings.delete(listing.id);
    this.logger.trace(`LDAP ${this.name}: listing closed (${why}) after ${listing.offset} users`);
    void closeQuietly(listing.client);
  }

  /** Keeps at most maxOpenListings - 1 open before a new one: the least recently used idle one goes. */
  private evictListings(): void {
    const max = Math.max(1, this.options.maxOpenListings ?? 4);
    const idle = [...this.listings.values()].filter((l) => !l.busy).sort((a, b) => a.lastUsed - b.lastUsed);
    while (this.listings.size >= max && idle.length) this.closeListing(idle.shift()!, 'too many open listings');
  }

  /** Closes every listing's connection (sign-out, new password). */
  closeListings(): void {
    for (const listing of [...this.listings.values()]) this.closeListing(listing, 'closed by the extension');
  }

  // ---- one user ---------------------------------------------------------------------------------------------

  async getUser(id: string, signal?: AbortSignal): Promise<DirectoryUser> {
    const client = await this.connect(signal);
    try {
      let result: SearchResult;
      try {
        result = await abortable(
          client.search(id, { scope: 'base', filter: '(objectClass=*)', attributes: [...PROFILE_ATTRIBUTES[this.config.flavor]], sizeLimit: 1 }),
          signal,
          () => void closeQuietly(client),
        );
      } catch (e) {
        if (e instanceof DirectoryError) throw e;
        throw this.error(e, 'read', { userName: `the entry ${id}` }); // mapLdapError shows it as plain text
      }
      const entry = result.searchEntries[0];
      if (!entry) {
        throw new DirectoryError('notFound', `The entry ${displayText(id, 256)} is no longer in ${this.name}.`, 'Refresh the list and find the user again.');
      }
      // OpenLDAP: pwdReset: TRUE forces nothing unless the user's policy has pwdMustChange: TRUE.
      let policyForcesChange: boolean | undefined;
      if (this.config.flavor === 'openldap' && firstValue(entry, 'pwdReset')?.toUpperCase() === 'TRUE') {
        const verdict = await policyVerdict(client, this.checkOptions(id), firstValue(entry, 'pwdPolicySubentry'));
        policyForcesChange = verdict.confirmed;
      }
      return this.toUser(entry, policyForcesChange);
    } finally {
      await closeQuietly(client);
    }
  }

  adminPortalUrl(): string | undefined {
    return undefined; // LDAP directories have no standard web console to link to.
  }

  // ---- reset ------------------------------------------------------------------------------------------------

  async resetPassword(user: DirectoryUser, options: ResetOptions = {}): Promise<ResetResult> {
    const refusal = this.refusalFor(user.id);
    if (refusal) throw new DirectoryError('refused', refusal, '');
    const rdns = parseDn(user.id);
    // The same entry may be spelled with other spacing or case: the guard compares parsed DNs.
    const key = rdns.length ? JSON.stringify(rdns) : user.id;
    return this.resetGuard.run<ResetResult>(user, async () => {
      const policy = this.config.passwordPolicy;
      const password = generatePassword(policy?.length ?? this.options.passwordLength ?? 16, { symbols: policy?.symbols });
      options.onProgress?.('Connecting to the directory...');
      const client = await this.connect(options.signal);
      let verdict: MustChangeVerdict;
      try {
        if (options.signal?.aborted) throw cancelledError();
        // The first bind may only now have told who the service account is.
        const late = this.refusalFor(user.id);
        if (late) throw new DirectoryError('refused', late, '');
        await this.learnServer(client);
        options.onProgress?.('Setting the temporary password...');
        // From here on the reset is not cancelled: once the modify is sent only the server knows its outcome.
        if (this.config.flavor === '389ds') {
          await this.passwordModify(client, user, password);
        } else {
          await this.replacePassword(client, user, password);
        }
        // Only the directory's own record says whether the user will have to change it.
        options.onProgress?.('Checking that the directory will ask for a new password...');
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
    }, key);
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
        this.logger.trace(`LDAP ${this.name}: server ${this.serverInfo.vendor ?? 'without vendorName'} (${this.serverInfo.flavor ?? 'kind unknown'})`);
      } catch {
        this.logger.trace(`LDAP ${this.name}: the root DSE could not be read`);
      }
    }
    return this.serverInfo;
  }

  /** 389 DS: the Password Modify extended operation (RFC 3062), so the server's own policy applies and forces the change. */
  private async passwordModify(client: Client, user: DirectoryUser, password: string): Promise<void> {
    const policyControl = new PasswordPolicyControl();
    const started = Date.now();
    try {
      await passwordModify(client, user.id, password, [policyControl]);
    } catch (e) {
      const mapped = explain389ResetError(
        e,
        this.error(e, 'reset', { userName: user.displayName, policy: policyControl.response, requestSent: true }),
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
    this.logger.info(`LDAP ${this.name}: password of ${user.id} set with the Password Modify operation (${Date.now() - started} ms)`);
  }

  /** One modify: the password and "must change at next sign-in" together, so neither happens without the other. */
  private async replacePassword(client: Client, user: DirectoryUser, password: string): Promise<void> {
    const ad = this.config.flavor === 'activeDirectory';
    const changes = ad
      ? [
          replace('unicodePwd', [Buffer.from(`"${password}"`, 'utf16le')]),
          replace('pwdLastSet', ['0']),
        ]
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
      const mapped = this.error(e, 'reset', { userName: user.displayName, policy: policyControl?.response, requestSent: true });
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
    this.selfDn = undefined; // learned again for this sign-in
    const client = await this.connect();
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

  /** A connected, bound client; the caller closes it. */
  private async connect(signal?: AbortSignal): Promise<Client> {
    if (this.disposed) throw new DirectoryError('cancelled', 'The directory was closed.', '');
    const password = await this.options.getBindPassword();
    if (!password) throw new SignInRequiredError(this.name);
    const url = this.config.url;
    const secure = url.startsWith('ldaps:');
    const tls = secure || this.config.startTls ? this.tlsOptions() : undefined;
    const client = new Client({
      url,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      timeout: this.options.operationTimeoutMs ?? 30_000,
      // For ldap:// the TLS options go to startTLS(), never here: ldapts would open TLS on the plain port.
      tlsOptions: secure ? tls : undefined,
    });
    const started = Date.now();
    let step: LdapOperation = 'connect';
    try {
      if (this.config.startTls) {
        try {
          await abortable(client.startTLS({ ...tls }), signal, () => void closeQuietly(client));
        } catch (e) {
          if (ldapResultCode(e) !== undefined) {
            throw new DirectoryError(
              'configuration',
              `${this.name} did not accept StartTLS (${displayText(e instanceof Error ? e.message : String(e), 300)}).`,
              'Use an ldaps:// URL instead, or enable TLS on the server.',
            );
          }
          throw e;
        }
      }
      step = 'bind';
      const policyControl = this.config.flavor !== 'activeDirectory' ? new PasswordPolicyControl() : undefined;
      await abortable(client.bind(this.config.bindDn, password, policyControl ? [policyControl] : undefined), signal, () =>
        void closeQuietly(client),
      );
      const pp = policyControl?.response;
      if (pp?.errorName === 'changeAfterReset' || pp?.errorName === 'passwordExpired') {
        // OpenLDAP lets the bind succeed but allows nothing else on this connection.
        throw new DirectoryError(
          'signInRequired',
          `${this.name} accepted the password of ${this.config.bindDn}, but ${PASSWORD_POLICY_ERROR_WORDS[pp.errorName]}.`,
          `Change the service account's password in the directory first, then run "Directory: Sign In" with the new one.`,
        );
      }
      if (pp?.timeBeforeExpiration !== undefined) {
        this.logger.warn(
          `LDAP ${this.name}: the password of ${this.config.bindDn} expires in ${Math.round(pp.timeBeforeExpiration / 3600)} h`,
        );
      }
      this.logger.trace(`LDAP ${this.name}: bound as ${this.config.bindDn} to ${url} (${Date.now() - started} ms)`);
      if (this.selfDn === undefined) await this.learnSelf(client);
      return client;
    } catch (e) {
      await closeQuietly(client);
      if (e instanceof DirectoryError) throw e;
      const mapped = this.error(e, step);
      this.logger.warn(
        `LDAP ${this.name}: ${step === 'bind' ? `connecting to ${url} and binding as ${this.config.bindDn}` : `StartTLS with ${url}`} failed after ${Date.now() - started} ms: ${mapped.message}`,
      );
      throw mapped;
    }
  }

  /** Learns which entry the service account is, so that entry is never reset here (see ldapIdentity.ts). */
  private async learnSelf(client: Client): Promise<void> {
    const identity = await learnBoundDn(client, this.config.bindDn, this.config.baseDn);
    if (identity.dn !== undefined) {
      this.selfDn = identity.dn;
      this.logger.info(`LDAP ${this.name}: the service account is ${identity.dn} (from ${identity.how})`);
    } else {
      this.selfDn = null;
      this.logger.warn(`LDAP ${this.name}: could not learn which entry ${this.config.bindDn} is: ${identity.why}; resets are refused`);
    }
  }

  private tlsOptions(): ConnectionOptions {
    const host = new URL(this.config.url).hostname.replace(/^\[|\]$/g, '');
    let ca: string[] | undefined;
    if (this.config.caCertificateFile) {
      const file = this.config.caCertificateFile.replace(/^~(?=\/|\\|$)/, homedir());
      try {
        ca = [readFileSync(file, 'utf8')];
      } catch (e) {
        throw new DirectoryError(
          'configuration',
          `Could not read the CA certificate file ${file} of ${this.name} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
          'Fix "caCertificateFile": a PEM file with the certificate authority that signed the server\'s certificate.',
        );
      }
    }
    // host: the name the certificate is checked against (also for StartTLS, where ldapts passes only a socket);
    // SNI only for names, never for IP addresses (RFC 6066).
    return { ca, host, servername: isIP(host) ? undefined : host, minVersion: 'TLSv1.2' };
  }

  private error(e: unknown, operation: LdapOperation, extra: Partial<LdapErrorContext> = {}): DirectoryError {
    return mapLdapError(e, {
      directoryName: this.name,
      flavor: this.config.flavor,
      operation,
      url: this.config.url,
      startTls: this.config.startTls,
      bindDn: this.config.bindDn,
      baseDn: this.config.baseDn,
      ...extra,
    });
  }

  private toUser(entry: Entry, policyForcesChange?: boolean): DirectoryUser {
    return entryToUser(entry, { flavor: this.config.flavor, refusalFor: (dn) => this.refusalFor(dn), policyForcesChange });
  }

  /** Why a DN cannot be reset here, or undefined. */
  private refusalFor(dn: string): string | undefined {
    if (sameDn(dn, this.config.bindDn) || (this.selfDn && sameDn(dn, this.selfDn))) {
      return 'This is the service account the extension signs in with; resetting it here would lock the extension out. Change its password in the directory, then sign in again.';
    }
    if (!isUnderDn(dn, this.config.baseDn)) {
      return `This entry is outside the base DN ${this.config.baseDn} of ${this.name}.`;
    }
    if (this.selfDn === null) {
      return `${this.name} did not say which entry the service account "${this.config.bindDn}" is, so resetting here could lock the extension out. Put the service account's full DN in "bindDn" (e.g. CN=svc-reset,CN=Users,DC=corp,DC=example), then sign in again.`;
    }
    return undefined;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const closing = [...this.listings.values()].map((l) => {
      l.closed = true;
      if (l.idleTimer) clearTimeout(l.idleTimer);
      return closeQuietly(l.client);
    });
    this.listings.clear();
    await Promise.all(closing);
  }
}

function replace(type: string, values: string[] | Buffer[]): Change {
  return new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
}

async function closeQuietly(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // Already closed, or the server went away: nothing to free.
  }
}

/** Resolves like `p`, or rejects with "cancelled" when the signal aborts (after running onAbort). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return p;
  p.catch(() => undefined); // its late rejection (the socket we closed) is expected
  if (signal.aborted) {
    onAbort();
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      reject(cancelledError());
    };
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

function clampPageSize(n: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(n) || 100));
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

function decodeCursor(s: string): Cursor {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    c = {};
  }
  if (c.v !== 1 || typeof c.l !== 'string' || typeof c.o !== 'number' || typeof c.n !== 'number') {
    throw new DirectoryError('badRequest', 'This page of the list belongs to another directory or an older version.', 'Refresh the list.');
  }
  return c as Cursor;
}
