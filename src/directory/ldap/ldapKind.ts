// LDAP directories (OpenLDAP, 389 Directory Server) and Active Directory as a directory kind: its entry in
// ../registry.ts. The words follow the "flavor" setting.
import type { DirectoryKindEntry, KindLabels } from '../kit/kind';
import { parseLdapConfig, type LdapDirectoryConfig, type LdapFlavor } from './ldapConfig';

const LABELS: Record<LdapFlavor, KindLabels> = {
  openldap: { kindLabel: 'LDAP', accountLabel: 'LDAP directory account' },
  '389ds': { kindLabel: '389 Directory Server', accountLabel: '389 Directory Server account' },
  activeDirectory: { kindLabel: 'Active Directory', accountLabel: 'Active Directory account' },
};

export function ldapLabels(flavor: LdapFlavor): KindLabels {
  return LABELS[flavor];
}

export const ldapKind = {
  id: 'ldap',
  parse: parseLdapConfig,
  describe: (c) => `${LABELS[c.flavor].kindLabel} · ${c.url}`,
  secretBinding: (c) => `${c.bindDn} at ${c.url}`,
  labels: (c) => LABELS[c?.flavor ?? 'openldap'],
  resetMethods: {
    ldapModify: 'Generated in VS Code and set with an LDAP modify',
    ldapPasswordModify: 'Generated in VS Code and set with the LDAP Password Modify operation',
  },
} as const satisfies DirectoryKindEntry<LdapDirectoryConfig, string>;
