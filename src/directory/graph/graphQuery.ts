// Building Microsoft Graph query strings exactly as Graph parses them.
import { normalizeSearchText } from '../kit/searchText';

/** Fields the tree and the reset checks use: the list's $select, nothing more. */
export const LIST_FIELDS = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'accountEnabled',
  'userType',
  'creationType',
  'externalUserState',
  'onPremisesSyncEnabled',
  'identities',
] as const;

/** The profile page adds the last password change. */
export const PROFILE_FIELDS = [...LIST_FIELDS, 'lastPasswordChangeDateTime'] as const;

/** Properties a search matches: displayName by word prefix, the others by prefix. */
const SEARCH_PROPERTIES = ['displayName', 'userPrincipalName', 'mail'] as const;

/**
 * The $search value for `text`: one double-quoted clause per property, OR'ed. Inside a clause Graph
 * wants `"` and `\` backslash-escaped; everything else (`'`, `#`, `%`, OData keywords) is literal there.
 * Control characters are turned into spaces because they cannot be typed into a name; lone surrogates (which
 * no URL can carry) into U+FFFD.
 */
export function buildSearch(text: string): string {
  const clean = normalizeSearchText(text);
  const escaped = clean.replace(/[\\"]/g, (c) => `\\${c}`);
  return SEARCH_PROPERTIES.map((p) => `"${p}:${escaped}"`).join(' OR ');
}

/** An OData string literal for $filter: single quotes doubled. */
export function odataString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
