// A JSON-over-HTTPS client for one directory API origin, on undici: bearer token from a TokenSource,
// one silent token refresh on 401, bounded retries that honour Retry-After, timeouts on connect,
// headers and body, an overall deadline per request (a server trickling a byte a second defeats the body
// timeout, which only bounds the pause between two chunks), cancellation, and one log line per request (method, path, status, duration,
// request-id; never a header value, a body, a password or a token).
import * as l10n from '@vscode/l10n';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { cancelledError, DirectoryError } from '../errors';
import type { AuthChallenge, Logger, TokenSource } from '../types';
import { parseClaimsChallenge } from './authChallenge';
import { parseRetryAfter, sleep } from './retryAfter';

export interface JsonClientOptions {
  /** Origin every request must go to, e.g. https://graph.microsoft.com. Other origins are refused. */
  readonly origin: string;
  readonly tokenSource: TokenSource;
  readonly logger: Logger;
  /** Retries after 429/503/504 (and network errors on safe requests). Default 3. */
  readonly maxRetries?: number;
  /** First backoff when the server sends no Retry-After; doubles each time. Default 1000 ms. */
  readonly backoffMs?: number;
  /** Longest single wait, whatever Retry-After says. Default 120 s. */
  readonly maxRetryDelayMs?: number;
  /** Time to open the connection (TCP and TLS). Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Time from sending the request to the answer's headers. Default 30 s. */
  readonly headersTimeoutMs?: number;
  /** Longest pause while the answer's body streams in. Default 30 s. */
  readonly bodyTimeoutMs?: number;
  /**
   * Overall deadline of one request, from sending it to the last byte of the answer (the setting
   * directoryReset.requestTimeoutSeconds). A request past it is abandoned and not sent again. Default 30 s.
   */
  readonly requestTimeoutMs?: number;
  /** Largest answer read; a bigger one is abandoned as a bad answer (a hostile or broken server). Default 20 MiB. */
  readonly maxBodyBytes?: number;
  /** Turns a non-2xx answer into a DirectoryError; the provider knows its API's error shape. */
  readonly mapError: (response: ErrorResponse) => DirectoryError;
}

export interface ErrorResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when the body was not JSON (e.g. a proxy's HTML page). */
  readonly json: unknown;
  readonly text: string;
  readonly requestId?: string;
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** A path on the origin ("/v1.0/users?...") or a full URL on the same origin (a nextLink). */
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * Which failures may be retried. 'safe': everything retryable (reads, idempotent writes).
   * 'refusedOnly': only answers that say the request was not processed (429, 503), because
   * repeating a non-idempotent request after a 504 or a dropped connection could apply it twice.
   */
  readonly retry?: 'safe' | 'refusedOnly';
  /** Consulted before the client's mapError: an operation's own reading of an error answer. */
  readonly mapError?: (response: ErrorResponse) => DirectoryError | undefined;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed body; undefined for an empty body (204, 202 without body); NOT_JSON when it was not JSON. */
  readonly json: unknown;
  /** The body as text (to tell a proxy's web page from other non-JSON answers). */
  readonly text?: string;
  readonly requestId?: string;
}

/** Timeouts are retried at most this many times: a server that hangs once usually hangs again. */
const TIMEOUT_RETRIES = 1;
const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Thrown inside sendOnce when the overall deadline passed (told apart from the person's own cancel). */
class DeadlineExceeded extends Error {}

export class JsonClient {
  private readonly agent: Agent;
  private readonly origin: string;
  /** Counts requests sent, for tests and the benchmark. */
  requestCount = 0;

  constructor(private readonly options: JsonClientOptions) {
    this.origin = new URL(options.origin).origin;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 30_000,
      keepAliveTimeout: 30_000,
      connections: 8,
    });
  }

  /** Resolves a path or same-origin URL; refuses any other origin so a token never leaves the directory. */
  resolve(url: string): URL {
    const resolved = new URL(url, this.origin);
    if (resolved.origin !== this.origin) {
      throw new DirectoryError(
        'badResponse',
        l10n.t(
          'The directory sent a link to another server ({0}); it was not followed, so your sign-in stays with {1}.',
          resolved.origin,
          this.origin,
        ),
        l10n.t('Report this to your directory administrator; refresh to try again.'),
      );
    }
    return resolved;
  }

  async send(req: JsonRequest): Promise<JsonResponse> {
    const url = this.resolve(req.url);
    const maxRetries = this.options.maxRetries ?? 3;
    let refreshedToken = false;
    let challenge: AuthChallenge | undefined;
    let attempt = 0;
    for (;;) {
      if (req.signal?.aborted) throw cancelledError();
      const token = await this.options.tokenSource.getToken({ refresh: refreshedToken, challenge, signal: req.signal });
      const outcome = await this.sendOnce(url, req, token);
      if (outcome.kind === 'response') {
        const res = outcome.response;
        if (res.status >= 200 && res.status < 300) return res;
        if (res.status === 401 && !refreshedToken) {
          // Expired or revoked token: one re-acquire, then give up (the mapper says "sign in"). A claims challenge
          // (Conditional Access, continuous access evaluation) goes to the token source: only it can satisfy one.
          refreshedToken = true;
          challenge = parseClaimsChallenge(res.headers['www-authenticate']);
          continue;
        }
        if (res.status === 401)
          this.options.tokenSource.rejected?.(parseClaimsChallenge(res.headers['www-authenticate']));
        const retryable =
          res.status === 429 || res.status === 503 || (res.status === 504 && req.retry !== 'refusedOnly');
        if (retryable && attempt < maxRetries) {
          await this.wait(attempt++, parseRetryAfter(res.headers['retry-after']), req.signal);
          continue;
        }
        const error = res;
        throw req.mapError?.(error) ?? this.options.mapError(error);
      }
      // No answer: a network error or a timeout. A request that surely never left is safe to send again;
      // one that may have arrived only when it is safe to repeat.
      const failure = outcome.error;
      const mayRepeat = req.retry !== 'refusedOnly' || failure.details.mayHaveArrived === false;
      const limit = isTimeout(failure.details.cause) ? Math.min(maxRetries, TIMEOUT_RETRIES) : maxRetries;
      if (mayRepeat && attempt < limit) {
        await this.wait(attempt++, undefined, req.signal);
        continue;
      }
      throw failure;
    }
  }

  private async wait(attempt: number, retryAfterMs: number | undefined, signal?: AbortSignal): Promise<void> {
    const backoff = (this.options.backoffMs ?? 1000) * 2 ** attempt;
    const delay = Math.min(retryAfterMs ?? backoff, this.options.maxRetryDelayMs ?? 120_000);
    this.options.logger.info(`Retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 2})`);
    try {
      await sleep(delay, signal);
    } catch {
      throw cancelledError();
    }
  }

  private async sendOnce(
    url: URL,
    req: JsonRequest,
    token: string,
  ): Promise<
    { kind: 'response'; response: JsonResponse & { text: string } } | { kind: 'failed'; error: DirectoryError }
  > {
    const started = performance.now();
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...req.headers,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json'; // SCIM asks for application/scim+json
    }
    const pathForLog = url.pathname;
    this.requestCount++;
    const deadlineMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), deadlineMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body,
        signal,
        dispatcher: this.agent,
      });
      const text = await readText(res, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const requestId = safeRequestId(headerValue(res.headers['request-id']));
      const ms = Math.round(performance.now() - started);
      this.options.logger.info(`${req.method} ${pathForLog} ${res.statusCode} ${ms}ms request-id=${requestId ?? '-'}`);
      if (text === TOO_LARGE) {
        throw badResponse(
          res.statusCode,
          l10n.t('an answer larger than {0}', formatBytes(this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)),
        );
      }
      return {
        kind: 'response',
        response: { status: res.statusCode, headers: res.headers, json: parseJson(text), text, requestId },
      };
    } catch (e) {
      if (e instanceof DirectoryError) throw e;
      const ms = Math.round(performance.now() - started);
      if (req.signal?.aborted) {
        this.options.logger.info(`${req.method} ${pathForLog} cancelled after ${ms}ms`);
        // The request was on its way or answered in part: whether the server acted on it is unknown.
        throw cancelledError({ mayHaveArrived: true });
      }
      if (deadline.signal.aborted) {
        this.options.logger.warn(
          `${req.method} ${pathForLog} abandoned after ${ms}ms: no complete answer within ${secondsText(deadlineMs)}`,
        );
        // Not sent again: a server that trickled its answer this slowly does it again.
        throw deadlineError(this.origin, deadlineMs);
      }
      this.options.logger.warn(`${req.method} ${pathForLog} failed after ${ms}ms: ${describeNetworkError(e)}`);
      return { kind: 'failed', error: networkError(e, this.origin) };
    } finally {
      clearTimeout(timer);
    }
  }

  async dispose(): Promise<void> {
    await this.agent.close();
  }
}

/** What a body that is not JSON looks like, in words: "a web page" (a proxy's) or "text that is not JSON". */
export function describeNonJson(text: string | undefined): string {
  return /^\s*</.test(text ?? '') ? l10n.t('a web page') : l10n.t('text that is not JSON');
}

/** A body that must be JSON but is not: a proxy page, a truncated answer. */
export function badResponse(status: number, what: string): DirectoryError {
  return new DirectoryError(
    'badResponse',
    l10n.t('The directory answered {0} with {1} instead of the JSON it should send.', status, what),
    l10n.t('A proxy or gateway may be in the way; check the log, then refresh to try again.'),
    { status },
  );
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** Marks a body that was present but not JSON, so callers can tell it from an empty one. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The request-id as logged: an id's characters only, so a server cannot write arbitrary text into the log. */
function safeRequestId(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return /^[A-Za-z0-9._:-]{1,100}$/.test(v) ? v : '(unreadable)';
}

const TOO_LARGE: unique symbol = Symbol('too large');

/** Reads the body as UTF-8, giving up (and closing the connection) past `limit` bytes. */
async function readText(res: Dispatcher.ResponseData, limit: number): Promise<string | typeof TOO_LARGE> {
  // Abandoning a body aborts it; that abort is expected, not an error to report.
  const abandon = () => {
    res.body.on('error', () => undefined);
    res.body.destroy();
  };
  const declared = Number(headerValue(res.headers['content-length']));
  if (Number.isFinite(declared) && declared > limit) {
    abandon();
    return TOO_LARGE;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      abandon();
      return TOO_LARGE;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${Math.round(n / (1024 * 1024))} MiB`
    : n >= 1024
      ? `${Math.round(n / 1024)} KiB`
      : `${n} bytes`;
}

function isTimeout(e: unknown): boolean {
  return (
    e instanceof undiciErrors.HeadersTimeoutError ||
    e instanceof undiciErrors.BodyTimeoutError ||
    e instanceof undiciErrors.ConnectTimeoutError
  );
}

function describeNetworkError(e: unknown): string {
  if (e instanceof undiciErrors.ConnectTimeoutError) return 'connect timeout';
  if (e instanceof undiciErrors.HeadersTimeoutError) return 'no answer (headers timeout)';
  if (e instanceof undiciErrors.BodyTimeoutError) return 'answer stalled (body timeout)';
  const code =
    (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

function secondsText(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The overall deadline passed; the request may have arrived (a reset's outcome is then unknown). */
export function deadlineError(origin: string, deadlineMs: number): DirectoryError {
  return new DirectoryError(
    'unavailable',
    l10n.t(
      'The directory at {0} did not send its whole answer within {1}, so the request timed out.',
      origin,
      secondsText(deadlineMs),
    ),
    l10n.t(
      'The server or a proxy may be overloaded: try again later, or raise "directoryReset.requestTimeoutSeconds" in your user settings.',
    ),
    { mayHaveArrived: true, cause: new DeadlineExceeded() },
  );
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function networkError(e: unknown, origin: string): DirectoryError {
  const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code ?? '';
  const neverSent = e instanceof undiciErrors.ConnectTimeoutError || NEVER_SENT.has(code);
  return new DirectoryError(
    'unavailable',
    l10n.t('Could not reach the directory at {0} ({1}).', origin, describeNetworkError(e)),
    l10n.t('Check your network connection or proxy, then try again.'),
    { cause: e, mayHaveArrived: !neverSent },
  );
}
