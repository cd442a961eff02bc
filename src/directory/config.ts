// Validation of the `directoryReset.directories` entries. A token is only ever sent to the endpoints
// named here, so they must be https (plain http only on this machine's loopback, for the test
// directory), carry no credentials, and be an origin without a path.

export type AuthenticationKind = 'vscode' | 'clientSecret';

export interface DirectoryConfig {
  readonly name: string;
  readonly provider: 'microsoftGraph';
  readonly tenantId: string;
  readonly clientId: string;
  readonly authentication: AuthenticationKind;
  readonly graphEndpoint: string;
  readonly authorityHost: string;
}

export const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export type ConfigResult = { ok: true; config: DirectoryConfig } | { ok: false; problem: string };

/** Checks one raw settings entry; `index` is only used in messages. */
export function parseDirectoryConfig(raw: unknown, index: number): ConfigResult {
  const where = `directoryReset.directories[${index}]`;
  if (typeof raw !== 'object' || raw === null) return fail(`${where} must be an object.`);
  const r = raw as Record<string, unknown>;
  const name = typeof r.name === 'string' ? r.name.trim() : '';
  if (!name) return fail(`${where} needs a "name".`);
  const label = `Directory "${name}"`;
  const provider = r.provider ?? 'microsoftGraph';
  if (provider !== 'microsoftGraph') return fail(`${label}: provider "${String(provider)}" is not supported; use "microsoftGraph".`);
  const tenantId = typeof r.tenantId === 'string' ? r.tenantId.trim() : '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId) && !/^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/i.test(tenantId)) {
    return fail(`${label}: "tenantId" must be the directory (tenant) ID, a GUID, or a domain such as contoso.onmicrosoft.com.`);
  }
  const clientId = typeof r.clientId === 'string' ? r.clientId.trim() : '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
    return fail(`${label}: "clientId" must be the application (client) ID of your app registration, a GUID.`);
  }
  const authentication = r.authentication ?? 'vscode';
  if (authentication !== 'vscode' && authentication !== 'clientSecret') {
    return fail(`${label}: "authentication" must be "vscode" or "clientSecret".`);
  }
  const graph = checkEndpoint(r.graphEndpoint ?? DEFAULT_GRAPH_ENDPOINT, `${label}: "graphEndpoint"`);
  if (typeof graph !== 'string' || graph.startsWith('!')) return fail(graph.slice(1));
  const authority = checkEndpoint(r.authorityHost ?? DEFAULT_AUTHORITY_HOST, `${label}: "authorityHost"`);
  if (authority.startsWith('!')) return fail(authority.slice(1));
  return {
    ok: true,
    config: { name, provider: 'microsoftGraph', tenantId, clientId, authentication, graphEndpoint: graph, authorityHost: authority },
  };
}

/** The endpoint's origin, or "!" + the problem. */
export function checkEndpoint(value: unknown, what: string): string {
  if (typeof value !== 'string') return `!${what} must be a URL such as https://graph.microsoft.com.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `!${what} "${value}" is not a URL; use e.g. https://graph.microsoft.com.`;
  }
  if (url.username || url.password) return `!${what} must not contain a user name or password.`;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return `!${what} must use https:// (plain http is allowed only for 127.0.0.1 / localhost test servers).`;
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return `!${what} must be just the scheme and host, without a path (e.g. https://graph.microsoft.com).`;
  }
  return url.origin;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function fail(problem: string): ConfigResult {
  return { ok: false, problem };
}
