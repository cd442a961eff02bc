// SCIM search filters (RFC 7644 §3.4.2.2).
import { normalizeSearchText } from '../kit/searchText';

/**
 * A filter compValue string (RFC 7644 §3.4.2.2: "string" follows JSON's rules, RFC 8259 §7): quoted, with
 * `"` and `\` backslash-escaped and control characters as \uXXXX. Everything else, apostrophes included, is
 * literal inside the quotes.
 */
export function scimString(value: string): string {
  return JSON.stringify(value);
}

/**
 * `userName sw "<text>" or displayName co "<text>"` (the sign-in name by prefix, the display name anywhere),
 * or undefined for an empty search. Both attributes are caseExact=false (RFC 7643), so matching ignores case.
 */
export function buildUserSearchFilter(text: string | undefined): string | undefined {
  const clean = normalizeSearchText(text ?? '');
  if (!clean) return undefined;
  const value = scimString(clean);
  return `userName sw ${value} or displayName co ${value}`;
}
