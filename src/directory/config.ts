// Validation of the `directoryReset.directories` entries. A token is only ever sent to the endpoints
// named here, so they must be https (plain http only on this machine's loopback, for the test
// directory), carry no credentials, and be an origin without a path. Each kind's own fields are
// checked by its parser (graph/graphConfig.ts, scim/scimConfig.ts, ldap/ldapConfig.ts), found through the
// registry (registry.ts).
import * as l10n from '@vscode/l10n';
import { fail, type ConfigResult as Result } from './configChecks';
import { DIRECTORY_KIND_IDS, isDirectoryKind, kindOf, parseKindConfig, type DirectoryConfig } from './registry';

export type { DirectoryConfig } from './registry';
export type ConfigResult = Result<DirectoryConfig>;

/** Checks one raw settings entry; `index` is only used in messages. */
export function parseDirectoryConfig(raw: unknown, index: number): ConfigResult {
  const where = `directoryReset.directories[${index}]`;
  if (typeof raw !== 'object' || raw === null) return fail(l10n.t('{0} must be an object.', where));
  const r = raw as Record<string, unknown>;
  const name = typeof r.name === 'string' ? r.name.trim() : '';
  if (!name) return fail(l10n.t('{0} needs a "name".', where));
  const label = l10n.t('Directory "{0}"', name);
  const provider = r.provider ?? 'microsoftGraph';
  if (!isDirectoryKind(provider)) {
    const ids = DIRECTORY_KIND_IDS.map((k) => `"${k}"`);
    return fail(
      l10n.t(
        '{0}: provider {1} is not supported; use {2} or {3}.',
        label,
        JSON.stringify(provider),
        ids.slice(0, -1).join(', '),
        ids[ids.length - 1],
      ),
    );
  }
  return parseKindConfig(provider, r, name, label);
}

/** One line about a directory for pickers: where it is and what it is. */
export function describeConfig(c: DirectoryConfig): string {
  return kindOf(c).describe(c);
}

export { checkEndpoint, isLoopback } from './configChecks';
