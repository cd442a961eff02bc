// Microsoft Graph as a DirectoryProvider: list and search users (paged), read a profile, reset a password.
import * as l10n from '@vscode/l10n';
import { createHash, randomUUID } from 'node:crypto';
import { DirectoryError } from '../errors';
import {
  badResponse,
  type ErrorResponse,
  type JsonClient,
  type JsonRequest,
  type JsonResponse,
} from '../http/jsonClient';
import { jsonClientFor, type HttpProviderOptions } from '../kit/httpProvider';
import { expectObject, queryString } from '../kit/answers';
import { sendReset } from '../kit/outcome';
import { clampPageSize, decodeCursor, encodeCursor } from '../kit/paging';
import { ResetGuard } from '../kit/resetGuard';
import { NAME_OR_ADDRESS, searchTextOf } from '../kit/searchText';
import { temporaryPassword } from '../kit/temporaryPassword';
import { userIdSegment } from '../http/pathSegment';
import { parseRetryAfter } from '../http/retryAfter';
// The directory model's types, as `model.X`: what every provider implements.
import type { ActionArgs } from '../kit/actionArgs';
import type * as model from '../types';
import { GRAPH_ACTIONS, GraphActions, unlockNote } from './graphActions';
import {
  isUserNamed,
  mfaNeedsPasswordProfile,
  notAConfirmation,
  passwordRejected,
  syncedRefusal,
  unconfirmedFlagNote,
  unknownOutcome,
} from './graphResetWords';
import { GRAPH_LABELS, type GraphResetMethod } from './graphKind';
import { waitForOperation, type OperationPolling } from './graphOperation';
import { toDirectoryUser, type GraphUser } from './graphUser';
import { isOnPremisesMasteredError, isPasswordPolicyError, mapGraphError, readGraphError } from './graphErrors';
import { buildSearch, LIST_FIELDS, PROFILE_FIELDS } from './graphQuery';
import { readAuditEntries } from './auditLog';

/** The password method of resetPassword: its id is the same in every tenant. */
const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

export interface GraphProviderOptions extends HttpProviderOptions, OperationPolling {
  /** e.g. https://graph.microsoft.com (validated by the caller: https or loopback). */
  readonly graphEndpoint: string;
  /** 'auto': the directory generates it when signed in as a person, else passwordProfile. */
  readonly resetMethod?: 'auto' | GraphResetMethod;
}

interface Cursor {
  readonly link: string;
  /** $search pages need ConsistencyLevel again: the nextLink does not carry headers. */
  readonly search: boolean;
  /** Which listing this page belongs to (a random id) and its number in it, for loop detection. */
  readonly listing: string;
  readonly page: number;
}

/** Listings whose page links are remembered for loop detection; older ones are forgotten. */
const REMEMBERED_LISTINGS = 32;

/** Graph's largest $top for users. */
const MAX_PAGE_SIZE = 999;

export class GraphProvider implements model.DirectoryProvider {
  readonly name: string;
  readonly capabilities: model.ProviderCapabilities;
  /** The resetMethod setting, "auto" resolved. Only systemGenerated (resetPassword) can reset a synced user. */
  private readonly method: GraphResetMethod;
  private readonly client: JsonClient;
  private readonly listingPages = new Map<string, Map<string, number>>();
  private readonly resetGuard = new ResetGuard();
  private readonly actions: GraphActions;

  constructor(private readonly options: GraphProviderOptions) {
    this.name = options.name;
    const wanted = options.resetMethod ?? 'auto';
    this.method = wanted !== 'auto' ? wanted : options.tokenSource.delegated ? 'systemGenerated' : 'passwordProfile';
    this.capabilities = {
      ...GRAPH_LABELS,
      forcesChangeAtNextSignIn: true,
      reportsLastPasswordChange: true,
      actions: GRAPH_ACTIONS,
      actionNotes: { unlockAccount: unlockNote() },
      // Only a passwordProfile PATCH carries forceChangePasswordNextSignInWithMfa; resetPassword has no such field.
      offersMfaWithReset: this.method === 'passwordProfile',
    };
    this.client = jsonClientFor(options, options.graphEndpoint, (res) => mapGraphError(res, this.name));
    this.actions = new GraphActions({
      client: this.client,
      name: this.name,
      delegated: options.tokenSource.delegated,
      guard: this.resetGuard,
      getUser: (id, signal) => this.getUser(id, signal),
    });
  }

  /** Requests sent so far (tests and the benchmark count them). */
  get requestCount(): number {
    return this.client.requestCount;
  }

  async listUsers(options: model.ListOptions): Promise<model.UserPage> {
    let cursor: Cursor;
    if (options.cursor) {
      cursor = decodeCursor<Cursor>(options.cursor, isGraphCursor, () => new TypeError('Not a Graph cursor'));
    } else {
      const text = searchTextOf(options.search, NAME_OR_ADDRESS);
      const search = text ? buildSearch(text) : undefined;
      const query = queryString({
        $select: LIST_FIELDS.join(','),
        $top: clampPageSize(options.pageSize, MAX_PAGE_SIZE),
        $search: search,
        $count: search ? true : undefined,
      });
      cursor = { link: `/v1.0/users?${query}`, search: search !== undefined, listing: randomUUID(), page: 0 };
    }
    const res = await this.client.send({
      method: 'GET',
      url: cursor.link,
      headers: cursor.search ? { consistencylevel: 'eventual' } : undefined,
      signal: options.signal,
    });
    const body = expectObject(res) as {
      value?: unknown;
      '@odata.nextLink'?: unknown;
      '@odata.count'?: unknown;
    };
    if (!Array.isArray(body.value)) throw badResponse(res.status, l10n.t('a page without a user list'));
    const next = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
    const pages = this.pagesOf(cursor.listing);
    const here = this.linkDigest(cursor.link);
    if (!pages.has(here)) pages.set(here, cursor.page);
    if (next !== undefined) {
      this.client.resolve(next); // refuses a link to another host before it is ever followed
      const earlier = pages.get(this.linkDigest(next));
      if (earlier !== undefined && earlier <= cursor.page) {
        const read = cursor.page + 1;
        throw new DirectoryError(
          'badResponse',
          read === 1
            ? l10n.t(
                'The directory sent a link to a page it had already sent (after {0} page); paging stopped to avoid a loop.',
                read,
              )
            : l10n.t(
                'The directory sent a link to a page it had already sent (after {0} pages); paging stopped to avoid a loop.',
                read,
              ),
          l10n.t('Refresh the list; if it happens again, report it with the request-id from the log.'),
          { status: res.status, requestId: res.requestId },
        );
      }
    }
    return {
      users: body.value.map((u) => toDirectoryUser(u as GraphUser, this.method === 'systemGenerated')),
      nextCursor: next
        ? encodeCursor({ link: next, search: cursor.search, listing: cursor.listing, page: cursor.page + 1 })
        : undefined,
      totalCount: typeof body['@odata.count'] === 'number' ? body['@odata.count'] : undefined,
    };
  }

  async getUser(id: string, signal?: AbortSignal): Promise<model.DirectoryUser> {
    const res = await this.client.send({
      method: 'GET',
      url: `/v1.0/users/${userIdSegment(id, this.name)}?${queryString({ $select: PROFILE_FIELDS.join(',') })}`,
      signal,
    });
    return toDirectoryUser(expectObject(res) as GraphUser, this.method === 'systemGenerated');
  }

  /**
   * Page-link digest -> page number, per listing: a nextLink loop of any length is noticed without the
   * cursor growing with every page (which made long listings quadratic).
   */
  private pagesOf(listing: string): Map<string, number> {
    let pages = this.listingPages.get(listing);
    if (!pages) {
      pages = new Map();
      this.listingPages.set(listing, pages);
      if (this.listingPages.size > REMEMBERED_LISTINGS) {
        this.listingPages.delete(this.listingPages.keys().next().value!);
      }
    }
    return pages;
  }

  /** A short digest of a page link in its absolute form, so relative and absolute spellings compare equal. */
  private linkDigest(link: string): string {
    return createHash('sha256').update(this.client.resolve(link).href).digest('base64url').slice(0, 16);
  }

  adminPortalUrl(user: model.DirectoryUser): string | undefined {
    const host = new URL(this.options.graphEndpoint).hostname;
    // Sovereign clouds have their own portals; we only link where we know the address.
    if (host !== 'graph.microsoft.com' && host !== '127.0.0.1' && host !== 'localhost') return undefined;
    return `https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/${encodeURIComponent(user.id)}`;
  }

  async resetPassword(user: model.DirectoryUser, options: model.ResetOptions = {}): Promise<model.ResetResult> {
    return this.resetGuard.run(user, async () => {
      try {
        const method = this.chooseMethod();
        if (options.requireMfa && method !== 'passwordProfile') throw mfaNeedsPasswordProfile();
        return method === 'systemGenerated'
          ? await this.resetWithSystemPassword(user, options)
          : await this.resetWithPasswordProfile(user, options);
      } catch (e) {
        if (e instanceof DirectoryError && e.kind === 'forbidden')
          throw await this.actions.explainResetForbidden(user, e, options.signal);
        throw e;
      }
    });
  }

  private chooseMethod(): GraphResetMethod {
    if (this.method === 'systemGenerated' && !this.options.tokenSource.delegated) {
      throw new DirectoryError(
        'configuration',
        l10n.t(
          'The directory can generate the password only when you sign in as yourself, but this directory uses an app secret.',
        ),
        l10n.t('Set "directoryReset.resetMethod" to "auto" or "passwordProfile", or use "authentication": "vscode".'),
      );
    }
    return this.method;
  }

  /**
   * PATCH passwordProfile with a password generated here. Only answers that say "not processed" are
   * retried: after a dropped connection the outcome is unknown, and a new attempt needs a new confirmation.
   */
  private async resetWithPasswordProfile(
    user: model.DirectoryUser,
    options: model.ResetOptions,
  ): Promise<model.ResetResult> {
    const password = temporaryPassword(this.name, undefined, this.options.passwordLength);
    options.onProgress?.(l10n.t('Setting the temporary password...'));
    const res = await this.sendReset(
      user,
      {
        method: 'PATCH',
        url: `/v1.0/users/${userIdSegment(user.id, this.name)}`,
        body: {
          passwordProfile: {
            password,
            forceChangePasswordNextSignIn: true,
            ...(options.requireMfa ? { forceChangePasswordNextSignInWithMfa: true } : {}),
          },
        },
        signal: options.signal,
        retry: 'refusedOnly',
      },
      'passwordProfile',
    );
    // Graph answers 204 (or 200 with the user when asked for it). Any other 2xx, e.g. a proxy's or a sign-in
    // gateway's 200 web page, does not say the directory took the password: it must not be shown.
    if (!(res.status === 204 || (res.status === 200 && isUserNamed(res.json, user.id)))) {
      throw unknownOutcome(
        user,
        `${notAConfirmation(res, res.status === 200 ? l10n.t('JSON that is not this user') : 'JSON', user)}.`,
      );
    }
    // 204 or 200 with this user from here on. The request carried forceChangePasswordNextSignIn: true; Graph's
    // documented answer to a PATCH it applied in full is 204 No Content, so only that is its word that the flag
    // was stored.
    const confirmed = res.status === 204;
    return {
      temporaryPassword: password,
      method: 'passwordProfile',
      mustChangeAtNextSignIn: confirmed,
      mfaBeforeChange: options.requireMfa === true && confirmed,
      mustChangeNote: confirmed ? undefined : unconfirmedFlagNote(res.status),
      completedAt: new Date(),
    };
  }

  /** POST resetPassword: the directory generates the password; a long-running operation confirms it. */
  private async resetWithSystemPassword(
    user: model.DirectoryUser,
    options: model.ResetOptions,
  ): Promise<model.ResetResult> {
    // Graph needs the new password in the request for a synced user (hybrid tenants): it is generated here, and the
    // directory writes it back to on-premises Active Directory, or refuses when password writeback is off.
    const writtenBack =
      user.source === 'synced' ? temporaryPassword(this.name, undefined, this.options.passwordLength) : undefined;
    options.onProgress?.(
      writtenBack
        ? l10n.t('Setting the temporary password and writing it back to Active Directory...')
        : l10n.t('Asking the directory for a temporary password...'),
    );
    const res = await this.sendReset(
      user,
      {
        method: 'POST',
        url: `/v1.0/users/${userIdSegment(user.id, this.name)}/authentication/methods/${PASSWORD_METHOD_ID}/resetPassword`,
        ...(writtenBack ? { body: { newPassword: writtenBack } } : {}),
        signal: options.signal,
        retry: 'refusedOnly',
      },
      'systemGenerated',
    );
    // Graph answers 202 with the password and a Location to check on, or 200 with the password. Any other 2xx, or
    // one without the password in JSON (a proxy's 200 web page), says nothing about the reset.
    const json = res.json;
    const password =
      writtenBack ??
      (typeof json === 'object' && json !== null ? (json as { newPassword?: unknown }).newPassword : undefined);
    if ((res.status !== 200 && res.status !== 202) || typeof password !== 'string' || password === '') {
      throw unknownOutcome(
        user,
        `${notAConfirmation(res, res.status === 200 || res.status === 202 ? l10n.t('JSON without a temporary password') : 'JSON', user)}.`,
      );
    }
    const location = header(res.headers.location);
    if (res.status === 202) {
      // Accepted, not done: only the operation at Location can confirm it.
      if (!location) {
        throw unknownOutcome(
          user,
          l10n.t('The directory accepted the reset but gave no way to check that it finished.'),
        );
      }
      await waitForOperation(this.client, location, parseRetryAfter(res.headers['retry-after']), {
        ...this.options,
        user,
        signal: options.signal,
        onProgress: options.onProgress,
        unknown: (why) => unknownOutcome(user, why),
      });
    }
    // resetPassword forces the change itself (Graph's documentation of passwordAuthenticationMethod: resetPassword):
    // reaching here means the operation succeeded, which is the directory's own word.
    return {
      temporaryPassword: password,
      method: writtenBack ? 'writtenBack' : 'systemGenerated',
      mustChangeAtNextSignIn: true,
      completedAt: new Date(),
    };
  }

  /** Sends a reset request: a possibly-applied failure is "outcome unknown", Graph's 400s are put in plain words. */
  private sendReset(user: model.DirectoryUser, req: JsonRequest, method: GraphResetMethod): Promise<JsonResponse> {
    return sendReset(
      this.client,
      { ...req, mapError: (res) => this.resetRefusalFromAnswer(user, res, method) },
      {
        directory: l10n.t('the directory'),
        Directory: l10n.t('The directory'),
        unknown: (why) => unknownOutcome(user, why),
      },
    );
  }

  private resetRefusalFromAnswer(
    user: model.DirectoryUser,
    res: ErrorResponse,
    method: GraphResetMethod,
  ): DirectoryError | undefined {
    const details = { status: res.status, requestId: res.requestId, code: readGraphError(res.json)?.code };
    if (isPasswordPolicyError(res)) return passwordRejected(user, details);
    if (isOnPremisesMasteredError(res)) return syncedRefusal(user, details, method);
    return undefined;
  }

  // The actions beside the reset, the pre-flight check and a 403's explanation are in graphActions.ts.
  readonly checkAccess = (...a: ActionArgs<'checkAccess'>) => this.actions.checkAccess(...a);
  readonly forgetAccess = () => this.actions.forgetRoles();
  readonly auditEntries = (userId: string, around: Date, signal?: AbortSignal) =>
    readAuditEntries(this.client, userId, around, signal);
  /** The admin center's audit log (its address takes no filter), where adminPortalUrl knows the portal. */
  auditLogPortalUrl(): string | undefined {
    const known = this.adminPortalUrl({ id: '-', displayName: '', signInName: '', source: 'cloud' });
    return known && 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/AuditLogList.ReactView';
  }
  readonly prepareAction = (...a: ActionArgs<'prepareAction'>) => this.actions.prepare(...a);
  readonly issueTemporaryAccessPass = (...a: ActionArgs<'issueTemporaryAccessPass'>) =>
    this.actions.issueTemporaryAccessPass(...a);
  readonly revokeSessions = (...a: ActionArgs<'revokeSessions'>) => this.actions.revokeSessions(...a);
  readonly setAccountEnabled = (...a: ActionArgs<'setAccountEnabled'>) => this.actions.setAccountEnabled(...a);

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

function isGraphCursor(c: Partial<Cursor>): boolean {
  return typeof c.link === 'string' && typeof c.listing === 'string' && Number.isInteger(c.page);
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
