// Which entry a bound LDAP connection acts as. Active Directory accepts a bindDn that is not a DN: a user principal
// name (svc@corp.example) or a down-level logon name (CORP\svc). Comparing such a name with the DNs of the listed
// users never matches, which silently turned off "never reset the service account". So after binding, the provider
// asks the server with the "Who am I?" extended operation (RFC 4532), which answers "dn:<DN>" (OpenLDAP) or
// "u:<name>" (Active Directory, [MS-ADTS] 3.1.1.3.4.2.4: "u:CORP\svc" or "u:" and the account's SID string), and
// resolves a name to its entry with one bounded search.
// Samba 4 does not offer "Who am I?" (it answers protocolError): there the bindDn itself is resolved, a UPN by
// userPrincipalName (then sAMAccountName, for AD's implicit sam@dnsdomain UPN) and CORP\svc by sAMAccountName.
import { AndFilter, EqualityFilter, type Client, type Filter } from 'ldapts';
import { parseDn } from './ldapDn';

export const WHO_AM_I_OID = '1.3.6.1.4.1.4203.1.11.3';

export type BoundIdentity =
  { readonly dn: string; readonly how: string } | { readonly dn: undefined; readonly why: string };

/** Learns the DN `client` is bound as. Never throws: an identity it cannot learn comes back with the reason. */
export async function learnBoundDn(client: Client, bindDn: string, fallbackBase: string): Promise<BoundIdentity> {
  let answer: string | undefined;
  let whoAmIProblem: string;
  try {
    const r = await client.exop(WHO_AM_I_OID);
    answer = String(r.value ?? '').trim();
    whoAmIProblem = `"Who am I?" answered "${answer.slice(0, 200)}"`;
  } catch (e) {
    whoAmIProblem = `the server does not answer "Who am I?" (${e instanceof Error ? e.message.split('\n')[0].slice(0, 120) : String(e)})`;
  }
  if (answer && /^dn:/i.test(answer)) {
    const dn = answer.slice(3).trim();
    if (parseDn(dn).length) return { dn, how: 'the server\'s answer to "Who am I?"' };
  }
  const name = answer && /^u:/i.test(answer) ? answer.slice(2).trim() : undefined;
  if (!name && parseDn(bindDn).length) return { dn: bindDn, how: `bindDn (${whoAmIProblem})` };
  const resolved = await resolveName(client, name ?? bindDn, fallbackBase);
  if ('dn' in resolved) {
    return {
      dn: resolved.dn,
      how: name
        ? `"Who am I?" (u:${name}) resolved by ${resolved.by}`
        : `bindDn resolved by ${resolved.by}; ${whoAmIProblem}`,
    };
  }
  return { dn: undefined, why: `${whoAmIProblem}; ${resolved.why}` };
}

/** CORP\svc by sAMAccountName; svc@corp.example by userPrincipalName, then by sAMAccountName; a SID by objectSid. */
async function resolveName(
  client: Client,
  name: string,
  fallbackBase: string,
): Promise<{ dn: string; by: string } | { why: string }> {
  const backslash = name.indexOf('\\');
  const at = name.lastIndexOf('@');
  const tries: Array<[string, string]> = [];
  // Active Directory takes a SID string as the value of an objectSid filter.
  if (/^S-1-\d+(-\d+)+$/i.test(name)) tries.push(['objectSid', name]);
  else if (backslash > 0) tries.push(['sAMAccountName', name.slice(backslash + 1)]);
  else if (at > 0) tries.push(['userPrincipalName', name], ['sAMAccountName', name.slice(0, at)]);
  else tries.push(['sAMAccountName', name]);
  const base = (await namingContext(client)) ?? fallbackBase;
  for (const [attribute, value] of tries) {
    if (!value) continue;
    const filter: Filter = new AndFilter({
      filters: [
        new EqualityFilter({ attribute: 'objectClass', value: 'user' }),
        new EqualityFilter({ attribute, value }),
      ],
    });
    let dns: string[];
    try {
      // sizeLimit 2: one entry is an answer, two are an ambiguity; nothing more is ever read.
      const r = await client.search(base, { scope: 'sub', filter, attributes: ['1.1'], sizeLimit: 2 });
      dns = r.searchEntries.map((e) => e.dn);
    } catch (e) {
      return {
        why: `searching ${base} for ${attribute}=${value} failed (${e instanceof Error ? e.message.split('\n')[0].slice(0, 120) : String(e)})`,
      };
    }
    if (dns.length === 1) return { dn: dns[0], by: `${attribute}=${value}` };
    if (dns.length > 1) return { why: `more than one entry under ${base} has ${attribute}=${value}` };
  }
  return { why: `no user entry under ${base} has the name ${name}` };
}

/** Active Directory's domain (rootDSE defaultNamingContext): a service account usually lives outside the base DN. */
async function namingContext(client: Client): Promise<string | undefined> {
  try {
    const r = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['defaultNamingContext'],
      sizeLimit: 1,
    });
    const v = r.searchEntries[0]?.defaultNamingContext;
    const dn = Array.isArray(v) ? v[0] : v;
    return typeof dn === 'string' && parseDn(dn).length ? dn : undefined;
  } catch {
    return undefined;
  }
}
