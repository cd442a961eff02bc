// SCIM query strings (RFC 7644 §3.4.2): the search filter and the paging parameters.

/**
 * A filter compValue string (RFC 7644 §3.4.2.2: "string" follows JSON's rules, RFC 8259 §7): quoted, with
 * `"` and `\` backslash-escaped and control characters as \uXXXX. Everything else, apostrophes included, is
 * literal inside the quotes.
 */
export function scimString(value: string): string {
  return JSON.stringify(value);
}

/** Longer search text cannot be a name or sign-in name (and would make a URL some services refuse). */
export const MAX_SEARCH_CHARS = 256;

/** Search text as the tree and the picker pass it: control characters blanked, spaces collapsed. */
export function normalizeScimSearch(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * `userName sw "<text>" or displayName co "<text>"` (the sign-in name by prefix, the display name anywhere),
 * or undefined for an empty search. Both attributes are caseExact=false (RFC 7643), so matching ignores case.
 */
export function buildUserSearchFilter(text: string | undefined): string | undefined {
  const clean = normalizeScimSearch(text ?? '');
  if (!clean) return undefined;
  const value = scimString(clean);
  return `userName sw ${value} or displayName co ${value}`;
}

/** `name=value&...` with every value percent-encoded (spaces as %20, `"` as %22, `+` as %2B). */
export function scimQuery(params: Record<string, string | number | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}
