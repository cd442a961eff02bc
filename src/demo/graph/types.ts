// The test directory's public types: its options, what it records, and the handle startGraphServer() returns.

import type { Fault } from './faults';
import type { DemoUser } from '../seed';
import type { DemoUserMap } from './userType';
import type { StoredTap, TapPolicy } from './temporaryAccessPassPolicy';

/** The id of Graph's password authentication method (the same in every tenant). */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

/** A group of the test directory (only what the pre-flight check reads: role-assignable groups and their roles). */
export interface DemoGroup {
  readonly id: string;
  readonly displayName: string;
  readonly isAssignableToRole: boolean;
  /** User ids. */
  readonly members: readonly string[];
  /** Roles assigned to the group, tenant-wide: its members hold them. */
  readonly roles: readonly string[];
}

/** An administrative unit of the test directory, with the roles assigned at its scope. */
export interface DemoAdministrativeUnit {
  readonly id: string;
  readonly displayName: string;
  readonly isMemberManagementRestricted: boolean;
  /** User ids. */
  readonly members: readonly string[];
  /** Role assignments scoped to this unit: who holds which role over its members. */
  readonly scopedRoles: ReadonlyArray<{ readonly userId: string; readonly role: string }>;
}

export interface GraphServerOptions {
  /** Groups and administrative units (default none). */
  groups?: DemoGroup[];
  administrativeUnits?: DemoAdministrativeUnit[];
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
  /** Overrides of the tenant's Temporary Access Pass policy (default: demoTapPolicy()). */
  tapPolicy?: Partial<TapPolicy>;
  /** The passes users have when the server starts, by user id (default: demoTemporaryAccessPasses()). */
  temporaryAccessPasses?: Map<string, StoredTap>;
  /** Delay before answering each request. Default 0. */
  latencyMs?: number;
  /** Every `every`-th request to /v1.0 answers 429 TooManyRequests with `Retry-After: retryAfter`. */
  throttle?: { every: number; retryAfter: string };
  /**
   * startGraphServer(): keep every request, reset and revocation in `requests`, `resets` and `revocations`, for
   * tests to inspect. Default true. startDemoDirectory() (the extension's demo) has no record at all unless a test
   * hands it one, so a demo left open keeps no passwords and cannot be grown by requests from other processes.
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

/** A Temporary Access Pass the directory issued: a digest of the pass, never the pass. */
export interface RecordedTemporaryAccessPass {
  userId: string;
  /** SHA-256 of the pass, hex: a test compares it with the digest of the pass the provider returned. */
  passSha256: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  at: number;
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
  /** Replaces the active roles of the person a delegated token acts for (the demo's directoryReset.demo.signedInRoles). */
  setDelegatedCallerRoles(roles: readonly string[]): void;
  readonly requests: RecordedRequest[];
  readonly resets: RecordedReset[];
  /** POST revokeSignInSessions calls that succeeded. */
  readonly revocations: { userId: string; at: number }[];
  /** Temporary Access Passes issued (digests only). */
  readonly issuedPasses: RecordedTemporaryAccessPass[];
  /** The tenant's Temporary Access Pass policy; tests may change it. */
  readonly tapPolicy: TapPolicy;
  /** Each user's current pass (without the pass itself), by user id; tests may add or remove. */
  readonly temporaryAccessPasses: Map<string, StoredTap>;
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
  retained(): {
    requests: number;
    resets: number;
    revocations: number;
    issuedPasses: number;
    operations: number;
    skipTokens: number;
    tokens: number;
    expiredTokens: number;
  };
  clearRequests(): void;
  /** Resolves when closed; open sockets are destroyed. */
  close(): Promise<void>;
}
