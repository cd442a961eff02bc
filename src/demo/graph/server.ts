// A Microsoft Graph-compatible directory on 127.0.0.1: the extension's offline demo directory and the test
// directory of every test. It is as strict as Graph wherever the extension depends on Graph (query options,
// $search syntax and its header, paging by opaque nextLink, error shapes, who may reset whom, password policy,
// the resetPassword long-running operation), because a test directory more lenient than Graph hides bugs.
// Node built-ins only; no 'vscode'. Logs nothing: passwords pass through here and must never reach any output.
// Facts: /work/shared/reference/graph-api.md. The server and its routing; routes, OData and tokens are next to it.
// Faults and recording (faults.ts, recording.ts) come only from tests through TestInstruments.

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { FIXED_USERS, seedUsers } from '../seed';
import { Tokens, type Caller } from './auth';
import type { Fault, FaultInjector } from './faults';
import {
  allow,
  badRequest,
  delay,
  graphErrorReply,
  HttpError,
  makeCtx,
  parseRawQuery,
  readBody,
  safeDecode,
  segmentNotFound,
  send,
  type Ctx,
  type Reply,
} from './http';
import type { Recorder } from './recording';
import { Operations } from './routes/operations';
import { AuditLog } from './routes/auditLog';
import { resetPassword } from './routes/resetPassword';
import { roleRoute } from './routes/roles';
import { temporaryAccessPassMethods, type TapDirectory } from './routes/temporaryAccessPass';
import { tokenEndpoint } from './routes/token';
import { UserRoutes } from './routes/users';
import {
  PASSWORD_METHOD_ID,
  type DemoAdministrativeUnit,
  type DemoGroup,
  type GraphServer,
  type GraphServerOptions,
  type RecordedRequest,
  type RecordedReset,
  type RecordedTemporaryAccessPass,
} from './types';
import { DemoUserMap } from './userType';
import { demoTapPolicy, demoTemporaryAccessPasses, type StoredTap, type TapPolicy } from './temporaryAccessPassPolicy';

/** What tests add (faults.ts, recording.ts); handed in by startGraphServer() and the tests' demo. */
export interface TestInstruments {
  readonly recorder: Recorder;
  readonly faults: FaultInjector;
}

export class GraphServerImpl implements GraphServer, TapDirectory {
  url = '';
  readonly users = new DemoUserMap();
  appRoles: string[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  readonly auth: Tokens;
  readonly tapPolicy: TapPolicy;
  readonly temporaryAccessPasses: Map<string, StoredTap>;
  readonly groups: DemoGroup[];
  readonly administrativeUnits: DemoAdministrativeUnit[];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly recorder?: Recorder;
  private readonly faults?: FaultInjector;
  private readonly userRoutes = new UserRoutes(this);
  private readonly auditLog = new AuditLog(this);
  private readonly operations: Operations;
  private currentDelegatedToken = '';
  private v1Count = 0;
  private readonly delegatedCallerId: string;
  private readonly latencyMs: number;
  private readonly throttle: { every: number; retryAfter: string } | undefined;

  constructor(options: GraphServerOptions, instruments?: TestInstruments) {
    for (const u of options.users ?? seedUsers()) {
      if (this.users.has(u.id)) throw new Error(`Duplicate user id ${u.id}`);
      this.users.set(u.id, { ...u, roles: [...u.roles], identities: u.identities.map((i) => ({ ...i })) });
    }
    this.delegatedCallerId = options.delegatedCallerId ?? FIXED_USERS.demoOperator;
    [this.groups, this.administrativeUnits] = [options.groups ?? [], options.administrativeUnits ?? []];
    this.appRoles = [...(options.appRoles ?? ['User Administrator'])];
    this.tapPolicy = { ...demoTapPolicy(), ...options.tapPolicy };
    this.temporaryAccessPasses = new Map(options.temporaryAccessPasses ?? demoTemporaryAccessPasses());
    this.clientId = options.clientId ?? randomUUID();
    this.clientSecret = options.clientSecret ?? randomBytes(30).toString('base64url');
    this.tenantId = options.tenantId ?? randomUUID();
    this.operations = new Operations(
      this,
      Math.max(0, options.operationPolls ?? 1),
      options.operationRetryAfter ?? '0.1',
      options.failOperations ?? false,
    );
    this.latencyMs = options.latencyMs ?? 0;
    this.throttle = options.throttle && options.throttle.every > 0 ? options.throttle : undefined;
    this.recorder = instruments?.recorder;
    this.faults = instruments?.faults;
    this.auth = new Tokens(options.acceptToken);
    this.currentDelegatedToken = this.issueDelegatedToken();
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // Never crash or print on a client's socket error.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  // For the host suite's secrets test (test/host/security.test.ts); not part of the GraphServer interface.
  get tokens(): ReadonlyMap<string, Caller> {
    return this.auth.issued;
  }

  get expired(): ReadonlySet<string> {
    return this.auth.expired;
  }

  get delegatedToken(): string {
    return this.currentDelegatedToken;
  }

  get requests(): RecordedRequest[] {
    return this.recorder?.requests ?? [];
  }

  get resets(): RecordedReset[] {
    return this.recorder?.resets ?? [];
  }

  get revocations(): { userId: string; at: number }[] {
    return this.recorder?.revocations ?? [];
  }

  get issuedPasses(): RecordedTemporaryAccessPass[] {
    return this.recorder?.issuedPasses ?? [];
  }

  get recording(): boolean {
    return this.recorder?.recording ?? false;
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
    if (!this.faults) throw new Error('This directory takes no faults: only a test directory (startGraphServer) does.');
    this.faults.inject(fault);
  }

  expireTokens(): void {
    this.auth.expireAll();
    this.currentDelegatedToken = this.issueDelegatedToken();
  }

  issueDelegatedToken(userId: string = this.delegatedCallerId): string {
    return this.auth.issue({ kind: 'delegated', userId });
  }

  usersChanged(): void {
    this.users.version++;
  }

  clearRequests(): void {
    this.recorder?.clearRequests();
  }

  retained(): ReturnType<GraphServer['retained']> {
    return {
      requests: this.requests.length,
      resets: this.resets.length,
      revocations: this.revocations.length,
      issuedPasses: this.issuedPasses.length,
      operations: this.operations.size,
      skipTokens: this.userRoutes.skipTokenCount,
      ...this.auth.size,
    };
  }

  recordReset(reset: RecordedReset): void {
    this.recorder?.reset(reset);
  }

  recordRevocation(userId: string): void {
    this.recorder?.revocation(userId);
  }

  recordTemporaryAccessPass(entry: Omit<RecordedTemporaryAccessPass, 'at'>): void {
    this.recorder?.temporaryAccessPass(entry);
  }

  readonly audit = (activity: string, userId: string, caller: Caller) => this.auditLog.add(activity, userId, caller);

  setDelegatedCallerRoles(roles: readonly string[]): void {
    const u = this.users.get(this.delegatedCallerId);
    if (u) u.roles = [...roles];
  }

  callerRoles(caller: Caller): readonly string[] {
    if (caller.kind === 'app') return this.appRoles;
    return this.users.get(caller.userId)?.roles ?? [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
    });
  }

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
    const query = parseRawQuery(rawQuery);
    const requestId = randomUUID();
    const crid = req.headers['client-request-id'];
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: pathname,
      query,
      rawQuery,
      search: q < 0 ? '' : `?${rawQuery}`,
      headers,
      status: 0,
      at,
      requestId,
    };
    this.recorder?.request(record);

    // The token is checked before anything else is done for the request, its body is not even read: a request
    // without a valid token costs nothing to keep (the demo directory listens on 127.0.0.1, open to every
    // process of this machine).
    let caller: Caller | undefined;
    if (pathname === '/v1.0' || pathname.startsWith('/v1.0/')) {
      const ctx0 = makeCtx(req, res, pathname, rawQuery, Buffer.alloc(0), requestId, crid, record);
      try {
        caller = this.authenticate(ctx0);
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        const reply = e.reply;
        send(ctx0, { ...reply, headers: { ...reply.headers, connection: 'close' } });
        return;
      }
    }

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      // Too large or aborted.
      if (!res.headersSent && !req.destroyed) {
        const ctx0 = makeCtx(req, res, pathname, rawQuery, Buffer.alloc(0), requestId, crid, record);
        send(ctx0, graphErrorReply(413, 'Request_BadRequest', 'The request body is too large.'));
      }
      return;
    }
    const ctx = makeCtx(req, res, pathname, rawQuery, body, requestId, crid, record);
    ctx.caller = caller;
    try {
      if (this.latencyMs > 0) await delay(this.latencyMs);

      if (this.faults?.answer(ctx, () => this.handle(ctx))) return;
      send(ctx, this.handle(ctx));
    } catch {
      if (!res.headersSent) send(ctx, graphErrorReply(500, 'UnknownError', 'An internal error occurred.'));
      else res.destroy();
    }
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
      return tokenEndpoint(this, ctx, safeDecode(segs[0]) ?? '');
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
      if (d === undefined)
        throw badRequest('The request URI is not valid: a path segment is badly percent-encoded.', 'BadRequest');
      return d;
    });
    if (rest.length === 0 || rest[0] === '') return segmentNotFound('');

    if (rest[0] === 'me' && rest.length === 1) {
      allow(ctx, ['GET']);
      if (caller.kind !== 'delegated') {
        throw badRequest('/me request is only valid with delegated authentication flow.');
      }
      return this.userRoutes.getUser(ctx, caller.userId);
    }
    const read = roleRoute(this, ctx, caller, rest.join('/')) ?? this.auditLog.route(ctx, caller, rest.join('/'));
    if (read) return read;
    if (rest[0] !== 'users') return segmentNotFound(rest[0]);
    if (rest.length === 1) {
      allow(ctx, ['GET']);
      return this.userRoutes.listUsers(ctx);
    }
    const key = rest[1];
    if (rest.length === 2) {
      allow(ctx, ['GET', 'PATCH']);
      if (ctx.method === 'GET') return this.userRoutes.getUser(ctx, key);
      return this.userRoutes.patchUser(ctx, caller, key);
    }
    if (rest.length === 3 && (rest[2] === 'memberOf' || rest[2] === 'transitiveMemberOf')) {
      allow(ctx, ['GET']);
      return this.userRoutes.memberOf(ctx, key, false, rest[2] === 'transitiveMemberOf');
    }
    if (rest.length === 4 && rest[2] === 'memberOf' && rest[3] === 'microsoft.graph.directoryRole') {
      allow(ctx, ['GET']);
      return this.userRoutes.memberOf(ctx, key, true);
    }
    if (rest.length === 3 && rest[2] === 'revokeSignInSessions') {
      allow(ctx, ['POST']);
      return this.userRoutes.revoke(ctx, caller, key);
    }
    if (
      rest.length === 6 &&
      rest[2] === 'authentication' &&
      rest[3] === 'methods' &&
      rest[4] === PASSWORD_METHOD_ID &&
      rest[5] === 'resetPassword'
    ) {
      allow(ctx, ['POST']);
      return resetPassword(this, this.operations, ctx, caller, key);
    }
    if (
      rest.length >= 4 &&
      rest.length <= 5 &&
      rest[2] === 'authentication' &&
      rest[3] === 'temporaryAccessPassMethods'
    ) {
      allow(ctx, rest.length === 4 ? ['GET', 'POST'] : ['GET', 'DELETE']);
      return temporaryAccessPassMethods(this, ctx, caller, key, rest[4]);
    }
    if (rest.length === 5 && rest[2] === 'authentication' && rest[3] === 'operations') {
      allow(ctx, ['GET']);
      return this.operations.getOperation(ctx, key, rest[4]);
    }
    const unknown = rest
      .slice(2)
      .find(
        (s) =>
          !['authentication', 'methods', 'operations', 'temporaryAccessPassMethods', PASSWORD_METHOD_ID].includes(s),
      );
    return segmentNotFound(unknown ?? rest[rest.length - 1]);
  }

  private authenticate(ctx: Ctx): Caller {
    return this.auth.authenticate(ctx, this.url, this.tenantId);
  }
}
