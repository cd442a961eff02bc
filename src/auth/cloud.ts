// Which Microsoft cloud a directory signs in to with "authentication": "vscode", which of VS Code's providers that
// is, and whether VS Code's own sovereign-cloud setting agrees. No 'vscode' import: the caller passes the setting.
//
// VS Code (extensions/microsoft-authentication) has two providers: 'microsoft' (the public cloud,
// https://login.microsoftonline.com) and 'microsoft-sovereign-cloud', which is registered only when the VS Code
// setting `microsoft-sovereign-cloud.environment` is "USGovernment", "ChinaCloud" or "custom" (with
// `microsoft-sovereign-cloud.customEnvironment`). Its sign-in authority comes from that setting, never from ours.
import type { CloudName } from '../directory/graph/graphConfig';
import { checkEndpoint } from '../directory/configChecks';

export const PUBLIC_PROVIDER_ID = 'microsoft';
export const SOVEREIGN_PROVIDER_ID = 'microsoft-sovereign-cloud';
export const SOVEREIGN_SETTING = 'microsoft-sovereign-cloud.environment';
export const SOVEREIGN_CUSTOM_SETTING = 'microsoft-sovereign-cloud.customEnvironment';

/** The sign-in authority of each named cloud, as VS Code's provider uses it (@azure/ms-rest-azure-env). */
const AUTHORITIES: Record<Exclude<CloudName, 'custom'>, string> = {
  AzureCloud: 'https://login.microsoftonline.com',
  USGovernment: 'https://login.microsoftonline.us',
  ChinaCloud: 'https://login.chinacloudapi.cn',
};

const GRAPH_HOSTS: Record<string, Exclude<CloudName, 'custom'>> = {
  'graph.microsoft.com': 'AzureCloud',
  'graph.microsoft.us': 'USGovernment',
  'dod-graph.microsoft.us': 'USGovernment',
  'microsoftgraph.chinacloudapi.cn': 'ChinaCloud',
};

const LABELS: Record<CloudName, string> = {
  AzureCloud: 'the public cloud',
  USGovernment: 'US Government',
  ChinaCloud: 'China (21Vianet)',
  custom: 'a custom cloud',
};

/** The cloud a Graph endpoint belongs to, when it is one of Microsoft's known Graph hosts. */
export function cloudOfGraphHost(graphEndpoint: string): Exclude<CloudName, 'custom'> | undefined {
  return GRAPH_HOSTS[new URL(graphEndpoint).hostname.toLowerCase()];
}

/** The directory's cloud: the explicit "cloud" setting, else the cloud of its Graph host, else the public cloud. */
export function directoryCloud(config: { cloud?: CloudName; graphEndpoint: string }): CloudName {
  return config.cloud ?? cloudOfGraphHost(config.graphEndpoint) ?? 'AzureCloud';
}

export function providerIdFor(cloud: CloudName): string {
  return cloud === 'AzureCloud' ? PUBLIC_PROVIDER_ID : SOVEREIGN_PROVIDER_ID;
}

/** VS Code's `microsoft-sovereign-cloud.*` settings, as read by the caller. */
export interface SovereignSetting {
  readonly environment?: unknown;
  readonly customEnvironment?: unknown;
}

export interface CloudCheck {
  /** The provider to ask. */
  readonly providerId: string;
  /** Where the provider signs in (to resolve a tenant domain the same way); undefined only with `problem`. */
  readonly authority?: string;
  /** Sign-in cannot work: the setting is missing or unusable. Plain words with the next step. */
  readonly problem?: string;
  /** Sign-in may reach the wrong cloud: the directory and VS Code's setting disagree. */
  readonly warning?: string;
}

/** Decides the provider and authority for a directory and checks VS Code's sovereign-cloud setting against it. */
export function checkCloud(
  directoryName: string,
  config: { cloud?: CloudName; graphEndpoint: string },
  setting: SovereignSetting,
): CloudCheck {
  const cloud = directoryCloud(config);
  const providerId = providerIdFor(cloud);
  if (cloud === 'AzureCloud') return { providerId, authority: AUTHORITIES.AzureCloud };

  const graphHost = new URL(config.graphEndpoint).hostname;
  const env = typeof setting.environment === 'string' ? setting.environment : undefined;
  const wanted = cloud === 'custom' ? '"custom" (with "microsoft-sovereign-cloud.customEnvironment")' : `"${cloud}"`;
  if (!env) {
    return {
      providerId,
      problem:
        `${directoryName} is in ${LABELS[cloud]} (Graph host ${graphHost}), and VS Code signs in there only with its ` +
        `"Microsoft Sovereign Cloud" account, which exists only when the VS Code setting "${SOVEREIGN_SETTING}" is set. ` +
        `Set "${SOVEREIGN_SETTING}" to ${wanted} in your user settings, then sign in again.`,
    };
  }
  if (env !== 'USGovernment' && env !== 'ChinaCloud' && env !== 'custom') {
    return {
      providerId,
      problem: `The VS Code setting "${SOVEREIGN_SETTING}" is "${env}", which VS Code does not know. Set it to ${wanted}, then sign in again.`,
    };
  }
  let authority: string;
  if (env === 'custom') {
    const custom = setting.customEnvironment as { activeDirectoryEndpointUrl?: unknown } | undefined;
    const url = custom && typeof custom === 'object' ? custom.activeDirectoryEndpointUrl : undefined;
    const checked =
      url === undefined ? '!' : checkEndpoint(url, `"${SOVEREIGN_CUSTOM_SETTING}.activeDirectoryEndpointUrl"`, true);
    if (checked.startsWith('!')) {
      return {
        providerId,
        problem:
          `The VS Code setting "${SOVEREIGN_SETTING}" is "custom", but "${SOVEREIGN_CUSTOM_SETTING}" ` +
          (url === undefined
            ? 'is missing or has no "activeDirectoryEndpointUrl"'
            : `is unusable: ${checked.slice(1)}`) +
          `. Set "${SOVEREIGN_CUSTOM_SETTING}" (name, portalUrl, managementEndpointUrl, resourceManagerEndpointUrl, ` +
          'activeDirectoryEndpointUrl, activeDirectoryResourceId), then sign in again.',
      };
    }
    authority = checked;
  } else {
    authority = AUTHORITIES[env];
  }
  if (env !== cloud) {
    return {
      providerId,
      authority,
      warning:
        `${directoryName} is in ${LABELS[cloud]} (Graph host ${graphHost}${config.cloud ? `, "cloud": "${config.cloud}"` : ''}), ` +
        `but the VS Code setting "${SOVEREIGN_SETTING}" is "${env}", so VS Code signs in to ${LABELS[env]}. ` +
        `Set "${SOVEREIGN_SETTING}" to ${wanted}, or set this directory's "cloud" to "${env}" if that is right.`,
    };
  }
  return { providerId, authority };
}
