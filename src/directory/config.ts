// Validation of the `directoryReset.directories` entries. A token is only ever sent to the endpoints
// named here, so they must be https (plain http only on this machine's loopback, for the test
// directory), carry no credentials, and be an origin without a path. Each provider's own fields are
// checked by its parser (graph below, scim/scimConfig.ts, ldap/ldapConfig.ts).
import { checkEndpoint, fail, type ConfigResult as Result } from './configChecks';
import { parseLdapConfig, type LdapDirectoryConfig } from './ldap/ldapConfig';
import { parseScimConfig, type ScimDirectoryConfig } from './scim/scimConfig';

export type AuthenticationKind = 'vscode' | 'clientSecret';

/** The Microsoft cloud a directory signs in to with "authentication": "vscode" (see src/auth/cloud.ts). */
export type CloudName = 'AzureCloud' | 'USGovernment' | 'ChinaCloud' | 'custom';
export const CLOUD_NAMES: readonly CloudName[] = ['AzureCloud', 'USGovernment', 'ChinaCloud', 'custom'];

export type DirectoryConfig = GraphDirectoryConfig | ScimDirectoryConfig | LdapDirectoryConfig;

export interface GraphDirectoryConfig {
  readonly name: string;
  readonly provider: 'microsoftGraph';
  readonly tenantId: string;
  readonly clientId: string;
  readonly authentication: AuthenticationKind;
  readonly graphEndpoint: string;
  /** Sign-in authority for clientSecret only; VS Code's provider has its own (see `cloud`). */
  readonly authorityHost: string;
  /** Set explicitly; otherwise the cloud follows from graphEndpoint's host. */
  readonly cloud?: CloudName;
}

export const DEFAULT_GRAPH_ENDPOINT = 'https://graph.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export type ConfigResult = Result<DirectoryConfig>;

/** Checks one raw settings entry; `index` is only used in messages. */
export function parseDirectoryConfig(raw: unknown, index: number): ConfigResult {
  const where = `directoryReset.directories[${index}]`;
  if (typeof raw !== 'object' || raw === null) return fail(`${where} must be an object.`);
  const r = raw as Record<string, unknown>;
  const name = typeof r.name === 'string' ? r.name.trim() : '';
  if (!name) return fail(`${where} needs a "name".`);
  const label = `Directory "${name}"`;
  const provider = r.provider ?? 'microsoftGraph';
  if (provider === 'scim') return parseScimConfig(r, name, label);
  if (provider === 'ldap') return parseLdapConfig(r, name, label);
  if (provider !== 'microsoftGraph') {
    return fail(`${label}: provider "${String(provider)}" is not supported; use "microsoftGraph", "scim" or "ldap".`);
  }
  return parseGraphConfig(r, name, label);
}

function parseGraphConfig(r: Record<string, unknown>, name: string, label: string): ConfigResult {
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
  if (graph.startsWith('!')) return fail(graph.slice(1));
  const authority = checkEndpoint(r.authorityHost ?? DEFAULT_AUTHORITY_HOST, `${label}: "authorityHost"`);
  if (authority.startsWith('!')) return fail(authority.slice(1));
  if (r.cloud !== undefined && !CLOUD_NAMES.includes(r.cloud as CloudName)) {
    return fail(`${label}: "cloud" must be one of ${CLOUD_NAMES.map((c) => `"${c}"`).join(', ')} (or left out: it follows "graphEndpoint").`);
  }
  const cloud = r.cloud as CloudName | undefined;
  return {
    ok: true,
    config: {
      name,
      provider: 'microsoftGraph',
      tenantId,
      clientId,
      authentication,
      graphEndpoint: graph,
      authorityHost: authority,
      ...(cloud ? { cloud } : {}),
    },
  };
}

/** One line about a directory for pickers: where it is and what it is. */
export function describeConfig(c: DirectoryConfig): string {
  switch (c.provider) {
    case 'microsoftGraph':
      return `Microsoft Entra ID · ${c.tenantId} · ${c.authentication === 'vscode' ? 'signed in as you' : 'app secret'}`;
    case 'scim':
      return `SCIM · ${c.baseUrl}`;
    case 'ldap':
      return `${c.flavor === 'activeDirectory' ? 'Active Directory' : c.flavor === '389ds' ? '389 Directory Server' : 'LDAP'} · ${c.url}`;
  }
}

export { checkEndpoint, isLoopback } from './configChecks';
