// A SCIM 2.0 service (RFC 7643/7644) as a DirectoryProvider: list and search users with startIndex/count
// paging and a filter, read one user, and reset a password with a PATCH that replaces `password`.
// SCIM has no standard "must change at next sign-in" flag, so the result and the capabilities say so.
import * as l10n from '@vscode/l10n';
import type { PasswordPolicyConfig } from '../configChecks';
import { DirectoryError } from '../errors';
import { badResponse, type JsonClient, type JsonRequest, type JsonResponse } from '../http/jsonClient';
import { jsonClientFor, type HttpProviderOptions } from '../kit/httpProvider';
import { describeAnswer } from '../http/answer';
import { expectObject, isJsonObject, queryString } from '../kit/answers';
import { nameOf, outcomeUnknown, sendReset } from '../kit/outcome';
import { clampPageSize, decodeCursor, encodeCursor } from '../kit/paging';
import { ResetGuard } from '../kit/resetGuard';
import { searchTextOf } from '../kit/searchText';
import { temporaryPassword } from '../kit/temporaryPassword';
import { userIdSegment } from '../http/pathSegment';
import type {
  ActionOptions,
  ActionResult,
  DirectoryProvider,
  DirectoryUser,
  ListOptions,
  ProviderCapabilities,
  ResetOptions,
  ResetResult,
  UserPage,
} from '../types';
import { setScimAccountEnabled } from './scimActions';
import { mapScimError, resetErrorFromAnswer, type ScimErrorContext, type ScimOperation } from './scimErrors';
import { buildUserSearchFilter } from './scimFilter';
import { SCIM_LABELS } from './scimKind';
import { toDirectoryUser, type ScimUserResource } from './scimUser';

export const SCIM_PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Largest page size sent as `count`; services may return fewer (their own maximum), which paging allows for. */
export const MAX_PAGE_SIZE = 500;

/** Getters: the words are looked up when a message is built, in the language configured by then. */
const SEARCH_WORDS = {
  get matched() {
    return l10n.t('names and sign-in names');
  },
  get nextStep() {
    return l10n.t('Search for the start of the sign-in name, or a part of the name, instead.');
  },
};

export interface ScimProviderOptions extends HttpProviderOptions {
  /** The service root, e.g. https://example.com/scim/v2 (validated by the caller: https or loopback). */
  readonly baseUrl: string;
  /** The directory's own rules for generated passwords. */
  readonly passwordPolicy?: PasswordPolicyConfig;
}

/** Where the next page starts; the search travels with it so "Load more" continues the same listing. */
interface Cursor {
  readonly startIndex: number;
  readonly count: number;
  readonly filter?: string;
}

export class ScimProvider implements DirectoryProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities = {
    ...SCIM_LABELS,
    forcesChangeAtNextSignIn: false,
    reportsLastPasswordChange: false,
    // `active` (RFC 7643 §4.1.1) is SCIM's only account switch; it has no lockout and no sessions to revoke.
    actions: ['enableAccount', 'disableAccount'],
  };
  private readonly client: JsonClient;
  /** The service root's path ('' or '/scim/v2'); requests go to `${basePath}/Users...` on the origin. */
  private readonly basePath: string;
  private readonly baseUrl: string;
  private readonly resetGuard = new ResetGuard();

  constructor(private readonly options: ScimProviderOptions) {
    this.name = options.name;
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.baseUrl = `${url.origin}${this.basePath}`;
    this.client = jsonClientFor(options, url.origin, (res) => mapScimError(res, this.errorContext('read')));
  }

  /** Requests sent so far (tests count them). */
  get requestCount(): number {
    return this.client.requestCount;
  }

  async listUsers(options: ListOptions): Promise<UserPage> {
    const cursor = options.cursor
      ? decodeCursor<Cursor>(options.cursor, isScimCursor, () => new TypeError('Not a SCIM cursor'))
      : this.firstCursor(options);
    const operation: ScimOperation = cursor.filter ? 'search' : 'list';
    const res = await this.client.send({
      method: 'GET',
      url: `${this.basePath}/Users?${queryString({ startIndex: cursor.startIndex, count: cursor.count, filter: cursor.filter })}`,
      headers: { accept: `${SCIM_MEDIA_TYPE}, application/json` },
      signal: options.signal,
      mapError: (r) => mapScimError(r, this.errorContext(operation)),
    });
    const body = expectObject(res) as {
      totalResults?: unknown;
      startIndex?: unknown;
      itemsPerPage?: unknown;
      Resources?: unknown;
    };
    // RFC 7644 §3.4.2: Resources may be absent when nothing matched.
    const resources = body.Resources === undefined ? [] : body.Resources;
    if (!Array.isArray(resources)) throw badResponse(res.status, l10n.t('a list without a Resources array'));
    const total = toInt(body.totalResults);
    const start = toInt(body.startIndex);
    if (start !== undefined && start !== cursor.startIndex && resources.length > 0) {
      throw new DirectoryError(
        'badResponse',
        l10n.t(
          '{0} answered with users from position {1} when asked for position {2}; paging stopped so no user is shown twice.',
          this.name,
          start,
          cursor.startIndex,
        ),
        l10n.t(
          'Refresh the list; if it happens again, the SCIM service may not support startIndex paging (report it to its vendor).',
        ),
        { status: res.status, requestId: res.requestId },
      );
    }
    const users = resources.map((u) => toDirectoryUser(u as ScimUserResource));
    // Advance by what came back, not by itemsPerPage or count: a service may cap the page below count.
    const next = cursor.startIndex + users.length;
    const more = users.length > 0 && (total !== undefined ? next <= total : users.length >= cursor.count);
    return {
      users,
      nextCursor: more ? encodeCursor({ ...cursor, startIndex: next }) : undefined,
      totalCount: total,
    };
  }

  async getUser(id: string, signal?: AbortSignal): Promise<DirectoryUser> {
    const res = await this.client.send({
      method: 'GET',
      url: `${this.basePath}/Users/${userIdSegment(id, this.name)}`,
      headers: { accept: `${SCIM_MEDIA_TYPE}, application/json` },
      signal,
    });
    return toDirectoryUser(expectObject(res));
  }

  private firstCursor(options: ListOptions): Cursor {
    const text = searchTextOf(options.search, SEARCH_WORDS);
    return {
      startIndex: 1,
      count: clampPageSize(options.pageSize, MAX_PAGE_SIZE),
      filter: buildUserSearchFilter(text),
    };
  }

  /** One small authenticated read, to prove a token at sign-in rather than at the first list. */
  async verifyAccess(signal?: AbortSignal): Promise<void> {
    await this.client.send({
      method: 'GET',
      url: `${this.basePath}/Users?${queryString({ startIndex: 1, count: 1 })}`,
      headers: { accept: `${SCIM_MEDIA_TYPE}, application/json` },
      signal,
      mapError: (r) => mapScimError(r, this.errorContext('signIn')),
    });
  }

  /** SCIM defines no admin portal; each service has its own. */
  adminPortalUrl(): string | undefined {
    return undefined;
  }

  /**
   * PATCH /Users/{id} replacing `password` with one generated here. Only answers that say "not processed"
   * (429, 503) are retried: after a dropped connection or a 500/502/504 the outcome is unknown, and another
   * attempt needs another confirmation.
   */
  async resetPassword(user: DirectoryUser, options: ResetOptions = {}): Promise<ResetResult> {
    return this.resetGuard.run<ResetResult>(user, async () => {
      const password = this.newPassword();
      options.onProgress?.(l10n.t('Setting the temporary password...'));
      const ctx = this.errorContext('reset', user, password);
      const res = await this.sendReset(user, {
        method: 'PATCH',
        url: `${this.basePath}/Users/${userIdSegment(user.id, this.name)}`,
        headers: { 'content-type': SCIM_MEDIA_TYPE, accept: `${SCIM_MEDIA_TYPE}, application/json` },
        body: {
          schemas: [SCIM_PATCH_OP_SCHEMA],
          Operations: [{ op: 'replace', path: 'password', value: password }],
        },
        signal: options.signal,
        retry: 'refusedOnly',
        mapError: (res) => resetErrorFromAnswer(res, ctx) ?? mapScimError(res, ctx),
      });
      // 200 with the user or 204 without a body both mean the password was replaced (RFC 7644 §3.5.2). Any other
      // 2xx, e.g. a proxy's or a sign-in gateway's 200 web page, or another resource, does not: it must not be shown.
      if (!(res.status === 204 || (res.status === 200 && isScimUser(res.json, user.id)))) {
        const what = describeAnswer(res, res.status === 200 ? l10n.t('JSON that is not this user') : 'JSON');
        const answer = l10n.t(
          'The answer to the reset of {0} was {1}, not a confirmation; a proxy, firewall or sign-in page may be in the way',
          nameOf(user),
          what,
        );
        throw unknownOutcome(this.name, user, `${answer}.`);
      }
      return {
        temporaryPassword: password,
        method: 'scimPatch',
        mustChangeAtNextSignIn: false,
        completedAt: new Date(),
      };
    });
  }

  /** PATCH `active` (see scimActions.ts); the result carries the user as the service has it afterwards. */
  setAccountEnabled(user: DirectoryUser, enabled: boolean, options: ActionOptions = {}): Promise<ActionResult> {
    return setScimAccountEnabled(
      {
        name: this.name,
        client: this.client,
        basePath: this.basePath,
        guard: this.resetGuard,
        errorContext: (u) => this.errorContext('read', u),
        getUser: (id, signal) => this.getUser(id, signal),
      },
      user,
      enabled,
      options,
    );
  }

  private newPassword(): string {
    return temporaryPassword(this.name, this.options.passwordPolicy, this.options.passwordLength);
  }

  /** Sends the PATCH; a possibly-applied failure is "outcome unknown" (501, like 503, says "not processed"). */
  private sendReset(user: DirectoryUser, req: JsonRequest): Promise<JsonResponse> {
    return sendReset(this.client, req, {
      directory: this.name,
      notProcessed: [501],
      unknown: (why) => unknownOutcome(this.name, user, why),
    });
  }

  private errorContext(operation: ScimOperation, user?: DirectoryUser, secret?: string): ScimErrorContext {
    return {
      directoryName: this.name,
      baseUrl: this.baseUrl,
      operation,
      userLabel: user ? nameOf(user) : undefined,
      secret,
    };
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

function unknownOutcome(directoryName: string, user: DirectoryUser, why: string): DirectoryError {
  return outcomeUnknown(
    user,
    why,
    l10n.t(
      "Ask {0} to try their old password, or check the account in {1}'s own admin console; reset again only if it still works.",
      nameOf(user),
      directoryName,
    ),
  );
}

/** A SCIM resource (a JSON object) whose id is `id` (SCIM ids are compared exactly, RFC 7643 §3.1). */
function isScimUser(json: unknown, id: string): boolean {
  if (!isJsonObject(json)) return false;
  return (json as { id?: unknown }).id === id;
}

function toInt(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function isScimCursor(c: Partial<Cursor>): boolean {
  return (
    Number.isInteger(c.startIndex) &&
    c.startIndex! >= 1 &&
    Number.isInteger(c.count) &&
    (c.filter === undefined || typeof c.filter === 'string')
  );
}
