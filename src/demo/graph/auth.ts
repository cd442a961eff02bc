// Bearer tokens of the test directory: those it issued (delegated, or app tokens from its token endpoint), those
// expired by a test, and tokens a test sign-in authority minted (GraphServerOptions.acceptToken).

import { randomBytes } from 'node:crypto';
import { graphErrorReply, HttpError, type Ctx } from './http';
import type { GraphServerOptions } from './types';

/** Tokens issued by the token endpoint (and expired ones) remembered; the delegated tokens are always kept. */
export const MAX_APP_TOKENS = 1_000;

export type Caller = { kind: 'delegated'; userId: string } | { kind: 'app' };

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class Tokens {
  /** Issued tokens and who they act for. */
  readonly issued = new Map<string, Caller>();
  /** Tokens expired by expireAll(). */
  readonly expired = new Set<string>();

  constructor(private readonly acceptToken: GraphServerOptions['acceptToken']) {}

  /** A new token acting for `caller`. */
  issue(caller: Caller): string {
    const token = newToken();
    this.issued.set(token, caller);
    if (caller.kind === 'app') this.forgetOldAppTokens();
    return token;
  }

  /** All issued tokens answer 401 from now on. */
  expireAll(): void {
    for (const t of this.issued.keys()) this.expired.add(t);
    while (this.expired.size > MAX_APP_TOKENS) this.expired.delete(this.expired.values().next().value as string);
    this.issued.clear();
  }

  get size(): { tokens: number; expiredTokens: number } {
    return { tokens: this.issued.size, expiredTokens: this.expired.size };
  }

  /** Who the request's bearer token acts for; a 401 in Graph's shape (with its challenge) otherwise. */
  authenticate(ctx: Ctx, url: string, tenantId: string): Caller {
    const h = ctx.req.headers.authorization;
    const m = /^Bearer (.*)$/i.exec(h ?? '');
    const token = m ? m[1].trim() : '';
    const challenge = {
      'www-authenticate': `Bearer realm="", authorization_uri="${url}/${tenantId}/oauth2/v2.0/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    };
    if (!token) {
      throw new HttpError(graphErrorReply(401, 'InvalidAuthenticationToken', 'Access token is empty.', challenge));
    }
    const caller = this.issued.get(token);
    if (caller) return caller;
    const userId = this.expired.has(token) ? undefined : this.acceptToken?.(token, ctx.record);
    if (userId) return { kind: 'delegated', userId };
    if (this.expired.has(token)) {
      throw new HttpError(
        graphErrorReply(
          401,
          'InvalidAuthenticationToken',
          'Lifetime validation failed, the token is expired.',
          challenge,
        ),
      );
    }
    throw new HttpError(
      graphErrorReply(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
        challenge,
      ),
    );
  }

  /** Keeps at most MAX_APP_TOKENS tokens from the token endpoint; the oldest go first, delegated ones stay. */
  private forgetOldAppTokens(): void {
    let apps = 0;
    for (const c of this.issued.values()) if (c.kind === 'app') apps++;
    for (const [t, c] of this.issued) {
      if (apps <= MAX_APP_TOKENS) break;
      if (c.kind === 'app') {
        this.issued.delete(t);
        apps--;
      }
    }
  }
}
