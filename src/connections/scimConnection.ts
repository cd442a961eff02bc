// SCIM 2.0 directories: a bearer token, asked for at sign-in with a password input, kept only in VS Code's
// secret storage, and proven with one request before the view uses it.
import * as l10n from '@vscode/l10n';
import { ScimProvider } from '../directory/scim/scimProvider';
import type { ScimDirectoryConfig } from '../directory/scim/scimConfig';
import { ScimTokenSource } from '../directory/scim/scimTokenSource';
import { requestTimeoutMs, type Connection, type ConnectionDeps } from './connection';
import { secretBindingFor } from './secretBinding';
import { signInWithSecret } from './secretSignIn';
import { StoredSecret } from './storedSecret';

export function createScimConnection(config: ScimDirectoryConfig, deps: ConnectionDeps): Connection {
  const secret = new StoredSecret(deps.secrets, config.name, 'bearer token', secretBindingFor(config), deps.logger);
  const provider = new ScimProvider({
    name: config.name,
    baseUrl: config.baseUrl,
    tokenSource: new ScimTokenSource(config.name, () => secret.get()),
    logger: deps.logger,
    passwordPolicy: config.passwordPolicy,
    passwordLength: deps.setting('passwordLength', 16),
    http: { requestTimeoutMs: requestTimeoutMs(deps.setting) },
  });
  return {
    provider,
    async signIn() {
      // proves the token now, not at the first list
      await signInWithSecret(secret, l10n.t('Bearer token for the SCIM service at {0}', config.baseUrl), () =>
        provider.verifyAccess(),
      );
    },
    async signOut() {
      await secret.delete();
    },
    isSignedIn: async () => (await secret.get()) !== undefined,
  };
}
