// Settings of an LDAP directory or Active Directory. The bind password is not a setting: it is kept in
// VS Code's secret storage and asked for at sign-in. Passwords only travel encrypted: ldaps://, or
// ldap:// with StartTLS; plain ldap:// only to a server on this machine's loopback.
import * as l10n from '@vscode/l10n';
import {
  fail,
  isLoopback,
  parsePasswordPolicy,
  type ConfigResult as Result,
  type PasswordPolicyConfig,
} from '../configChecks';

/** openldap: OpenLDAP with ppolicy; 389ds: 389 Directory Server (Red Hat Directory Server); activeDirectory: AD or Samba. */
export type LdapFlavor = 'openldap' | '389ds' | 'activeDirectory';

export const LDAP_FLAVORS: readonly LdapFlavor[] = ['openldap', '389ds', 'activeDirectory'];

/** How the flavor is named in messages. */
export const FLAVOR_LABELS: Record<LdapFlavor, string> = {
  openldap: 'OpenLDAP',
  '389ds': '389 Directory Server',
  activeDirectory: 'Active Directory',
};

export interface LdapDirectoryConfig {
  readonly name: string;
  readonly provider: 'ldap';
  /** ldaps://host:636 or ldap://host:389 */
  readonly url: string;
  readonly startTls: boolean;
  readonly flavor: LdapFlavor;
  /** Where users are searched, e.g. ou=people,dc=example,dc=com */
  readonly baseDn: string;
  /** The account the extension binds as (needs write access to passwords, not "manage"). */
  readonly bindDn: string;
  /** Which entries are users; default per flavor. */
  readonly userFilter: string;
  /** A PEM file with the CA that signed the server's certificate (for private CAs). */
  readonly caCertificateFile?: string;
  readonly passwordPolicy?: PasswordPolicyConfig;
  /**
   * openldap: the DN of the password policy that applies to users without a pwdPolicySubentry (the ppolicy
   * overlay's olcPPolicyDefault), read after a reset to confirm that it has pwdMustChange: TRUE.
   */
  readonly passwordPolicyDn?: string;
}

export const DEFAULT_USER_FILTER: Record<LdapFlavor, string> = {
  openldap: '(objectClass=inetOrgPerson)',
  '389ds': '(objectClass=inetOrgPerson)',
  activeDirectory: '(&(objectCategory=person)(objectClass=user))',
};

export function parseLdapConfig(r: Record<string, unknown>, name: string, label: string): Result<LdapDirectoryConfig> {
  let url: URL;
  try {
    url = new URL(typeof r.url === 'string' ? r.url : '');
  } catch {
    return fail(l10n.t('{0}: "url" must be an LDAP URL such as ldaps://ldap.example.com:636.', label));
  }
  if (url.protocol !== 'ldaps:' && url.protocol !== 'ldap:') {
    return fail(l10n.t('{0}: "url" must start with ldaps:// or ldap://.', label));
  }
  if (url.username || url.password) return fail(l10n.t('{0}: "url" must not contain a user name or password.', label));
  const startTls = r.startTls === true;
  if (url.protocol === 'ldap:' && !startTls && !isLoopback(url.hostname)) {
    return fail(
      l10n.t(
        '{0}: passwords must not cross the network unencrypted. Use ldaps://, or set "startTls": true (plain ldap:// is allowed only for 127.0.0.1 test servers).',
        label,
      ),
    );
  }
  const flavor = r.flavor ?? 'openldap';
  if (!LDAP_FLAVORS.includes(flavor as LdapFlavor))
    return fail(l10n.t('{0}: "flavor" must be "openldap", "389ds" or "activeDirectory".', label));
  const baseDn = typeof r.baseDn === 'string' ? r.baseDn.trim() : '';
  if (!/^[^=,]+=[^,]+/.test(baseDn))
    return fail(l10n.t('{0}: "baseDn" must be a DN such as ou=people,dc=example,dc=com.', label));
  const bindDn = typeof r.bindDn === 'string' ? r.bindDn.trim() : '';
  if (!bindDn) return fail(l10n.t('{0}: "bindDn" must name the account the extension binds as.', label));
  const userFilter =
    typeof r.userFilter === 'string' && r.userFilter.trim()
      ? r.userFilter.trim()
      : DEFAULT_USER_FILTER[flavor as LdapFlavor];
  if (!/^\(.*\)$/.test(userFilter))
    return fail(l10n.t('{0}: "userFilter" must be an LDAP filter in parentheses.', label));
  const caCertificateFile =
    typeof r.caCertificateFile === 'string' && r.caCertificateFile ? r.caCertificateFile : undefined;
  const policy = parsePasswordPolicy(r.passwordPolicy, label);
  if (!policy.ok) return policy;
  const passwordPolicyDn =
    typeof r.passwordPolicyDn === 'string' && r.passwordPolicyDn.trim() ? r.passwordPolicyDn.trim() : undefined;
  if (passwordPolicyDn !== undefined && !/^[^=,]+=[^,]+/.test(passwordPolicyDn)) {
    return fail(
      l10n.t('{0}: "passwordPolicyDn" must be a DN such as cn=default,ou=policies,dc=example,dc=com.', label),
    );
  }
  return {
    ok: true,
    config: {
      name,
      provider: 'ldap',
      url: `${url.protocol}//${url.host}`,
      startTls,
      flavor: flavor as LdapFlavor,
      baseDn,
      bindDn,
      userFilter,
      caCertificateFile,
      passwordPolicy: policy.config,
      passwordPolicyDn,
    },
  };
}
