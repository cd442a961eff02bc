// A tenant given as a domain (contoso.onmicrosoft.com) -> the tenant's GUID, read once per process from the
// `issuer` of {authority}/{domain}/v2.0/.well-known/openid-configuration. VS Code's Microsoft provider compares the
// tenant of a request with the cached account's tenant GUID: a domain never matches, so every silent request would
// refresh over the network and fire onDidChangeSessions. No 'vscode' import; tested against a local server.
//
// undici's request directly, not JsonClient: this request carries no token (JsonClient always sends one).
import * as l10n from '@vscode/l10n';
import { request } from 'undici';
import { displayText } from '../directory/displayText';
import { DirectoryError } from '../directory/errors';
import type { Logger } from '../directory/types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY = 256 * 1024;

export function isTenantGuid(tenant: string): boolean {
  return GUID.test(tenant);
}

export interface ResolveTenantOptions {
  /** The sign-in authority, e.g. https://login.microsoftonline.com (a sovereign or custom one, or a test server). */
  readonly authority: string;
  /** Used in messages. */
  readonly directoryName: string;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** authority + lower-case domain -> the GUID. Only answers are kept; a failure is tried again next time. */
const resolved = new Map<string, Promise<string>>();

/** Forgets every resolved domain (tests). */
export function clearTenantCache(): void {
  resolved.clear();
}

/**
 * The tenant's GUID: a GUID as given (lower-cased), a domain resolved once per authority for the process.
 * Throws a DirectoryError in plain words when the domain is no tenant or the authority cannot be reached.
 */
export function resolveTenantId(tenant: string, options: ResolveTenantOptions): Promise<string> {
  const value = tenant.trim();
  if (isTenantGuid(value)) return Promise.resolve(value.toLowerCase());
  const authority = options.authority.replace(/\/+$/, '');
  const key = `${authority}|${value.toLowerCase()}`;
  let pending = resolved.get(key);
  if (!pending) {
    pending = fetchTenantId(value, authority, options);
    resolved.set(key, pending);
    pending.catch(() => resolved.delete(key));
  }
  return pending;
}

async function fetchTenantId(domain: string, authority: string, options: ResolveTenantOptions): Promise<string> {
  const { directoryName, logger } = options;
  const url = new URL(`${authority}/${encodeURIComponent(domain)}/v2.0/.well-known/openid-configuration`);
  const started = performance.now();
  let status: number;
  let text: string;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: options.signal,
      headersTimeout: options.timeoutMs ?? 15_000,
      bodyTimeout: options.timeoutMs ?? 15_000,
    });
    status = res.statusCode;
    text = await readLimited(res.body);
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new DirectoryError(
      'unavailable',
      l10n.t(
        'Could not look up the tenant "{0}" of {1} at {2} ({3}).',
        displayText(domain, 100),
        directoryName,
        url.origin,
        displayText((e as Error).message, 200),
      ),
      l10n.t(
        'Check your network connection or proxy and try again, or write the tenant GUID as "tenantId" (Entra admin center > Overview > Tenant ID).',
      ),
      { cause: e },
    );
  }
  logger?.info(`GET ${url.pathname} ${status} ${Math.round(performance.now() - started)}ms (tenant lookup)`);
  let body: { issuer?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed;
  } catch {
    // handled below
  }
  if (status === 200) {
    const guid = tenantOfIssuer(body.issuer);
    if (guid) return guid;
    throw new DirectoryError(
      'badResponse',
      l10n.t(
        'The sign-in service at {0} described the tenant "{1}" without a tenant ID.',
        url.origin,
        displayText(domain, 100),
      ),
      l10n.t('Write the tenant GUID as "tenantId" of this directory (Entra admin center > Overview > Tenant ID).'),
      { status },
    );
  }
  const description =
    typeof body.error_description === 'string' ? displayText(body.error_description.split(/\r?\n/)[0], 300) : '';
  const code = /AADSTS\d+/.exec(description)?.[0];
  if (status === 400 || status === 404) {
    throw new DirectoryError(
      'configuration',
      l10n.t(
        'No Microsoft Entra tenant has the domain "{0}" at {1}{2}, so {3} cannot sign in.',
        displayText(domain, 100),
        url.origin,
        code ? ` (${code})` : '',
        directoryName,
      ),
      l10n.t(
        'Check "tenantId" in the directory settings: use the tenant GUID or a verified domain of the tenant (Entra admin center > Overview).',
      ),
      { status, code },
    );
  }
  throw new DirectoryError(
    'unavailable',
    l10n.t(
      'The sign-in service at {0} could not look up the tenant "{1}" (HTTP {2}).',
      url.origin,
      displayText(domain, 100),
      `${status}${description ? `: ${description}` : ''}`,
    ),
    l10n.t('Try again in a few minutes, or write the tenant GUID as "tenantId" of this directory.'),
    { status, code },
  );
}

/** The GUID in an issuer such as https://login.microsoftonline.com/{guid}/v2.0 (the first path segment). */
export function tenantOfIssuer(issuer: unknown): string | undefined {
  if (typeof issuer !== 'string') return undefined;
  let segments: string[];
  try {
    segments = new URL(issuer).pathname.split('/').filter(Boolean);
  } catch {
    return undefined;
  }
  const first = segments[0];
  return first && isTenantGuid(first) ? first.toLowerCase() : undefined;
}

async function readLimited(
  body: AsyncIterable<unknown> & { destroy(): void; on(e: string, f: () => void): void },
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) {
      body.on('error', () => undefined);
      body.destroy();
      break;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
