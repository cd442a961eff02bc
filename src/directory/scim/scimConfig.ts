// Settings of a SCIM 2.0 directory (RFC 7644). The bearer token is not a setting: it is kept in
// VS Code's secret storage and asked for at sign-in.
import {
  checkEndpoint,
  fail,
  parsePasswordPolicy,
  type ConfigResult as Result,
  type PasswordPolicyConfig,
} from '../configChecks';

export interface ScimDirectoryConfig {
  readonly name: string;
  readonly provider: 'scim';
  /** The SCIM service root, e.g. https://example.com/scim/v2 (…/Users is appended). */
  readonly baseUrl: string;
  readonly passwordPolicy?: PasswordPolicyConfig;
}

export function parseScimConfig(r: Record<string, unknown>, name: string, label: string): Result<ScimDirectoryConfig> {
  const baseUrl = checkEndpoint(r.baseUrl, `${label}: "baseUrl"`, true);
  if (baseUrl.startsWith('!')) return fail(baseUrl.slice(1));
  const policy = parsePasswordPolicy(r.passwordPolicy, label);
  if (!policy.ok) return policy;
  return { ok: true, config: { name, provider: 'scim', baseUrl, passwordPolicy: policy.config } };
}
