// Microsoft Graph: signed in as yourself through VS Code's Microsoft account, or app-only with a client secret.
import { ClientCredentialsTokenSource } from '../auth/clientCredentialsTokenSource';
import { VsCodeTokenSource } from '../auth/vscodeTokenSource';
import type { GraphDirectoryConfig } from '../directory/config';
import { GraphProvider } from '../directory/graph/graphProvider';
import { requestTimeoutMs, type Connection, type ConnectionDeps } from './connection';
import { secretBindingFor } from './secretBinding';
import { StoredSecret } from './storedSecret';

export function createGraphConnection(config: GraphDirectoryConfig, deps: ConnectionDeps): Connection {
  const resetMethod = deps.setting('resetMethod', 'auto') as 'auto';
  const provider = (tokenSource: VsCodeTokenSource | ClientCredentialsTokenSource) =>
    new GraphProvider({
      name: config.name,
      graphEndpoint: config.graphEndpoint,
      tokenSource,
      logger: deps.logger,
      resetMethod,
      passwordLength: deps.setting('passwordLength', 16),
      http: { requestTimeoutMs: requestTimeoutMs(deps.setting) },
    });

  if (config.authentication === 'vscode') {
    const tokens = new VsCodeTokenSource(config, resetMethod);
    return {
      provider: provider(tokens),
      signIn: () => tokens.signIn(true),
      signOut: async () => undefined, // VS Code owns the account: the Accounts menu removes it
      isSignedIn: () => tokens.isSignedIn(),
    };
  }

  const secret = new StoredSecret(deps.secrets, config.name, 'client secret', secretBindingFor(config), deps.logger);
  const tokens = new ClientCredentialsTokenSource({
    directoryName: config.name,
    authorityHost: config.authorityHost,
    tenantId: config.tenantId,
    clientId: config.clientId,
    graphEndpoint: config.graphEndpoint,
    getSecret: () => secret.get(),
    logger: deps.logger,
    requestTimeoutMs: requestTimeoutMs(deps.setting),
  });
  return {
    provider: provider(tokens),
    async signIn() {
      if (!(await secret.ask(`Client secret of the app registration ${config.clientId}`))) return;
      tokens.clear();
      await tokens.getToken({ refresh: true }); // proves the secret now, not at the first list
    },
    async signOut() {
      await secret.delete();
      tokens.clear();
    },
    isSignedIn: async () => (await secret.get()) !== undefined,
  };
}
