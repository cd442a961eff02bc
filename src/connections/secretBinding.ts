// What a stored secret was given for. A client secret, bearer token or bind password is kept in SecretStorage
// together with the endpoint and identity it was typed in for; it is used only while the settings still name the
// same ones. Settings Sync carries settings but not secrets, and a settings entry can be edited (or pasted from a
// wiki) while its name stays: without this, a changed baseUrl, authorityHost, clientId, LDAP url or bindDn would
// send the stored secret to the new host without asking. No 'vscode' import: tested in plain Node.
import { kindOf, type DirectoryConfig } from '../directory/registry';

/** The endpoint(s) and identity a directory's secret is for, in words fit for a message (nothing secret). */
export function secretBindingFor(config: DirectoryConfig): string {
  return kindOf(config).secretBinding(config);
}

interface StoredForm {
  readonly v: 1;
  /** secretBindingFor() when the secret was given. */
  readonly for: string;
  readonly secret: string;
}

/** What is written to SecretStorage: the secret and what it is for. */
export function bindSecret(secret: string, binding: string): string {
  const stored: StoredForm = { v: 1, for: binding, secret };
  return JSON.stringify(stored);
}

export type UnboundSecret =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly secret: string }
  /** Stored for another endpoint or identity (`storedFor`), or before secrets were bound (`storedFor` undefined). */
  | { readonly kind: 'otherEndpoint'; readonly storedFor?: string };

/** Reads what SecretStorage holds: the secret only if it was given for `binding`. */
export function unbindSecret(stored: string | undefined, binding: string): UnboundSecret {
  if (stored === undefined || stored === '') return { kind: 'none' };
  let parsed: Partial<StoredForm> | undefined;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value === 'object' && value !== null) parsed = value;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.v !== 1 || typeof parsed.for !== 'string' || typeof parsed.secret !== 'string') {
    // Stored by an older version, which did not say where it was given for: it is not sent anywhere.
    return { kind: 'otherEndpoint' };
  }
  if (parsed.for !== binding) return { kind: 'otherEndpoint', storedFor: parsed.for };
  return { kind: 'ok', secret: parsed.secret };
}
