// LDAP directories (OpenLDAP, 389 Directory Server) and Active Directory as a directory kind: its entry in
// ../registry.ts. The words follow the "flavor" setting.
import * as l10n from '@vscode/l10n';
import type { DirectoryKindEntry, KindLabels } from '../kit/kind';
import { parseLdapConfig, type LdapDirectoryConfig, type LdapFlavor } from './ldapConfig';

/** Getters: the words are looked up when they are shown, in the language configured by then. */
const LABELS: Record<LdapFlavor, KindLabels> = {
  openldap: {
    kindLabel: 'LDAP',
    get accountLabel() {
      return l10n.t('LDAP directory account');
    },
  },
  '389ds': {
    kindLabel: '389 Directory Server',
    get accountLabel() {
      return l10n.t('389 Directory Server account');
    },
  },
  activeDirectory: {
    kindLabel: 'Active Directory',
    get accountLabel() {
      return l10n.t('Active Directory account');
    },
  },
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
    get ldapModify() {
      return l10n.t('Generated in VS Code and set with an LDAP modify');
    },
    get ldapPasswordModify() {
      return l10n.t('Generated in VS Code and set with the LDAP Password Modify operation');
    },
  },
} as const satisfies DirectoryKindEntry<LdapDirectoryConfig, string>;
