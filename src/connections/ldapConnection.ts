// LDAP directories and Active Directory: the extension binds as a service account whose password is asked for
// at sign-in, proven with a bind, and kept only in VS Code's secret storage.
import * as l10n from '@vscode/l10n';
import type { LdapDirectoryConfig } from '../directory/ldap/ldapConfig';
import { loadLdap } from '../lazy';
import { requestTimeoutMs, type Connection, type ConnectionDeps } from './connection';
import { secretBindingFor } from './secretBinding';
import { signInWithSecret } from './secretSignIn';
import { StoredSecret } from './storedSecret';

export function createLdapConnection(config: LdapDirectoryConfig, deps: ConnectionDeps): Connection {
  const secret = new StoredSecret(deps.secrets, config.name, 'bind password', secretBindingFor(config), deps.logger);
  const { LdapProvider } = loadLdap(); // ldapts and the LDAP provider load with the first LDAP directory
  const provider = new LdapProvider({
    config,
    getBindPassword: () => secret.get(),
    logger: deps.logger,
    passwordLength: deps.setting('passwordLength', 16),
    operationTimeoutMs: requestTimeoutMs(deps.setting),
  });
  return {
    provider,
    account: () => config.bindDn,
    async signIn() {
      await signInWithSecret(secret, l10n.t('Password of {0}', config.bindDn), async () => {
        const warnings = await provider.verifySignIn(); // a bind now, not at the first list
        deps.logger.info(`LDAP ${config.name}: signed in as ${config.bindDn}`);
        for (const w of warnings) deps.warn?.(w);
      });
    },
    async signOut() {
      provider.closeListings();
      await secret.delete();
    },
    isSignedIn: async () => (await secret.get()) !== undefined,
  };
}
