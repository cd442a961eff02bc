// App-only tokens: OAuth2 client credentials against {authorityHost}/{tenantId}/oauth2/v2.0/token with
// scope {graphEndpoint}/.default. No 'vscode' import: the secret comes from a callback (SecretStorage
// in the extension), so this is tested in plain Node against the test directory's token endpoint.
import { request } from 'undici';
import { displayText } from '../directory/displayText';
import { DirectoryError, SignInRequiredError } from '../directory/errors';
import type { Logger, TokenSource } from '../directory/types';

export interface ClientCredentialsOptions {
  readonly directoryName: string;
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly graphEndpoint: string;
  /** Reads the client secret; undefined when none is stored. */
  readonly getSecret: () => Promise<string | undefined>;
  readonly logger: Logger;
}

/** Tokens are renewed this long before they expire, so a request never starts with a dying token. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export class ClientCredentialsTokenSource implements TokenSource {
  readonly delegated = false;
  private cached?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(private readonly options: ClientCredentialsOptions) {}

  async getToken(opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    if (opts.refresh) this.cached = undefined;
    if (this.cached && this.cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return this.cached.token;
    // Concurrent callers share one token request.
    this.pending ??= this.fetchToken(opts.signal).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the cached token (sign-out, or the secret changed). */
  clear(): void {
    this.cached = undefined;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const { directoryName, authorityHost, tenantId, clientId, graphEndpoint, logger } = this.options;
    const secret = await this.options.getSecret();
    if (!secret) throw new SignInRequiredError(directoryName, `No client secret is stored for ${directoryName}.`);
    const url = new URL(`${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, withSlash(authorityHost));
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: `${new URL(graphEndpoint).origin}/.default`,
    });
    const started = performance.now();
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new DirectoryError(
        'unavailable',
        `Could not reach the sign-in service at ${url.origin} (${displayText((e as Error).message, 200)}).`,
        'Check your network connection or proxy and the "authorityHost" setting, then try again.',
      );
    }
    logger.info(`POST ${url.pathname} ${status} ${Math.round(performance.now() - started)}ms (client credentials)`);
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as typeof body;
    } catch {
      // handled below as a bad answer
    }
    if (status === 200 && typeof body.access_token === 'string') {
      const lifetimeS = Number(body.expires_in) || 3600;
      this.cached = { token: body.access_token, expiresAt: Date.now() + lifetimeS * 1000 };
      return body.access_token;
    }
    const code = typeof body.error === 'string' ? displayText(body.error, 60) : undefined;
    // Entra prefixes descriptions with an AADSTS code; keep only the first line (the rest is trace ids), as plain
    // bounded text: it is shown in a notification.
    const description = typeof body.error_description === 'string' ? displayText(body.error_description.split(/\r?\n/)[0], 300) : '';
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      throw new SignInRequiredError(
        directoryName,
        `The sign-in service refused the app's credentials for ${directoryName}${description ? ` (${description})` : ''}.`,
      );
    }
    throw new DirectoryError(
      'configuration',
      `The sign-in service refused the token request for ${directoryName} (HTTP ${status}${code ? `, ${code}` : ''})${description ? `: ${description}` : '.'}`,
      'Check tenantId, clientId and the app registration (see the README), then sign in again.',
      { status, code },
    );
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
