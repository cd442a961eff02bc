// The listings an LDAP directory keeps open between pages.
//
// Paging (the simple paged results control, RFC 2696): the server's cookie is only valid on the connection that
// started the search (OpenLDAP and Active Directory keep the paging state per connection), so a page cannot be
// fetched on a fresh connection with a stored cookie. A listing therefore keeps its own bound connection and the
// ldapts searchPaginated generator open between pages, in this pool's memory, keyed by a random id; the opaque
// cursor handed to the tree names that id plus how many users were handed out and the query. The next page
// continues the same generator on the same connection. Entries are buffered so that a cursor is only returned
// when more users surely exist: the server is asked for pageSize + 1 per request, and a page is returned when
// more than pageSize are buffered or the search is finished. That also absorbs Samba's empty last page (it sends
// a cookie with the last full page, then an empty page). A listing's connection is closed when its last page is
// read, when it was idle for `listingIdleMs`, when more than `maxOpenListings` are open (the least recently used
// goes), on abort, on error and on dispose(). A cursor whose listing is gone (closed, dropped by the server,
// another VS Code window) still works: the search is run again on a new connection and the users already shown
// are skipped, which costs reading them again but never shows a user twice or skips one as long as the
// directory's order is stable.
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { FilterParser, type Client, type Entry, type Filter, type SearchResult } from 'ldapts';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import { decodeCursor, encodeCursor, staleCursorError } from '../kit/paging';
import type { Logger } from '../types';
import type { LdapDirectoryConfig } from './ldapConfig';
import { buildListFilter } from './ldapFilter';
import { abortable, closeQuietly, type LdapSession } from './ldapSession';
import { LIST_ATTRIBUTES } from './ldapUser';

export interface LdapListingOptions {
  /** An open listing's connection is closed after this long without a page request. Default 5 minutes. */
  readonly listingIdleMs?: number;
  /** Open listings (connections held for paging) at most. Default 4. */
  readonly maxOpenListings?: number;
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

/** What the opaque cursor carries (base64url JSON). Version 1 spelled the fields v/l/o/s/n. */
export interface LdapCursor {
  readonly version: 2;
  /** The listing's id in the pool. */
  readonly listing: string;
  /** Users handed out before the next page. */
  readonly offset: number;
  /** The search text, normalized; absent for the whole list. */
  readonly search?: string;
  readonly pageSize: number;
}

export function encodeLdapCursor(c: LdapCursor): string {
  return encodeCursor(c, 'base64url');
}

export function decodeLdapCursor(s: string): LdapCursor {
  return decodeCursor<LdapCursor>(
    s,
    (c) =>
      c.version === 2 &&
      typeof c.listing === 'string' &&
      typeof c.offset === 'number' &&
      typeof c.pageSize === 'number' &&
      (c.search === undefined || typeof c.search === 'string'),
    staleCursorError,
    'base64url',
  );
}

export interface EntryPage<T> {
  readonly users: T[];
  readonly nextCursor?: string;
}

export class LdapListingPool {
  private readonly listings = new Map<string, Listing>();
  private readonly config: LdapDirectoryConfig;
  private readonly name: string;

  constructor(
    private readonly session: LdapSession,
    config: LdapDirectoryConfig,
    private readonly logger: Logger,
    private readonly options: LdapListingOptions = {},
  ) {
    this.config = config;
    this.name = config.name;
  }

  /** Listings whose connection is open (tests check that nothing leaks). */
  get size(): number {
    return this.listings.size;
  }

  /** The first page of a new listing. */
  async first<T>(
    search: string | undefined,
    pageSize: number,
    toUser: (e: Entry) => T,
    signal?: AbortSignal,
  ): Promise<EntryPage<T>> {
    const listing = await this.open(search, pageSize, signal);
    return this.nextPage(listing, toUser, signal);
  }

  /** The page after `cursor`: on the listing's own connection, or by running the search again. */
  async next<T>(cursorText: string, toUser: (e: Entry) => T, signal?: AbortSignal): Promise<EntryPage<T>> {
    const cursor = decodeLdapCursor(cursorText);
    let listing = this.listings.get(cursor.listing);
    if (listing && (listing.offset !== cursor.offset || listing.busy || !listing.client.isConnected)) {
      if (!listing.busy) this.close(listing, 'its connection or position no longer matches the cursor');
      listing = undefined;
    }
    if (!listing) {
      // The connection that held the server's cookie is gone: run the search again and skip what was shown.
      this.logger.info(`LDAP ${this.name}: resuming a listing by re-reading the first ${cursor.offset} users`);
      listing = await this.open(cursor.search, cursor.pageSize, signal);
      await this.skip(listing, cursor.offset, signal);
    }
    return this.nextPage(listing, toUser, signal);
  }

  private async open(search: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Listing> {
    const filterText = buildListFilter(this.config.flavor, this.config.userFilter, search);
    let filter: Filter;
    try {
      filter = FilterParser.parseString(filterText);
    } catch (e) {
      // The search text is escaped, so this is the "userFilter" of the settings.
      throw new DirectoryError(
        'configuration',
        l10n.t(
          'The user filter of {0} is not a valid LDAP filter ({1}).',
          this.name,
          displayText(e instanceof Error ? e.message : String(e), 300),
        ),
        l10n.t('Fix "userFilter" in the directory\'s settings, e.g. (objectClass=inetOrgPerson).'),
      );
    }
    this.evict();
    const client = await this.session.connect(signal);
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
      result = await abortable(listing.pages.next(), signal, () => this.close(listing, 'cancelled'));
    } catch (e) {
      if (e instanceof DirectoryError && e.kind === 'cancelled') throw e;
      this.close(listing, 'the search failed');
      throw this.session.error(e, 'search');
    }
    if (result.done) {
      listing.done = true;
      return;
    }
    listing.buffer.push(...result.value.searchEntries);
    this.logger.trace(
      `LDAP ${this.name}: page of ${result.value.searchEntries.length} entries (${Date.now() - started} ms)`,
    );
  }

  private async nextPage<T>(listing: Listing, toUser: (e: Entry) => T, signal?: AbortSignal): Promise<EntryPage<T>> {
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
        this.close(listing, 'finished');
      }
      return {
        users: entries.map(toUser),
        nextCursor: more
          ? encodeLdapCursor({
              version: 2,
              listing: listing.id,
              offset: listing.offset,
              search: listing.search,
              pageSize: listing.pageSize,
            })
          : undefined,
      };
    } catch (e) {
      this.close(listing, 'an error');
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
      this.close(listing, 'an error');
      throw e;
    } finally {
      listing.busy = false;
    }
  }

  private keepOpen(listing: Listing): void {
    listing.lastUsed = Date.now();
    const idle = this.options.listingIdleMs ?? 5 * 60_000;
    listing.idleTimer = setTimeout(() => this.close(listing, 'idle'), idle);
    listing.idleTimer.unref?.();
  }

  private close(listing: Listing, why: string): void {
    if (listing.closed) return;
    listing.closed = true;
    if (listing.idleTimer) clearTimeout(listing.idleTimer);
    this.listings.delete(listing.id);
    this.logger.trace(`LDAP ${this.name}: listing closed (${why}) after ${listing.offset} users`);
    void closeQuietly(listing.client);
  }

  /** Keeps at most maxOpenListings - 1 open before a new one: the least recently used idle one goes. */
  private evict(): void {
    const max = Math.max(1, this.options.maxOpenListings ?? 4);
    const idle = [...this.listings.values()].filter((l) => !l.busy).sort((a, b) => a.lastUsed - b.lastUsed);
    while (this.listings.size >= max && idle.length) this.close(idle.shift()!, 'too many open listings');
  }

  /** Closes every listing's connection (sign-out, new password). */
  closeAll(): void {
    for (const listing of [...this.listings.values()]) this.close(listing, 'closed by the extension');
  }

  /** Closes every connection without logging (the directory is going away). */
  async dispose(): Promise<void> {
    const closing = [...this.listings.values()].map((l) => {
      l.closed = true;
      if (l.idleTimer) clearTimeout(l.idleTimer);
      return closeQuietly(l.client);
    });
    this.listings.clear();
    await Promise.all(closing);
  }
}
