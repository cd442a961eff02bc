// Requests and replies of the test directory: Graph's error shape, its headers, reading a bounded body.

import type { Caller } from './auth';
import type * as http from 'node:http';
import type { RecordedRequest } from './types';

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BODY_BYTES = 1 << 20;

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
}

export interface Ctx {
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

export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super('http error');
  }
}

/** Graph's timestamps: ISO 8601 without milliseconds. */
export function isoNow(): string {
  return new Date().toISOString().slice(0, 19) + 'Z';
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Decodes one query-string component the way Graph (ASP.NET) does: '+' is a space; bad %-escapes are errors. */
export function decodeComponent(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Errors in Graph's shape

/** A reply whose body is completed with innerError when sent (see prepare). */
export function graphErrorReply(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return { status, headers, body: { error: { code, message } } };
}

export function isGraphErrorBody(
  body: unknown,
): body is { error: { code: string; message: string; innerError?: unknown } } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof body.error === 'object' &&
    body.error !== null &&
    typeof (body as { error: { code?: unknown } }).error.code === 'string'
  );
}

export const notFound = (id: string): HttpError =>
  new HttpError(
    graphErrorReply(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  );
export const forbidden = (): HttpError =>
  new HttpError(
    graphErrorReply(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  );
export const badRequest = (message: string, code = 'Request_BadRequest'): HttpError =>
  new HttpError(graphErrorReply(400, code, message));

export function segmentNotFound(segment: string): Reply {
  return graphErrorReply(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

export function allow(ctx: Ctx, methods: string[]): void {
  if (!methods.includes(ctx.method)) {
    throw new HttpError(
      graphErrorReply(405, 'Request_BadRequest', `The HTTP method '${ctx.method}' is not allowed on this resource.`, {
        allow: methods.join(', '),
      }),
    );
  }
}

export function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The request's JSON object body (415 for another content type, 400 for anything but an object). */
export function jsonBody(ctx: Ctx, allowEmpty: boolean): Record<string, unknown> {
  if (ctx.body.length === 0 && allowEmpty) return {};
  const type = (ctx.req.headers['content-type'] ?? '').toString().split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      graphErrorReply(
        415,
        'UnsupportedMediaType',
        `The content type '${type || '(none)'}' is not supported; send application/json.`,
      ),
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body.toString('utf8'));
  } catch {
    throw badRequest(
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Unable to read JSON request payload: the payload must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** Serialises a reply: JSON bodies, Graph's headers, innerError completed. */
export function prepare(ctx: Ctx, reply: Reply): { status: number; headers: Record<string, string>; payload: Buffer } {
  const headers: Record<string, string> = {
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId ?? ctx.requestId,
    'cache-control': 'no-cache',
    'x-ms-ags-diagnostic':
      '{"ServerInfo":{"DataCenter":"Loopback","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"TEST"}}',
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

export function send(ctx: Ctx, reply: Reply): void {
  const { status, headers, payload } = prepare(ctx, reply);
  ctx.record.status = status;
  if (ctx.res.destroyed) return;
  headers['content-length'] = String(payload.length);
  ctx.res.writeHead(status, headers);
  ctx.res.end(payload);
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
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

/** The query string's options, decoded (the last value of a repeated name wins; badly encoded ones are dropped). */
export function parseRawQuery(rawQuery: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const seg of rawQuery.split('&')) {
    if (!seg) continue;
    const eq = seg.indexOf('=');
    const name = decodeComponent(eq < 0 ? seg : seg.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : seg.slice(eq + 1));
    if (name !== undefined && value !== undefined) query[name] = value;
  }
  return query;
}

export function makeCtx(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  rawQuery: string,
  body: Buffer,
  requestId: string,
  crid: string | string[] | undefined,
  record: RecordedRequest,
): Ctx {
  return {
    req,
    res,
    method: req.method ?? 'GET',
    pathname,
    rawQuery,
    body,
    requestId,
    clientRequestId: Array.isArray(crid) ? crid[0] : crid,
    record,
  };
}
