// Which Microsoft cloud a directory signs in to with "authentication": "vscode", which of VS Code's providers that
// is, and whether VS Code's own sovereign-cloud setting agrees. No 'vscode' import: the caller passes the setting.
//
// VS Code (extensions/microsoft-authentication) has two providers: 'microsoft' (the public cloud,
// https://login.microsoftonline.com) and 'microsoft-sovereign-cloud', which is registered only when the VS Code
// setting `microsoft-sovereign-cloud.environment` is "USGovernment", "ChinaCloud" or "custom" (with
// `microsoft-sovereign-cloud.customEnvironment`). Its sign-in authority comes from that setting, never from ours.
import * as l10n from '@vscode/l10n';
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
  const wanted =
    cloud === 'custom' ? l10n.t('"custom" (with "microsoft-sovereign-cloud.customEnvironment")') : `"${cloud}"`;
  if (!env) {
    return {
      providerId,
      problem:
        l10n.t(
          '{0} is in {1} (Graph host {2}), and VS Code signs in there only with its "Microsoft Sovereign Cloud" account, which exists only when the VS Code setting "{3}" is set.',
          directoryName,
          LABELS[cloud],
          graphHost,
          SOVEREIGN_SETTING,
        ) +
        ' ' +
        l10n.t('Set "{0}" to {1} in your user settings, then sign in again.', SOVEREIGN_SETTING, wanted),
    };
  }
  if (env !== 'USGovernment' && env !== 'ChinaCloud' && env !== 'custom') {
    return {
      providerId,
      problem: l10n.t(
        'The VS Code setting "{0}" is "{1}", which VS Code does not know. Set it to {2}, then sign in again.',
        SOVEREIGN_SETTING,
        env,
        wanted,
      ),
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
          (url === undefined
            ? l10n.t(
                'The VS Code setting "{0}" is "custom", but "{1}" is missing or has no "activeDirectoryEndpointUrl".',
                SOVEREIGN_SETTING,
                SOVEREIGN_CUSTOM_SETTING,
              )
            : l10n.t(
                'The VS Code setting "{0}" is "custom", but "{1}" is unusable: {2}.',
                SOVEREIGN_SETTING,
                SOVEREIGN_CUSTOM_SETTING,
                checked.slice(1),
              )) +
          ' ' +
          l10n.t(
            'Set "{0}" (name, portalUrl, managementEndpointUrl, resourceManagerEndpointUrl, activeDirectoryEndpointUrl, activeDirectoryResourceId), then sign in again.',
            SOVEREIGN_CUSTOM_SETTING,
          ),
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
        l10n.t(
          '{0} is in {1} (Graph host {2}), but the VS Code setting "{3}" is "{4}", so VS Code signs in to {5}.',
          directoryName,
          LABELS[cloud],
          `${graphHost}${config.cloud ? `, "cloud": "${config.cloud}"` : ''}`,
          SOVEREIGN_SETTING,
          env,
          LABELS[env],
        ) +
        ' ' +
        l10n.t(
          'Set "{0}" to {1}, or set this directory\'s "cloud" to "{2}" if that is right.',
          SOVEREIGN_SETTING,
          wanted,
          env,
        ),
    };
  }
  return { providerId, authority };
}
