// App-only tokens: OAuth2 client credentials against {authorityHost}/{tenantId}/oauth2/v2.0/token with
// scope {graphEndpoint}/.default. No 'vscode' import: the secret comes from a callback (SecretStorage
// in the extension), so this is tested in plain Node against the test directory's token endpoint.
import * as l10n from '@vscode/l10n';
import { request, type Dispatcher } from 'undici';
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
  /** Overall deadline of the token request, to the last byte of the answer. Default 30 s. */
  readonly requestTimeoutMs?: number;
}

/** A token answer is a few KiB; anything past this is abandoned unread (a hostile or broken endpoint). */
export const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

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
    if (!secret)
      throw new SignInRequiredError(directoryName, l10n.t('No client secret is stored for {0}.', directoryName));
    const url = new URL(`${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, withSlash(authorityHost));
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: `${new URL(graphEndpoint).origin}/.default`,
    });
    const started = performance.now();
    const deadlineMs = this.options.requestTimeoutMs ?? 30_000;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      status = res.statusCode;
      const read = await readLimited(res, MAX_TOKEN_ANSWER_BYTES);
      if (read === undefined) {
        logger.warn(
          `POST ${url.pathname} ${status}: answer larger than ${MAX_TOKEN_ANSWER_BYTES / 1024} KiB abandoned (client credentials)`,
        );
        throw new DirectoryError(
          'badResponse',
          l10n.t(
            'The sign-in service at {0} sent an answer larger than {1} KiB instead of a token; it was not read.',
            url.origin,
            MAX_TOKEN_ANSWER_BYTES / 1024,
          ),
          l10n.t('Check the "authorityHost" setting (a proxy may be in the way), then sign in again.'),
          { status },
        );
      }
      text = read;
    } catch (e) {
      if (e instanceof DirectoryError) throw e;
      if (signal?.aborted) throw e;
      if (deadline.signal.aborted) {
        logger.warn(
          `POST ${url.pathname} abandoned: no complete answer within ${deadlineMs / 1000} s (client credentials)`,
        );
        throw new DirectoryError(
          'unavailable',
          l10n.t(
            'The sign-in service at {0} did not send its whole answer within {1} s, so the token request timed out.',
            url.origin,
            deadlineMs / 1000,
          ),
          l10n.t(
            'Try again later; if it keeps happening, check the "authorityHost" setting and your proxy, or raise "directoryReset.requestTimeoutSeconds".',
          ),
        );
      }
      throw new DirectoryError(
        'unavailable',
        l10n.t('Could not reach the sign-in service at {0} ({1}).', url.origin, displayText((e as Error).message, 200)),
        l10n.t('Check your network connection or proxy and the "authorityHost" setting, then try again.'),
      );
    } finally {
      clearTimeout(timer);
    }
    logger.info(`POST ${url.pathname} ${status} ${Math.round(performance.now() - started)}ms (client credentials)`);
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed;
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
    const description =
      typeof body.error_description === 'string' ? displayText(body.error_description.split(/\r?\n/)[0], 300) : '';
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      throw new SignInRequiredError(
        directoryName,
        description
          ? l10n.t("The sign-in service refused the app's credentials for {0} ({1}).", directoryName, description)
          : l10n.t("The sign-in service refused the app's credentials for {0}.", directoryName),
      );
    }
    throw new DirectoryError(
      'configuration',
      description
        ? l10n.t(
            'The sign-in service refused the token request for {0} (HTTP {1}): {2}',
            directoryName,
            `${status}${code ? `, ${code}` : ''}`,
            description,
          )
        : l10n.t(
            'The sign-in service refused the token request for {0} (HTTP {1}).',
            directoryName,
            `${status}${code ? `, ${code}` : ''}`,
          ),
      l10n.t('Check tenantId, clientId and the app registration (see the README), then sign in again.'),
      { status, code },
    );
  }
}

/** The body as UTF-8, or undefined (and the body destroyed) once it passes `limit` bytes. */
async function readLimited(res: Dispatcher.ResponseData, limit: number): Promise<string | undefined> {
  const abandon = () => {
    res.body.on('error', () => undefined);
    res.body.destroy();
    return undefined;
  };
  const length = res.headers['content-length'];
  if (Number(Array.isArray(length) ? length[0] : length) > limit) return abandon();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return abandon();
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
