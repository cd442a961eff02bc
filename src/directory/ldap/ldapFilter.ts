// LDAP search filters (RFC 4515) built from what a person typed. Every value goes through escapeFilterValue, so
// `*` is a literal star, not a wildcard, and `(`, `)` and `\` cannot change the filter's structure.
import type { LdapFlavor } from './ldapConfig';

/**
 * Escapes an assertion value for the string form of a filter (RFC 4515 section 3): `*` `(` `)` `\` and NUL
 * become \2a \28 \29 \5c \00; other ASCII control characters become their \XX escape too. Characters beyond
 * ASCII stay as they are: RFC 4515 allows UTF-8 in a value, and ldapts' filter parser decodes each \XX escape
 * as one character (not one byte), so escaping é as \c3\a9 would send the wrong bytes.
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '*' || ch === '(' || ch === ')' || ch === '\\' || code < 0x20 || code === 0x7f) {
      out += `\\${code.toString(16).padStart(2, '0')}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The attributes a search matches (by prefix: `attr=value*`), per flavor. */
export const SEARCH_ATTRIBUTES: Record<LdapFlavor, readonly string[]> = {
  openldap: ['cn', 'uid', 'mail', 'sn', 'givenName'],
  '389ds': ['cn', 'uid', 'mail', 'sn', 'givenName'],
  activeDirectory: ['displayName', 'sAMAccountName', 'userPrincipalName', 'mail', 'givenName', 'sn'],
};

/** `(|(cn=text*)(uid=text*)...)` for the flavor, the text escaped; undefined for an empty search. */
export function buildSearchFilter(flavor: LdapFlavor, text: string | undefined): string | undefined {
  const clean = text?.trim();
  if (!clean) return undefined;
  const value = escapeFilterValue(clean);
  return `(|${SEARCH_ATTRIBUTES[flavor].map((a) => `(${a}=${value}*)`).join('')})`;
}

/** `(&<userFilter><search>)`, or the user filter alone when there is no search. */
export function buildListFilter(flavor: LdapFlavor, userFilter: string, search: string | undefined): string {
  const users = toLdaptsFilter(userFilter);
  const match = buildSearchFilter(flavor, search);
  return match ? `(&${users}${match})` : users;
}

/**
 * Rewrites UTF-8 escapes in an administrator's filter (e.g. `(cn=Jos\c3\a9*)`) as the characters they encode,
 * so ldapts, which reads \XX as one character each, sends the right bytes. ASCII escapes (\2a, \28, ...) and
 * anything that is not valid UTF-8 are left as written.
 */
export function toLdaptsFilter(filter: string): string {
  return filter.replace(/(?:\\[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/\\/g, ''), 'hex');
    if (bytes.every((b) => b < 0x80)) return run;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return run;
    }
    return escapeFilterValue(text);
  });
}
