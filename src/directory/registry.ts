// Every directory kind, once. A new kind is one folder under src/directory (its provider, its settings and its
// entry, see kit/kind.ts) plus one line here; the compiler then names every other place that must know it: the
// connection (src/connections/createConnection.ts switches over DirectoryKind) and the settings schema in
// package.json (test/unit/core/registry.test.ts compares its "provider" enum with these keys).
import type { ConfigResult } from './configChecks';
import { graphKind } from './graph/graphKind';
import type { DirectoryKindEntry, KindConfig, KindLabels } from './kit/kind';
import { ldapKind } from './ldap/ldapKind';
import { scimKind } from './scim/scimKind';

export const DIRECTORY_KINDS = {
  microsoftGraph: graphKind,
  scim: scimKind,
  ldap: ldapKind,
} as const;

/** The settings' "provider" values. */
export type DirectoryKind = keyof typeof DIRECTORY_KINDS;

type Entry<K extends DirectoryKind> = (typeof DIRECTORY_KINDS)[K];

/** A kind's validated settings. */
export type ConfigOf<K extends DirectoryKind> = Exclude<ReturnType<Entry<K>['parse']>, { ok: false }>['config'];

/** The validated settings of any configured directory. */
export type DirectoryConfig = { [K in DirectoryKind]: ConfigOf<K> }[DirectoryKind];

/** How a password was set: by the directory's own generator, or generated here and written with the API named. */
export type ResetMethod = { [K in DirectoryKind]: keyof Entry<K>['resetMethods'] }[DirectoryKind];

// Each entry's id is its key, and each entry is a DirectoryKindEntry of its own settings.
DIRECTORY_KINDS satisfies { [K in DirectoryKind]: DirectoryKindEntry<ConfigOf<K>, string> & { readonly id: K } };

/** The kind ids, in the order of the registry (and of package.json's enum). */
export const DIRECTORY_KIND_IDS = Object.keys(DIRECTORY_KINDS) as DirectoryKind[];

export function isDirectoryKind(value: unknown): value is DirectoryKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DIRECTORY_KINDS, value);
}

/** The entry of `config`'s kind, typed for that config (TypeScript cannot correlate the lookup by itself). */
export function kindOf<C extends DirectoryConfig>(config: C): DirectoryKindEntry<C, string> {
  return DIRECTORY_KINDS[config.provider] as unknown as DirectoryKindEntry<C, string>;
}

/** Parses the kind's own fields of a settings entry. */
export function parseKindConfig(
  kind: DirectoryKind,
  raw: Record<string, unknown>,
  name: string,
  label: string,
): ConfigResult<DirectoryConfig> {
  return (DIRECTORY_KINDS[kind] as DirectoryKindEntry<KindConfig, string>).parse(
    raw,
    name,
    label,
  ) as ConfigResult<DirectoryConfig>;
}

/** How the profile page names every reset method of every kind (the kinds' getters kept: words looked up when read). */
export const RESET_METHOD_LABELS = Object.defineProperties(
  {},
  Object.assign(
    {},
    ...Object.values(DIRECTORY_KINDS).map((k) => Object.getOwnPropertyDescriptors(k.resetMethods)),
  ) as PropertyDescriptorMap,
) as Readonly<Record<ResetMethod, string>>;

/** The words for a configured directory's kind. */
export function labelsOf(config: DirectoryConfig): KindLabels {
  return kindOf(config).labels(config);
}
