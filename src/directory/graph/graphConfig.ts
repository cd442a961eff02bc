// Settings of a Microsoft Entra ID directory (Microsoft Graph).
import * as l10n from '@vscode/l10n';
import { checkEndpoint, fail, type ConfigResult } from '../configChecks';

export type AuthenticationKind = 'vscode' | 'clientSecret';

/** The Microsoft cloud a directory signs in to with "authentication": "vscode" (see src/auth/cloud.ts). */
export type CloudName = 'AzureCloud' | 'USGovernment' | 'ChinaCloud' | 'custom';
export const CLOUD_NAMES: readonly CloudName[] = ['AzureCloud', 'USGovernment', 'ChinaCloud', 'custom'];

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

export function parseGraphConfig(
  r: Record<string, unknown>,
  name: string,
  label: string,
): ConfigResult<GraphDirectoryConfig> {
  const tenantId = typeof r.tenantId === 'string' ? r.tenantId.trim() : '';
  if (
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId) &&
    !/^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$/i.test(tenantId)
  ) {
    return fail(
      l10n.t(
        '{0}: "tenantId" must be the directory (tenant) ID, a GUID, or a domain such as contoso.onmicrosoft.com.',
        label,
      ),
    );
  }
  const clientId = typeof r.clientId === 'string' ? r.clientId.trim() : '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
    return fail(l10n.t('{0}: "clientId" must be the application (client) ID of your app registration, a GUID.', label));
  }
  const authentication = r.authentication ?? 'vscode';
  if (authentication !== 'vscode' && authentication !== 'clientSecret') {
    return fail(l10n.t('{0}: "authentication" must be "vscode" or "clientSecret".', label));
  }
  const graph = checkEndpoint(r.graphEndpoint ?? DEFAULT_GRAPH_ENDPOINT, `${label}: "graphEndpoint"`);
  if (graph.startsWith('!')) return fail(graph.slice(1));
  const authority = checkEndpoint(r.authorityHost ?? DEFAULT_AUTHORITY_HOST, `${label}: "authorityHost"`);
  if (authority.startsWith('!')) return fail(authority.slice(1));
  if (r.cloud !== undefined && !CLOUD_NAMES.includes(r.cloud as CloudName)) {
    return fail(
      l10n.t(
        '{0}: "cloud" must be one of {1} (or left out: it follows "graphEndpoint").',
        label,
        CLOUD_NAMES.map((c) => `"${c}"`).join(', '),
      ),
    );
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
