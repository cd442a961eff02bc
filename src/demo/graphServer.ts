// A Microsoft Graph-compatible directory on 127.0.0.1: the extension's offline demo directory and the test
// directory of every test. It is as strict as Graph wherever the extension depends on Graph (query options,
// $search syntax and its header, paging by opaque nextLink, error shapes, who may reset whom, password policy,
// the resetPassword long-running operation), because a test directory more lenient than Graph hides bugs.
//
// Node built-ins only; no 'vscode'. Logs nothing: passwords pass through here and must never reach any output.
// Facts followed: /work/shared/reference/graph-api.md (learn.microsoft.com/graph user-list, user-update,
// authenticationmethod-resetpassword, aad-advanced-queries, search-query-parameter, paging, throttling, errors).

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mayReset } from '../directory/graph/adminRoles';
import { checkEntraPasswordPolicy } from './passwordPolicy';
import { DEMO_TENANT_DOMAIN, FIXED_USERS, seedUsers, type DemoUser } from './seed';

/** The id of Graph's password authentication method (the same in every tenant). */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

export interface GraphServerOptions {
  /** Default: seedUsers(). Copied (shallowly): the server never mutates the caller's objects. */
  users?: DemoUser[];
  /** Whose roles a delegated token carries. Default: the "Demo Helpdesk Operator" (User Administrator). */
  delegatedCallerId?: string;
  /** Roles assigned to the app, for client-credentials tokens. Default ['User Administrator']. */
  appRoles?: string[];
  /** Accepted at the token endpoint. Defaults: random. */
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  /** How many polls of a resetPassword operation answer 'running' before the final status. Default 1. */
  operationPolls?: number;
  /** Retry-After (seconds, may be fractional) on the 202 and on unfinished polls. Default '0.1'. */
  operationRetryAfter?: string;
  /** resetPassword operations end in 'failed' (password not changed). Default false. */
  failOperations?: boolean;
  /** Delay before answering each request. Default 0. */
  latencyMs?: number;
  /** Every `every`-th request to /v1.0 answers 429 TooManyRequests with `Retry-After: retryAfter`. */
  throttle?: { every: number; retryAfter: string };
  /**
   * Keep every request, reset and revocation in `requests`, `resets` and `revocations`, for tests to inspect.
   * Default true here; startDemoDirectory() (the extension's demo) defaults to false, so a demo left open keeps
   * no passwords and cannot be grown by requests from other processes on this machine.
   */
  record?: boolean;
  /**
   * Tests only: bearer tokens minted elsewhere (a test sign-in authority). Called with each token this server did
   * not issue itself; returns the id of the delegated caller it acts for, or undefined to refuse it (401).
   */
  acceptToken?: (token: string, request: RecordedRequest) => string | undefined;
}

export interface RecordedRequest {
  method: string;
  /** Pathname, still percent-encoded as sent. */
  path: string;
  /** Decoded query options (the last value of a repeated name). */
  query: Record<string, string>;
  /** The raw query string as sent, without the leading '?'. */
  rawQuery: string;
  /** Like URL.search: '?' + rawQuery, or '' without a query string (feed it to URLSearchParams). */
  search: string;
  /** Lower-cased names, WITHOUT authorization. */
  headers: Record<string, string>;
  /** 0 while unanswered, and for faults that never answer (reset, hang). */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** The request-id header of the answer. */
  requestId: string;
}

export interface RecordedReset {
  userId: string;
  /** The password that was set. Test data: never logged. */
  password: string;
  forceChangePasswordNextSignIn: boolean;
  forceChangePasswordNextSignInWithMfa?: boolean;
  method: 'passwordProfile' | 'resetPassword';
  at: number;
}

export type FaultResponse =
  | { status: number; headers?: Record<string, string>; body?: string | object }
  /** Destroy the socket without answering (the request is not processed). */
  | { kind: 'reset' }
  /** Never answer (the request is not processed). */
  | { kind: 'hang' }
  /**
   * Process the request normally (side effects happen), send the status, headers and half of the body, then
   * destroy the socket. When the real answer has no body, the socket is destroyed without answering.
   */
  | { kind: 'resetMidBody' }
  /**
   * Process the request normally (side effects happen), send the status, headers and half of the body, then send
   * nothing more and keep the connection open (a stalled answer: the client's body timeout must end it).
   */
  | { kind: 'stallMidBody' }
  /**
   * Process the request normally (side effects happen), send the status and headers, then the body one byte every
   * `intervalMs` (default 200): every pause is short, so only an overall deadline ends it.
   */
  | { kind: 'trickle'; intervalMs?: number };

export interface Fault {
  /** Upper-case HTTP method; any when omitted. */
  method?: string;
  /** Tested against the pathname and against pathname+query as sent; any when omitted. */
  path?: RegExp;
  /** How many matching requests it applies to. Default 1. */
  times?: number;
  response: FaultResponse;
}

export interface GraphServer {
  /** http://127.0.0.1:PORT — the Graph endpoint (requests go to `${url}/v1.0/...`) and the authority host. */
  readonly url: string;
  /** A valid delegated token for the delegated caller; replaced by expireTokens(). */
  readonly delegatedToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  /** Live users by id. Call usersChanged() after renaming users in place (set/delete are noticed). */
  readonly users: DemoUserMap;
  /** Roles of the app (client-credentials tokens); mutable. */
  appRoles: string[];
  readonly requests: RecordedRequest[];
  readonly resets: RecordedReset[];
  /** POST revokeSignInSessions calls that succeeded. */
  readonly revocations: { userId: string; at: number }[];
  injectFault(fault: Fault): void;
  /** All issued tokens answer 401 from now on; a new delegatedToken is issued. */
  expireTokens(): void;
  /** A new delegated token acting as `userId` (default: the delegated caller). */
  issueDelegatedToken(userId?: string): string;
  /** Forget the cached sort order and search results (after editing users in place). */
  usersChanged(): void;
  /** Whether requests, resets and revocations are kept (see GraphServerOptions.record). */
  readonly recording: boolean;
  /** How many entries each of the server's memories holds now; every one is bounded (tests check). */
  retained(): { requests: number; resets: number; revocations: number; operations: number; skipTokens: number; tokens: number; expiredTokens: number };
  clearRequests(): void;
  /** Resolves when closed; open sockets are destroyed. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Graph's user type

/** Properties Graph returns when there is no $select, in Graph's order. */
export const DEFAULT_USER_PROPERTIES: readonly string[] = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation',
  'preferredLanguage', 'surname', 'userPrincipalName', 'id',
];

/** Structural properties of microsoft.graph.user (v1.0) that $select accepts. */
const USER_PROPERTIES: ReadonlySet<string> = new Set([
  'aboutMe', 'accountEnabled', 'ageGroup', 'assignedLicenses', 'assignedPlans', 'authorizationInfo', 'birthday',
  'businessPhones', 'city', 'companyName', 'consentProvidedForMinor', 'country', 'createdDateTime', 'creationType',
  'customSecurityAttributes', 'deletedDateTime', 'department', 'displayName', 'employeeHireDate', 'employeeId',
  'employeeLeaveDateTime', 'employeeOrgData', 'employeeType', 'externalUserState', 'externalUserStateChangeDateTime',
  'faxNumber', 'givenName', 'hireDate', 'id', 'identities', 'imAddresses', 'interests', 'isResourceAccount',
  'jobTitle', 'lastPasswordChangeDateTime', 'legalAgeGroupClassification', 'licenseAssignmentStates', 'mail',
  'mailboxSettings', 'mailNickname', 'mobilePhone', 'mySite', 'officeLocation', 'onPremisesDistinguishedName',
  'onPremisesDomainName', 'onPremisesExtensionAttributes', 'onPremisesImmutableId', 'onPremisesLastSyncDateTime',
  'onPremisesProvisioningErrors', 'onPremisesSamAccountName', 'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled', 'onPremisesUserPrincipalName', 'otherMails', 'passwordPolicies', 'passwordProfile',
  'pastProjects', 'postalCode', 'preferredDataLocation', 'preferredLanguage', 'preferredName', 'print',
  'provisionedPlans', 'proxyAddresses', 'responsibilities', 'schools', 'securityIdentifier', 'serviceProvisioningErrors',
  'showInAddressList', 'signInActivity', 'signInSessionsValidFromDateTime', 'skills', 'state', 'streetAddress',
  'surname', 'usageLocation', 'userPrincipalName', 'userType',
]);

const COLLECTION_PROPERTIES: ReadonlySet<string> = new Set([
  'assignedLicenses', 'assignedPlans', 'businessPhones', 'imAddresses', 'interests', 'licenseAssignmentStates',
  'onPremisesProvisioningErrors', 'otherMails', 'pastProjects', 'provisionedPlans', 'proxyAddresses',
  'responsibilities', 'schools', 'serviceProvisioningErrors', 'skills',
]);

/** Properties the test directory holds; every other selectable property is served as null or []. */
const HELD_PROPERTIES: ReadonlySet<string> = new Set([
  'id', 'displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'jobTitle', 'department',
  'accountEnabled', 'userType', 'creationType', 'externalUserState', 'onPremisesSyncEnabled', 'identities',
  'lastPasswordChangeDateTime',
]);

const DIRECTORY_ROLE_PROPERTIES: ReadonlySet<string> = new Set([
  'id', 'deletedDateTime', 'description', 'displayName', 'roleTemplateId',
]);

/** Role template ids are the same in every tenant. */
const ROLE_TEMPLATE_IDS: Readonly<Record<string, string>> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Authentication Administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'Password Administrator': '966707d0-3269-4727-9be2-8c3a10f19b9d',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Guest Inviter': '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  'Groups Administrator': 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
  'Message Center Reader': '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'Usage Summary Reports Reader': '75934031-6c7e-415a-99d7-48dbd49e875e',
  'User Experience Success Manager': '27460883-1df1-4691-b032-3b79643e5e63',
};

/** Properties $search accepts on users. */
const SEARCHABLE: ReadonlySet<string> = new Set(['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);
/** Properties startsWith() accepts in $filter (graph-api.md). */
const STARTSWITH_FILTERABLE: ReadonlySet<string> = new Set(['displayName', 'userPrincipalName', 'mail']);

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY_BYTES = 1 << 20;
/** Paging links remembered; older ones answer "Invalid skip token" (each entry is a few dozen bytes). */
export const MAX_SKIPTOKENS = 2_000;
const MAX_CACHED_QUERIES = 64;
/** Reset operations remembered for polling; the oldest is forgotten first (each holds a password). */
export const MAX_OPERATIONS = 200;
/** Tokens issued by the token endpoint (and expired ones) remembered; the delegated tokens are always kept. */
export const MAX_APP_TOKENS = 1_000;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

/** The server's live users by id; `length` is `size`, for callers that treat it like the seed array. */
export class DemoUserMap extends Map<string, DemoUser> {
  /** Bumped on every change the server must re-sort for. */
  version = 0;
  get length(): number {
    return this.size;
  }
  override set(key: string, value: DemoUser): this {
    this.version++;
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.version++;
    return super.delete(key);
  }
  override clear(): void {
    this.version++;
    super.clear();
  }
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
}

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  pathname: string;
  rawQuery: string;
  body: Buffer;
  requestId: string;
  clientRequestId: string | undefined;
  record: RecordedRequest;
  /** Who the token names, once checked (each request's token is checked once, before its body is read). */
  caller?: Caller;
}

type Caller = { kind: 'delegated'; userId: string } | { kind: 'app' };

class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super('http error');
  }
}

/** Graph's timestamps: ISO 8601 without milliseconds. */
function isoNow(): string {
  return new Date().toISOString().slice(0, 19) + 'Z';
}

function hashGuid(text: string): string {
  // Deterministic GUID-looking id (FNV-1a based) for activated directory role objects.
  const words: string[] = [];
  for (let k = 0; k < 4; k++) {
    let h = 0x811c9dc5 ^ (k * 0x9e3779b1);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    words.push((h >>> 0).toString(16).padStart(8, '0'));
  }
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Decodes one query-string component the way Graph (ASP.NET) does: '+' is a space; bad %-escapes are errors. */
function decodeComponent(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

interface ParsedQuery {
  /** name -> decoded value */
  options: Map<string, string>;
  /** raw segments, in order, with their decoded names */
  segments: { name: string; raw: string }[];
}

/** Words a user's displayName is searched by: lower-cased runs of letters and digits. */
function tokenize(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// $search: "displayName:wa" OR "mail:wa"

type SearchClause = { property: string; term: string; tokens: string[] };
/** OR of ANDs of clauses. */
type SearchExpr = SearchClause[][];

function searchSyntaxError(detail: string): HttpError {
  return new HttpError(graphErrorReply(400, 'Request_UnsupportedQuery', `Syntax error: ${detail}`));
}

export function parseSearch(value: string): SearchExpr {
  const ors: SearchExpr = [[]];
  let i = 0;
  const n = value.length;
  const skipWs = () => {
    while (i < n && /\s/.test(value[i])) i++;
  };
  skipWs();
  if (i >= n) throw searchSyntaxError('the $search value is empty.');
  for (;;) {
    skipWs();
    if (value[i] !== '"') {
      throw searchSyntaxError(`expected '"' at position ${i}; each search clause must be in double quotes, e.g. "displayName:term".`);
    }
    i++;
    let text = '';
    let closed = false;
    while (i < n) {
      const ch = value[i];
      if (ch === '\\') {
        const next = value[i + 1];
        if (next === '"' || next === '\\') {
          text += next;
          i += 2;
          continue;
        }
        throw searchSyntaxError(`invalid escape sequence at position ${i}; only \\" and \\\\ are allowed.`);
      }
      if (ch === '"') {
        closed = true;
        i++;
        break;
      }
      text += ch;
      i++;
    }
    if (!closed) throw searchSyntaxError('unbalanced double quotes.');
    const colon = text.indexOf(':');
    if (colon <= 0) {
      throw searchSyntaxError('a search clause must start with a property name, e.g. "displayName:term".');
    }
    const property = text.slice(0, colon);
    if (!SEARCHABLE.has(property)) {
      throw searchSyntaxError(`'${property}' is not a searchable property of 'microsoft.graph.user'.`);
    }
    const term = text.slice(colon + 1).trim();
    if (term.length === 0) throw searchSyntaxError('a search clause has an empty search term.');
    ors[ors.length - 1].push({ property, term: term.toLowerCase(), tokens: tokenize(term) });

    skipWs();
    if (i >= n) break;
    if (value.startsWith('AND', i) && /[\s"]/.test(value[i + 3] ?? '')) {
      i += 3;
    } else if (value.startsWith('OR', i) && /[\s"]/.test(value[i + 2] ?? '')) {
      i += 2;
      ors.push([]);
    } else {
      throw searchSyntaxError(`expected AND or OR (upper case) at position ${i}.`);
    }
    skipWs();
    if (i >= n) throw searchSyntaxError('the $search value ends with an operator.');
  }
  return ors;
}

function clauseMatches(u: DemoUser, c: SearchClause): boolean {
  if (c.property === 'displayName') {
    if (c.tokens.length === 0) return false;
    const words = tokenize(u.displayName);
    return c.tokens.every((t) => words.some((w) => w.startsWith(t)));
  }
  const v = (u as unknown as Record<string, unknown>)[c.property];
  return typeof v === 'string' && v.toLowerCase().startsWith(c.term);
}

function searchMatches(u: DemoUser, expr: SearchExpr): boolean {
  return expr.some((ands) => ands.every((c) => clauseMatches(u, c)));
}

// ---------------------------------------------------------------------------------------------------------------
// $filter: startsWith(displayName|userPrincipalName|mail,'x'), userType eq 'Guest', and / or / ( )

type FilterExpr =
  | { op: 'startsWith'; property: string; value: string }
  | { op: 'eq'; property: string; value: string }
  | { op: 'and' | 'or'; left: FilterExpr; right: FilterExpr };

type FilterToken = { t: 'ident' | 'string' | '(' | ')' | ','; v: string; pos: number };

function filterError(message: string): HttpError {
  return new HttpError(graphErrorReply(400, 'Request_UnsupportedQuery', message));
}

function tokenizeFilter(s: string): FilterToken[] {
  const out: FilterToken[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch, pos: i });
      i++;
    } else if (ch === "'") {
      const start = i;
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw filterError(`Invalid filter clause: unterminated string literal at position ${start}.`);
        if (s[i] === "'") {
          if (s[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i];
        i++;
      }
      out.push({ t: 'string', v, pos: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < s.length && /[A-Za-z0-9_./]/.test(s[i])) i++;
      out.push({ t: 'ident', v: s.slice(start, i), pos: start });
    } else {
      throw filterError(`Invalid filter clause: syntax error at position ${i} in '${s}'.`);
    }
  }
  return out;
}

export function parseFilter(s: string): FilterExpr {
  const toks = tokenizeFilter(s);
  let k = 0;
  const peek = () => toks[k];
  const expect = (t: FilterToken['t']): FilterToken => {
    const tok = toks[k];
    if (!tok || tok.t !== t) {
      throw filterError(`Invalid filter clause: syntax error at position ${tok ? tok.pos : s.length} in '${s}'.`);
    }
    k++;
    return tok;
  };
  const parseOr = (): FilterExpr => {
    let left = parseAnd();
    while (peek()?.t === 'ident' && peek().v === 'or') {
      k++;
      left = { op: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpr => {
    let left = parsePrimary();
    while (peek()?.t === 'ident' && peek().v === 'and') {
      k++;
      left = { op: 'and', left, right: parsePrimary() };
    }
    return left;
  };
  const parsePrimary = (): FilterExpr => {
    const tok = peek();
    if (!tok) throw filterError(`Invalid filter clause: unexpected end of '${s}'.`);
    if (tok.t === '(') {
      k++;
      const e = parseOr();
      expect(')');
      return e;
    }
    if (tok.t !== 'ident') {
      throw filterError(`Invalid filter clause: syntax error at position ${tok.pos} in '${s}'.`);
    }
    k++;
    if (tok.v.toLowerCase() === 'startswith' && peek()?.t === '(') {
      k++;
      const prop = expect('ident');
      expect(',');
      const lit = expect('string');
      expect(')');
      if (!STARTSWITH_FILTERABLE.has(prop.v)) {
        throw filterError(`Unsupported or invalid query filter clause specified for property '${prop.v}' of resource 'User'.`);
      }
      return { op: 'startsWith', property: prop.v, value: lit.v.toLowerCase() };
    }
    const opTok = peek();
    if (opTok?.t === 'ident' && opTok.v === 'eq') {
      k++;
      const lit = peek();
      if (tok.v === 'userType' && lit?.t === 'string') {
        k++;
        return { op: 'eq', property: 'userType', value: lit.v.toLowerCase() };
      }
      throw filterError(`Unsupported or invalid query filter clause specified for property '${tok.v}' of resource 'User'.`);
    }
    throw filterError(`Unsupported query: '${s}'.`);
  };
  const e = parseOr();
  if (k !== toks.length) {
    throw filterError(`Invalid filter clause: syntax error at position ${toks[k].pos} in '${s}'.`);
  }
  return e;
}

function filterMatches(u: DemoUser, e: FilterExpr): boolean {
  switch (e.op) {
    case 'and':
      return filterMatches(u, e.left) && filterMatches(u, e.right);
    case 'or':
      return filterMatches(u, e.left) || filterMatches(u, e.right);
    case 'eq': {
      const v = (u as unknown as Record<string, unknown>)[e.property];
      return typeof v === 'string' && v.toLowerCase() === e.value;
    }
    case 'startsWith': {
      const v = (u as unknown as Record<string, unknown>)[e.property];
      return typeof v === 'string' && v.toLowerCase().startsWith(e.value);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors in Graph's shape

/** A reply whose body is completed with innerError when sent (see finishErrorBody). */
function graphErrorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, headers, body: { error: { code, message } } };
}

function isGraphErrorBody(body: unknown): body is { error: { code: string; message: string; innerError?: unknown } } {
  return (
    typeof body === 'object' && body !== null && 'error' in body &&
    typeof (body as { error: unknown }).error === 'object' && (body as { error: unknown }).error !== null &&
    typeof (body as { error: { code?: unknown } }).error.code === 'string'
  );
}

const notFound = (id: string): HttpError =>
  new HttpError(graphErrorReply(404, 'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`));
const forbidden = (): HttpError =>
  new HttpError(graphErrorReply(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
const badRequest = (message: string, code = 'Request_BadRequest'): HttpError =>
  new HttpError(graphErrorReply(400, code, message));

// ---------------------------------------------------------------------------------------------------------------
// Operations

interface Operation {
  id: string;
  userId: string;
  password: string;
  polls: number;
  status: 'notStarted' | 'running' | 'succeeded' | 'failed';
  statusDetail: string | null;
  createdDateTime: string;
  lastActionDateTime: string;
}

// ---------------------------------------------------------------------------------------------------------------

class GraphServerImpl implements GraphServer {
  url = '';
  readonly users = new DemoUserMap();
  appRoles: string[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  readonly requests: RecordedRequest[] = [];
  readonly resets: RecordedReset[] = [];
  readonly revocations: { userId: string; at: number }[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly tokens = new Map<string, Caller>();
  private readonly expired = new Set<string>();
  readonly recording: boolean;
  private readonly faults: { fault: Fault; left: number }[] = [];
  private readonly operations = new Map<string, Operation>();
  private readonly skipTokens = new Map<string, { offset: number; bound: string }>();
  private readonly listCache = new Map<string, { version: number; list: DemoUser[] }>();
  private sorted: { version: number; list: DemoUser[] } | undefined;
  private currentDelegatedToken = '';
  private v1Count = 0;
  private readonly delegatedCallerId: string;
  private readonly operationPolls: number;
  private readonly operationRetryAfter: string;
  private readonly failOperations: boolean;
  private readonly latencyMs: number;
  private readonly throttle: { every: number; retryAfter: string } | undefined;
  private readonly acceptToken: GraphServerOptions['acceptToken'];

  constructor(options: GraphServerOptions) {
    for (const u of options.users ?? seedUsers()) {
      if (this.users.has(u.id)) throw new Error(`Duplicate user id ${u.id}`);
      this.users.set(u.id, { ...u, roles: [...u.roles], identities: u.identities.map((i) => ({ ...i })) });
    }
    this.delegatedCallerId = options.delegatedCallerId ?? FIXED_USERS.demoOperator;
    this.appRoles = [...(options.appRoles ?? ['User Administrator'])];
    this.clientId = options.clientId ?? randomUUID();
    this.clientSecret = options.clientSecret ?? randomBytes(30).toString('base64url');
    this.tenantId = options.tenantId ?? randomUUID();
    this.operationPolls = Math.max(0, options.operationPolls ?? 1);
    this.operationRetryAfter = options.operationRetryAfter ?? '0.1';
    this.failOperations = options.failOperations ?? false;
    this.latencyMs = options.latencyMs ?? 0;
    this.throttle = options.throttle && options.throttle.every > 0 ? options.throttle : undefined;
    this.recording = options.record ?? true;
    this.acceptToken = options.acceptToken;
    this.currentDelegatedToken = this.issueDelegatedToken();
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // Never crash or print on a client's socket error.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  get delegatedToken(): string {
    return this.currentDelegatedToken;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  injectFault(fault: Fault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  expireTokens(): void {
    for (const t of this.tokens.keys()) this.expired.add(t);
    while (this.expired.size > MAX_APP_TOKENS) this.expired.delete(this.expired.values().next().value as string);
    this.tokens.clear();
    this.currentDelegatedToken = this.issueDelegatedToken();
  }

  issueDelegatedToken(userId: string = this.delegatedCallerId): string {
    const token = newToken();
    this.tokens.set(token, { kind: 'delegated', userId });
    return token;
  }

  usersChanged(): void {
    this.users.version++;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  retained(): ReturnType<GraphServer['retained']> {
    return {
      requests: this.requests.length,
      resets: this.resets.length,
      revocations: this.revocations.length,
      operations: this.operations.size,
      skipTokens: this.skipTokens.size,
      tokens: this.tokens.size,
      expiredTokens: this.expired.size,
    };
  }

  private recordReset(reset: RecordedReset): void {
    if (this.recording) this.resets.push(reset);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === 'authorization' || v === undefined) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const query: Record<string, string> = {};
    for (const seg of rawQuery.split('&')) {
      if (!seg) continue;
      const eq = seg.indexOf('=');
      const name = decodeComponent(eq < 0 ? seg : seg.slice(0, eq));
      const value = decodeComponent(eq < 0 ? '' : seg.slice(eq + 1));
      if (name !== undefined && value !== undefined) query[name] = value;
    }
    const requestId = randomUUID();
    const crid = req.headers['client-request-id'];
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path: pathname, query, rawQuery, search: q < 0 ? '' : `?${rawQuery}`, headers,
      status: 0, at, requestId,
    };
    if (this.recording) this.requests.push(record);

    // The token is checked before anything else is done for the request, its body is not even read: a request
    // without a valid token costs nothing to keep (the demo directory listens on 127.0.0.1, open to every
    // process of this machine).
    let caller: Caller | undefined;
    if (pathname === '/v1.0' || pathname.startsWith('/v1.0/')) {
      const ctx0 = this.ctx(req, res, pathname, rawQuery, Buffer.alloc(0), requestId, crid, record);
      try {
        caller = this.authenticate(ctx0);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        const reply = e.reply;
        this.send(ctx0, { ...reply, headers: { ...reply.headers, connection: 'close' } });
        return;
      }
    }

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      // Too large or aborted.
      if (!res.headersSent && !req.destroyed) {
        const ctx0 = this.ctx(req, res, pathname, rawQuery, Buffer.alloc(0), requestId, crid, record);
        this.send(ctx0, graphErrorReply(413, 'Request_BadRequest', 'The request body is too large.'));
      }
      return;
    }
    const ctx = this.ctx(req, res, pathname, rawQuery, body, requestId, crid, record);
    ctx.caller = caller;
    try {
      if (this.latencyMs > 0) await delay(this.latencyMs);

      const fault = this.takeFault(ctx);
      if (fault) {
        if ('kind' in fault) {
          if (fault.kind === 'reset') {
            req.socket.destroy();
            return;
          }
          if (fault.kind === 'hang') return;
          if (fault.kind === 'trickle') {
            this.sendTrickling(ctx, this.handle(ctx), fault.intervalMs ?? 200);
            return;
          }
          // resetMidBody / stallMidBody: do the work, then break the answer.
          const reply = this.handle(ctx);
          this.sendBroken(ctx, reply, fault.kind === 'stallMidBody');
          return;
        }
        this.send(ctx, { status: fault.status, headers: fault.headers, body: fault.body });
        return;
      }
      this.send(ctx, this.handle(ctx));
    } catch {
      if (!res.headersSent) this.send(ctx, graphErrorReply(500, 'UnknownError', 'An internal error occurred.'));
      else res.destroy();
    }
  }

  private ctx(
    req: http.IncomingMessage, res: http.ServerResponse, pathname: string, rawQuery: string, body: Buffer,
    requestId: string, crid: string | string[] | undefined, record: RecordedRequest,
  ): Ctx {
    return {
      req, res, method: req.method ?? 'GET', pathname, rawQuery, body, requestId,
      clientRequestId: Array.isArray(crid) ? crid[0] : crid, record,
    };
  }

  private takeFault(ctx: Ctx): FaultResponse | undefined {
    for (let i = 0; i < this.faults.length; i++) {
      const entry = this.faults[i];
      const f = entry.fault;
      if (f.method && f.method.toUpperCase() !== ctx.method) continue;
      if (f.path) {
        f.path.lastIndex = 0;
        const full = ctx.rawQuery ? `${ctx.pathname}?${ctx.rawQuery}` : ctx.pathname;
        const hit = f.path.test(ctx.pathname) || ((f.path.lastIndex = 0), f.path.test(full));
        if (!hit) continue;
      }
      entry.left--;
      if (entry.left <= 0) this.faults.splice(i, 1);
      return f.response;
    }
    return undefined;
  }

  /** Serialises a reply: JSON bodies, Graph's headers, innerError completed. */
  private prepare(ctx: Ctx, reply: Reply): { status: number; headers: Record<string, string>; payload: Buffer } {
    const headers: Record<string, string> = {
      'request-id': ctx.requestId,
      'client-request-id': ctx.clientRequestId ?? ctx.requestId,
      'cache-control': 'no-cache',
      'x-ms-ags-diagnostic': '{"ServerInfo":{"DataCenter":"Loopback","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"TEST"}}',
    };
    let payload = Buffer.alloc(0);
    if (reply.body !== undefined) {
      if (typeof reply.body === 'string') {
        payload = Buffer.from(reply.body, 'utf8');
        headers['content-type'] = 'text/plain; charset=utf-8';
      } else {
        let body: unknown = reply.body;
        if (isGraphErrorBody(body) && body.error.innerError === undefined) {
          body = {
            error: {
              code: body.error.code,
              message: body.error.message,
              innerError: {
                date: isoNow().slice(0, 19),
                'request-id': ctx.requestId,
                'client-request-id': ctx.clientRequestId ?? ctx.requestId,
              },
            },
          };
        }
        payload = Buffer.from(JSON.stringify(body), 'utf8');
        headers['content-type'] = isGraphErrorBody(body) ? 'application/json' : ODATA_JSON;
      }
    }
    for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
    return { status: reply.status, headers, payload };
  }

  private send(ctx: Ctx, reply: Reply): void {
    const { status, headers, payload } = this.prepare(ctx, reply);
    ctx.record.status = status;
    if (ctx.res.destroyed) return;
    headers['content-length'] = String(payload.length);
    ctx.res.writeHead(status, headers);
    ctx.res.end(payload);
  }

  private sendTrickling(ctx: Ctx, reply: Reply, intervalMs: number): void {
    const { status, headers, payload } = this.prepare(ctx, reply);
    ctx.record.status = status;
    // Padded so the trickle outlasts any deadline a test sets; the client gives up long before the end.
    const body = Buffer.concat([payload, Buffer.alloc(4096, 0x20)]);
    headers['content-length'] = String(body.length);
    ctx.res.writeHead(status, headers);
    let i = 0;
    const timer = setInterval(() => {
      if (ctx.res.destroyed || i >= body.length) {
        clearInterval(timer);
        if (!ctx.res.destroyed) ctx.res.end();
        return;
      }
      ctx.res.write(body.subarray(i, ++i));
    }, intervalMs);
    ctx.res.on('close', () => clearInterval(timer));
  }

  private sendBroken(ctx: Ctx, reply: Reply, stall = false): void {
    const { status, headers, payload } = this.prepare(ctx, reply);
    if (payload.length < 2) {
      if (!stall) ctx.req.socket.destroy();
      return;
    }
    ctx.record.status = status;
    headers['content-length'] = String(payload.length);
    ctx.res.writeHead(status, headers);
    ctx.res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => {
      if (!stall) setTimeout(() => ctx.req.socket.destroy(), 5);
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Routing

  private handle(ctx: Ctx): Reply {
    try {
      return this.route(ctx);
    } catch (e) {
      if (e instanceof HttpError) return e.reply;
      throw e;
    }
  }

  private route(ctx: Ctx): Reply {
    const segs = ctx.pathname.split('/').slice(1);
    // POST /{tenant}/oauth2/v2.0/token
    if (segs.length === 4 && segs[1] === 'oauth2' && segs[2] === 'v2.0' && segs[3] === 'token') {
      return this.tokenEndpoint(ctx, safeDecode(segs[0]) ?? '');
    }
    if (segs[0] !== 'v1.0') return segmentNotFound(segs[0] ?? '');

    if (this.throttle) {
      this.v1Count++;
      if (this.v1Count % this.throttle.every === 0) {
        return graphErrorReply(429, 'TooManyRequests', 'Too many requests. Please retry again later.', {
          'retry-after': this.throttle.retryAfter,
        });
      }
    }
    const caller = ctx.caller ?? this.authenticate(ctx);
    const rest = segs.slice(1).map((s) => {
      const d = safeDecode(s);
      if (d === undefined) throw badRequest('The request URI is not valid: a path segment is badly percent-encoded.', 'BadRequest');
      return d;
    });
    if (rest.length === 0 || rest[0] === '') return segmentNotFound('');

    if (rest[0] === 'me' && rest.length === 1) {
      allow(ctx, ['GET']);
      if (caller.kind !== 'delegated') {
        throw badRequest('/me request is only valid with delegated authentication flow.');
      }
      return this.getUser(ctx, caller.userId);
    }
    if (rest[0] !== 'users') return segmentNotFound(rest[0]);
    if (rest.length === 1) {
      allow(ctx, ['GET']);
      return this.listUsers(ctx);
    }
    const key = rest[1];
    if (rest.length === 2) {
      allow(ctx, ['GET', 'PATCH']);
      if (ctx.method === 'GET') return this.getUser(ctx, key);
      return this.patchUser(ctx, caller, key);
    }
    if (rest.length === 3 && rest[2] === 'memberOf') {
      allow(ctx, ['GET']);
      return this.memberOf(ctx, key, false);
    }
    if (rest.length === 4 && rest[2] === 'memberOf' && rest[3] === 'microsoft.graph.directoryRole') {
      allow(ctx, ['GET']);
      return this.memberOf(ctx, key, true);
    }
    if (rest.length === 3 && rest[2] === 'revokeSignInSessions') {
      allow(ctx, ['POST']);
      return this.revoke(ctx, caller, key);
    }
    if (
      rest.length === 6 && rest[2] === 'authentication' && rest[3] === 'methods' && rest[4] === PASSWORD_METHOD_ID &&
      rest[5] === 'resetPassword'
    ) {
      allow(ctx, ['POST']);
      return this.resetPassword(ctx, caller, key);
    }
    if (rest.length === 5 && rest[2] === 'authentication' && rest[3] === 'operations') {
      allow(ctx, ['GET']);
      return this.getOperation(ctx, key, rest[4]);
    }
    const unknown = rest.slice(2).find((s) => !['authentication', 'methods', 'operations', PASSWORD_METHOD_ID].includes(s));
    return segmentNotFound(unknown ?? rest[rest.length - 1]);
  }

  private authenticate(ctx: Ctx): Caller {
    const h = ctx.req.headers.authorization;
    const m = /^Bearer (.*)$/i.exec(h ?? '');
    const token = m ? m[1].trim() : '';
    const challenge = {
      'www-authenticate': `Bearer realm="", authorization_uri="${this.url}/${this.tenantId}/oauth2/v2.0/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    };
    if (!token) {
      throw new HttpError(graphErrorReply(401, 'InvalidAuthenticationToken', 'Access token is empty.', challenge));
    }
    const caller = this.tokens.get(token);
    if (caller) return caller;
    const userId = this.expired.has(token) ? undefined : this.acceptToken?.(token, ctx.record);
    if (userId) return { kind: 'delegated', userId };
    if (this.expired.has(token)) {
      throw new HttpError(graphErrorReply(401, 'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.', challenge));
    }
    throw new HttpError(graphErrorReply(401, 'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.', challenge));
  }

  /** Keeps at most MAX_APP_TOKENS tokens from the token endpoint; the oldest go first, delegated ones stay. */
  private forgetOldAppTokens(): void {
    let apps = 0;
    for (const c of this.tokens.values()) if (c.kind === 'app') apps++;
    for (const [t, c] of this.tokens) {
      if (apps <= MAX_APP_TOKENS) break;
      if (c.kind === 'app') {
        this.tokens.delete(t);
        apps--;
      }
    }
  }

  private callerRoles(caller: Caller): readonly string[] {
    if (caller.kind === 'app') return this.appRoles;
    return this.users.get(caller.userId)?.roles ?? [];
  }

  private findUser(key: string): DemoUser | undefined {
    const byId = this.users.get(key) ?? this.users.get(key.toLowerCase());
    if (byId) return byId;
    if (!key.includes('@')) return undefined;
    const lower = key.toLowerCase();
    for (const u of this.users.values()) if (u.userPrincipalName.toLowerCase() === lower) return u;
    return undefined;
  }

  private requireUser(key: string): DemoUser {
    const u = this.findUser(key);
    if (!u) throw notFound(key);
    return u;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Query options

  private parseQuery(ctx: Ctx, allowed: ReadonlySet<string>): ParsedQuery {
    const options = new Map<string, string>();
    const segments: { name: string; raw: string }[] = [];
    for (const raw of ctx.rawQuery.split('&')) {
      if (!raw) continue;
      const eq = raw.indexOf('=');
      const name = decodeComponent(eq < 0 ? raw : raw.slice(0, eq));
      const value = decodeComponent(eq < 0 ? '' : raw.slice(eq + 1));
      if (name === undefined || value === undefined) {
        throw badRequest('The query string is badly percent-encoded.', 'BadRequest');
      }
      if (!name.startsWith('$')) continue; // Graph ignores custom query parameters
      if (name === '$skip') throw badRequest("'$skip' is not supported by the service.");
      if (!allowed.has(name)) {
        throw badRequest(`The query parameter '${name}' is not supported.`, 'BadRequest');
      }
      if (options.has(name)) {
        throw badRequest(`Query option '${name}' was specified more than once, but it must be specified at most once.`, 'BadRequest');
      }
      options.set(name, value);
      segments.push({ name, raw });
    }
    if (options.has('$expand')) {
      throw badRequest("Expand is not supported by this test directory's users.", 'Request_UnsupportedQuery');
    }
    return { options, segments };
  }

  private parseSelect(value: string | undefined, known: ReadonlySet<string>, type: string): string[] | undefined {
    if (value === undefined) return undefined;
    const names = value.split(',').map((s) => s.trim());
    if (names.length === 1 && names[0] === '') return undefined;
    const out: string[] = [];
    for (const name of names) {
      if (!known.has(name)) {
        throw badRequest(`Could not find a property named '${name}' on type '${type}'.`);
      }
      if (!out.includes(name)) out.push(name);
    }
    return out;
  }

  private project(u: DemoUser, select: readonly string[] | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const rec = u as unknown as Record<string, unknown>;
    for (const p of select ?? DEFAULT_USER_PROPERTIES) {
      if (p === 'identities') out[p] = u.identities.map((i) => ({ ...i }));
      else if (p === 'mailNickname') out[p] = u.userPrincipalName.split('@')[0];
      else if (HELD_PROPERTIES.has(p)) out[p] = rec[p] ?? null;
      else out[p] = COLLECTION_PROPERTIES.has(p) ? [] : null;
    }
    return out;
  }

  private sortedUsers(): DemoUser[] {
    if (this.sorted && this.sorted.version === this.users.version) return this.sorted.list;
    const keyed = Array.from(this.users.values(), (u) => ({ k: u.displayName.toLowerCase(), u }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.u.id < b.u.id ? -1 : a.u.id > b.u.id ? 1 : 0));
    const list = keyed.map((x) => x.u);
    this.sorted = { version: this.users.version, list };
    this.listCache.clear();
    return list;
  }

  private listUsers(ctx: Ctx): Reply {
    const allowed = new Set(['$select', '$filter', '$search', '$top', '$count', '$orderby', '$expand', '$skiptoken']);
    const { options, segments } = this.parseQuery(ctx, allowed);

    const topRaw = options.get('$top');
    let top = 100;
    if (topRaw !== undefined) {
      const n = /^\d{1,9}$/.test(topRaw.trim()) ? Number(topRaw.trim()) : NaN;
      if (!(n >= 1 && n <= 999)) {
        throw badRequest(`Invalid page size specified: '${topRaw}'. Must be between 1 and 999 inclusive.`, 'Request_UnsupportedQuery');
      }
      top = n;
    }
    const select = this.parseSelect(options.get('$select'), USER_PROPERTIES, 'microsoft.graph.user');

    const eventual = (ctx.req.headers['consistencylevel'] ?? '').toString().trim().toLowerCase() === 'eventual';
    const countRaw = options.get('$count');
    if (countRaw !== undefined && countRaw !== 'true' && countRaw !== 'false') {
      throw badRequest(`The value '${countRaw}' is not valid for $count: use true or false.`, 'BadRequest');
    }
    const search = options.get('$search');
    let searchExpr: SearchExpr | undefined;
    if (search !== undefined) {
      if (!eventual) {
        throw badRequest(
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
          'Request_UnsupportedQuery');
      }
      searchExpr = parseSearch(search);
    }
    const filter = options.get('$filter');
    const filterExpr = filter !== undefined ? parseFilter(filter) : undefined;
    const orderby = options.get('$orderby');
    let descending = false;
    if (orderby !== undefined) {
      const m = /^\s*displayName(?:\s+(asc|desc))?\s*$/.exec(orderby);
      if (!m) throw badRequest(`Sorting by '${orderby}' is not supported.`, 'Request_UnsupportedQuery');
      descending = m[1] === 'desc';
    }

    // The result list for this query, cached until the users change.
    const listKey = JSON.stringify([filter ?? null, search ?? null, descending]);
    const all = this.sortedUsers();
    let cached = this.listCache.get(listKey);
    if (!cached || cached.version !== this.users.version) {
      let list = all;
      if (filterExpr || searchExpr) {
        list = all.filter((u) => (!filterExpr || filterMatches(u, filterExpr)) && (!searchExpr || searchMatches(u, searchExpr)));
      }
      if (descending) list = [...list].reverse();
      cached = { version: this.users.version, list };
      this.listCache.delete(listKey);
      this.listCache.set(listKey, cached);
      if (this.listCache.size > MAX_CACHED_QUERIES) this.listCache.delete(this.listCache.keys().next().value as string);
    } else {
      // refresh LRU position
      this.listCache.delete(listKey);
      this.listCache.set(listKey, cached);
    }
    const list = cached.list;

    // A skiptoken is bound to every query option but $count and itself (kept as a digest: a fixed size per token).
    const bound = createHash('sha256')
      .update(JSON.stringify([listKey, options.get('$select') ?? null, top, orderby ?? null]))
      .digest('base64url');
    let offset = 0;
    const skipToken = options.get('$skiptoken');
    if (skipToken !== undefined) {
      const entry = this.skipTokens.get(skipToken);
      if (!entry || entry.bound !== bound) throw badRequest('Invalid skip token');
      offset = entry.offset;
    }

    const page = list.slice(offset, offset + top);
    const body: Record<string, unknown> = {
      '@odata.context': `${this.url}/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}`,
    };
    if (countRaw === 'true' && eventual && skipToken === undefined) body['@odata.count'] = list.length;
    if (offset + top < list.length) {
      const token = randomBytes(24).toString('base64url');
      this.skipTokens.set(token, { offset: offset + top, bound });
      while (this.skipTokens.size > MAX_SKIPTOKENS) this.skipTokens.delete(this.skipTokens.keys().next().value as string);
      const carried = segments.filter((s) => s.name !== '$count' && s.name !== '$skiptoken').map((s) => s.raw);
      carried.push(`$skiptoken=${token}`);
      body['@odata.nextLink'] = `${this.url}/v1.0/users?${carried.join('&')}`;
    }
    body.value = page.map((u) => this.project(u, select));
    return { status: 200, body };
  }

  private getUser(ctx: Ctx, key: string): Reply {
    const { options } = this.parseQuery(ctx, new Set(['$select', '$expand']));
    const select = this.parseSelect(options.get('$select'), USER_PROPERTIES, 'microsoft.graph.user');
    const u = this.requireUser(key);
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}/$entity`,
        ...this.project(u, select),
      },
    };
  }

  private memberOf(ctx: Ctx, key: string, cast: boolean): Reply {
    const { options } = this.parseQuery(ctx, new Set(['$select', '$top', '$skiptoken', '$count', '$filter', '$search']));
    if (options.has('$filter') || options.has('$search')) {
      throw badRequest('Filtering the directory roles of a user is not supported by this test directory.', 'Request_UnsupportedQuery');
    }
    const select = this.parseSelect(options.get('$select'), DIRECTORY_ROLE_PROPERTIES, 'microsoft.graph.directoryRole');
    const u = this.requireUser(key);
    const value = u.roles.map((name) => {
      const full: Record<string, unknown> = {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: hashGuid(`role:${name}`),
        deletedDateTime: null,
        description: null,
        displayName: name,
        roleTemplateId: ROLE_TEMPLATE_IDS[name] ?? hashGuid(`template:${name}`),
      };
      if (!select) return full;
      const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.directoryRole' };
      for (const p of select) out[p] = full[p];
      return out;
    });
    return {
      status: 200,
      body: { '@odata.context': `${this.url}/v1.0/$metadata#${cast ? 'directoryRoles' : 'directoryObjects'}`, value },
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writes

  private jsonBody(ctx: Ctx, allowEmpty: boolean): Record<string, unknown> {
    if (ctx.body.length === 0 && allowEmpty) return {};
    const type = (ctx.req.headers['content-type'] ?? '').toString().split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      throw new HttpError(graphErrorReply(415, 'UnsupportedMediaType',
        `The content type '${type || '(none)'}' is not supported; send application/json.`));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(ctx.body.toString('utf8'));
    } catch {
      throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest('Unable to read JSON request payload: the payload must be a JSON object.');
    }
    return parsed as Record<string, unknown>;
  }

  private patchUser(ctx: Ctx, caller: Caller, key: string): Reply {
    this.parseQuery(ctx, new Set());
    const body = this.jsonBody(ctx, false);
    const u = this.requireUser(key);
    for (const k of Object.keys(body)) {
      if (k !== 'passwordProfile' && k !== 'accountEnabled') {
        if (USER_PROPERTIES.has(k)) {
          throw badRequest(`Updating '${k}' is not supported by this test directory.`);
        }
        throw badRequest(`Property '${k}' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type.`);
      }
    }
    let profile: { password?: string; force?: boolean; forceMfa?: boolean } | undefined;
    if ('passwordProfile' in body) {
      const pp = body.passwordProfile;
      if (typeof pp !== 'object' || pp === null || Array.isArray(pp)) {
        throw badRequest("Invalid value specified for property 'passwordProfile' of resource 'User'.");
      }
      const rec = pp as Record<string, unknown>;
      for (const k of Object.keys(rec)) {
        if (!['password', 'forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa'].includes(k)) {
          throw badRequest(`Property '${k}' does not exist on type 'microsoft.graph.passwordProfile'.`);
        }
      }
      if (rec.password !== undefined && typeof rec.password !== 'string') {
        throw badRequest("Invalid value specified for property 'password' of resource 'PasswordProfile'.");
      }
      for (const k of ['forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa']) {
        if (rec[k] !== undefined && typeof rec[k] !== 'boolean') {
          throw badRequest(`Invalid value specified for property '${k}' of resource 'PasswordProfile'.`);
        }
      }
      profile = {
        password: rec.password as string | undefined,
        force: rec.forceChangePasswordNextSignIn as boolean | undefined,
        forceMfa: rec.forceChangePasswordNextSignInWithMfa as boolean | undefined,
      };
    }
    if ('accountEnabled' in body && typeof body.accountEnabled !== 'boolean') {
      throw badRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.");
    }
    if (Object.keys(body).length === 0) return { status: 204 };

    if (!mayReset(this.callerRoles(caller), u.roles)) throw forbidden();
    if (profile && u.onPremisesSyncEnabled === true) {
      throw badRequest('Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.');
    }
    if (profile?.password !== undefined && checkEntraPasswordPolicy(profile.password) !== undefined) {
      throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
    }
    // Everything is valid: apply.
    if (typeof body.accountEnabled === 'boolean') u.accountEnabled = body.accountEnabled;
    if (profile?.password !== undefined) {
      u.password = profile.password;
      u.lastPasswordChangeDateTime = isoNow();
      const reset: RecordedReset = {
        userId: u.id,
        password: profile.password,
        forceChangePasswordNextSignIn: profile.force ?? false,
        method: 'passwordProfile',
        at: Date.now(),
      };
      if (profile.forceMfa !== undefined) reset.forceChangePasswordNextSignInWithMfa = profile.forceMfa;
      this.recordReset(reset);
    }
    return { status: 204 };
  }

  private revoke(ctx: Ctx, caller: Caller, key: string): Reply {
    this.parseQuery(ctx, new Set());
    const u = this.requireUser(key);
    if (!mayReset(this.callerRoles(caller), u.roles)) throw forbidden();
    if (this.recording) this.revocations.push({ userId: u.id, at: Date.now() });
    return { status: 200, body: { '@odata.context': `${this.url}/v1.0/$metadata#Edm.Boolean`, value: true } };
  }

  private resetPassword(ctx: Ctx, caller: Caller, key: string): Reply {
    this.parseQuery(ctx, new Set());
    const u = this.requireUser(key);
    if (caller.kind !== 'delegated') throw forbidden(); // delegated permission only
    if (caller.userId === u.id) {
      throw badRequest('You cannot reset your own password with this method; use changePassword instead.');
    }
    if (!mayReset(this.callerRoles(caller), u.roles)) throw forbidden();
    const body = this.jsonBody(ctx, true);
    for (const k of Object.keys(body)) {
      if (k !== 'newPassword') {
        throw badRequest(`Property '${k}' does not exist on type 'microsoft.graph.passwordResetResponse'.`);
      }
    }
    const given = body.newPassword;
    if (given !== undefined && given !== null && typeof given !== 'string') {
      throw badRequest("Invalid value specified for property 'newPassword'.");
    }
    let password: string;
    const generated = given === undefined || given === null;
    if (generated) {
      if (u.onPremisesSyncEnabled === true) {
        throw badRequest('This user is synchronized from on-premises: password writeback requires newPassword in the request body.');
      }
      password = systemGeneratedPassword();
    } else {
      if (checkEntraPasswordPolicy(given) !== undefined) {
        throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
      }
      password = given;
    }
    const now = isoNow();
    const op: Operation = {
      id: randomUUID(), userId: u.id, password, polls: 0, status: 'notStarted', statusDetail: null,
      createdDateTime: now, lastActionDateTime: now,
    };
    this.operations.set(op.id, op);
    while (this.operations.size > MAX_OPERATIONS) this.operations.delete(this.operations.keys().next().value as string);
    const headers = {
      location: `${this.url}/v1.0/users/${u.id}/authentication/operations/${op.id}`,
      'retry-after': this.operationRetryAfter,
    };
    const replyBody = generated
      ? { '@odata.context': `${this.url}/v1.0/$metadata#microsoft.graph.passwordResetResponse`, newPassword: password }
      : {};
    return { status: 202, headers, body: replyBody };
  }

  private getOperation(ctx: Ctx, key: string, opId: string): Reply {
    this.parseQuery(ctx, new Set(['$select']));
    const u = this.requireUser(key);
    const op = this.operations.get(opId);
    if (!op || op.userId !== u.id) throw notFound(opId);
    if (op.status !== 'succeeded' && op.status !== 'failed') {
      op.polls++;
      op.lastActionDateTime = isoNow();
      if (op.polls <= this.operationPolls) {
        op.status = 'running';
      } else if (this.failOperations) {
        op.status = 'failed';
        op.statusDetail = 'The password could not be reset: the directory reported an internal error.';
      } else {
        op.status = 'succeeded';
        const target = this.users.get(op.userId);
        if (target) {
          target.password = op.password;
          target.lastPasswordChangeDateTime = op.lastActionDateTime;
        }
        this.recordReset({
          userId: op.userId, password: op.password, forceChangePasswordNextSignIn: true, method: 'resetPassword', at: Date.now(),
        });
      }
    }
    const finished = op.status === 'succeeded' || op.status === 'failed';
    return {
      status: 200,
      headers: finished ? {} : { 'retry-after': this.operationRetryAfter },
      body: {
        '@odata.context': `${this.url}/v1.0/$metadata#users('${u.id}')/authentication/operations/$entity`,
        id: op.id,
        createdDateTime: op.createdDateTime,
        lastActionDateTime: op.lastActionDateTime,
        status: op.status,
        statusDetail: op.statusDetail,
        resourceLocation: `${this.url}/v1.0/users/${u.id}/authentication/passwordMethods/${PASSWORD_METHOD_ID}`,
      },
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Token endpoint (Entra ID's v2.0 client credentials)

  private tokenEndpoint(ctx: Ctx, tenant: string): Reply {
    if (ctx.method !== 'POST') {
      return entraError(405, 'invalid_request', 900561,
        'AADSTS900561: The endpoint only accepts POST requests.');
    }
    const tenantOk = tenant.toLowerCase() === this.tenantId.toLowerCase() || tenant.toLowerCase() === DEMO_TENANT_DOMAIN;
    if (!tenantOk) {
      return entraError(400, 'invalid_request', 90002,
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const type = (ctx.req.headers['content-type'] ?? '').toString().split(';')[0].trim().toLowerCase();
    const form = type === 'application/x-www-form-urlencoded' ? new URLSearchParams(ctx.body.toString('utf8')) : new URLSearchParams();
    const grant = form.get('grant_type');
    if (!grant) {
      return entraError(400, 'invalid_request', 900144,
        "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
    }
    if (grant !== 'client_credentials') {
      return entraError(400, 'unsupported_grant_type', 70003,
        `AADSTS70003: The app requested an unsupported grant type '${grant}'.`);
    }
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec((ctx.req.headers.authorization ?? '').toString());
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId = clientId ?? decodeComponent(decoded.slice(0, colon)) ?? null;
        secret = secret ?? decodeComponent(decoded.slice(colon + 1)) ?? null;
      }
    }
    if (!clientId) {
      return entraError(400, 'invalid_request', 900144,
        "AADSTS900144: The request body must contain the following parameter: 'client_id'.");
    }
    if (clientId !== this.clientId) {
      return entraError(400, 'unauthorized_client', 700016,
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${DEMO_TENANT_DOMAIN}'.`);
    }
    const scope = form.get('scope');
    if (scope !== `${this.url}/.default`) {
      return entraError(400, 'invalid_scope', 1002012,
        `AADSTS1002012: The provided value for scope ${scope ?? '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    if (!secret) {
      return entraError(401, 'invalid_client', 7000216,
        "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    }
    if (secret !== this.clientSecret) {
      return entraError(401, 'invalid_client', 7000215,
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.clientId}'.`);
    }
    const token = newToken();
    this.tokens.set(token, { kind: 'app' });
    this.forgetOldAppTokens();
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
    };
  }
}

function entraError(status: number, error: string, code: number, description: string): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: {
      error,
      error_description: `${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function segmentNotFound(segment: string): Reply {
  return graphErrorReply(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

function allow(ctx: Ctx, methods: string[]): void {
  if (!methods.includes(ctx.method)) {
    throw new HttpError(graphErrorReply(405, 'Request_BadRequest',
      `The HTTP method '${ctx.method}' is not allowed on this resource.`, { allow: methods.join(', ') }));
  }
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const CONSONANTS = 'bcdfghjklmnprstvwxyz';
const VOWELS = 'aeiou';

/** Like Graph's system-generated passwords ("Cuyo5459"): a pronounceable capitalised syllable pair and 4 digits. */
export function systemGeneratedPassword(): string {
  const c = () => CONSONANTS[randomInt(CONSONANTS.length)];
  const v = () => VOWELS[randomInt(VOWELS.length)];
  const letters = c().toUpperCase() + v() + c() + v();
  return letters + String(randomInt(10_000)).padStart(4, '0');
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

/** Starts a Graph-compatible directory on 127.0.0.1 (random port). */
export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphServer> {
  const server = new GraphServerImpl(options);
  await server.listen();
  return server;
}
