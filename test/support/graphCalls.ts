// Raw calls to the test directory with Node's global fetch (not the extension's client, so a bug there cannot hide
// a bug in the directory), and the check of Graph's error shape: {"error":{"code","message","innerError"}}.
import * as assert from 'node:assert/strict';
import type { GraphServer } from '../../src/demo/graphServer';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test answers are read untyped

export interface CallOptions {
  method?: string;
  /** Default: the server's delegated token; null for none. */
  token?: string | null;
  body?: object;
}

export async function graphCall(
  server: GraphServer,
  path: string,
  o: CallOptions = {},
): Promise<{ res: Response; body: Json | undefined }> {
  const headers: Record<string, string> = {};
  const token = o.token === undefined ? server.delegatedToken : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method: o.method ?? 'GET',
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  const text = await res.text();
  return { res, body: text ? (JSON.parse(text) as Json) : undefined };
}

export function assertGraphError(
  r: { res: Response; body: Json | undefined },
  status: number,
  code: string,
  message?: RegExp,
): void {
  assert.equal(r.res.status, status, JSON.stringify(r.body));
  assert.ok(r.body, 'error body');
  assert.deepEqual(Object.keys(r.body), ['error']);
  assert.deepEqual(Object.keys(r.body.error).sort(), ['code', 'innerError', 'message']);
  assert.equal(r.body.error.code, code);
  if (message) assert.match(r.body.error.message, message);
  assert.equal(r.body.error.innerError['request-id'], r.res.headers.get('request-id'));
}
