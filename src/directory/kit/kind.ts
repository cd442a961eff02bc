// What one directory kind tells the rest of the extension about itself: how its settings are read and described,
// what its stored secret is bound to, and the words the UI uses for it. Each kind's entry lives in its folder
// (graph/graphKind.ts, scim/scimKind.ts, ldap/ldapKind.ts) and is listed once in ../registry.ts; how to connect
// and sign in is per kind in src/connections (it needs VS Code's secret storage).
import type { ConfigResult } from '../configChecks';

/** The words the UI uses for a kind (shown beside the directory name, on the profile page). */
export interface KindLabels {
  /** "Microsoft Entra ID", "SCIM", "LDAP", "Active Directory": shown beside the directory name. */
  readonly kindLabel: string;
  /** How the profile page names an account whose password lives in this directory, e.g. "Cloud account". */
  readonly accountLabel: string;
  /** Name of the admin portal that adminPortalUrl() links to, e.g. "Microsoft Entra admin center". */
  readonly adminPortalName?: string;
}

/** Every kind's settings have these. */
export interface KindConfig {
  readonly name: string;
  readonly provider: string;
}

export interface DirectoryKindEntry<C extends KindConfig, M extends string> {
  /** The settings entry's "provider" value. */
  readonly id: C['provider'];
  /** Checks the kind's own fields of a settings entry (`name` is already checked; `label` starts messages). */
  parse(raw: Record<string, unknown>, name: string, label: string): ConfigResult<C>;
  /** One line for pickers: what it is and where. */
  describe(config: C): string;
  /** The endpoint(s) and identity a stored secret is for, in words fit for a message (nothing secret). */
  secretBinding(config: C): string;
  /** The kind's words; undefined config: the kind's defaults. */
  labels(config?: C): KindLabels;
  /** How the profile page names each way this kind sets a password (ResetResult.method). */
  readonly resetMethods: Readonly<Record<M, string>>;
}
