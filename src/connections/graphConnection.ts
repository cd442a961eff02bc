// Microsoft Graph: signed in as yourself through VS Code's Microsoft account, or app-only with a client secret.
import * as l10n from '@vscode/l10n';
import { ClientCredentialsTokenSource } from '../auth/clientCredentialsTokenSource';
import { checkCloud, PUBLIC_PROVIDER_ID } from '../auth/cloud';
import { VsCodeTokenSource } from '../auth/vscodeTokenSource';
import { DEFAULT_AUTHORITY_HOST, type GraphDirectoryConfig } from '../directory/graph/graphConfig';
import { requestTimeoutMs, type Connection, type ConnectionDeps } from './connection';
import { graphProviderFor, resetMethodSetting } from './graphProviderFor';
import { secretBindingFor } from './secretBinding';
import { signInWithSecret } from './secretSignIn';
import { StoredSecret } from './storedSecret';

export function createGraphConnection(config: GraphDirectoryConfig, deps: ConnectionDeps): Connection {
  const resetMethod = resetMethodSetting(deps);
  const provider = (tokenSource: VsCodeTokenSource | ClientCredentialsTokenSource) =>
    graphProviderFor(config, tokenSource, deps);

  if (config.authentication === 'vscode') {
    const checked = checkCloud(config.name, config, deps.sovereignSetting());
    const cloud = deps.authAuthority ? { ...checked, authority: deps.authAuthority } : checked;
    if (cloud.problem) deps.logger.warn(cloud.problem);
    if (cloud.warning) deps.logger.warn(cloud.warning);
    if (config.authorityHost !== DEFAULT_AUTHORITY_HOST) {
      deps.logger.warn(
        `${config.name}: "authorityHost" is not used with "authentication": "vscode"; VS Code's sign-in uses ` +
          (cloud.providerId === PUBLIC_PROVIDER_ID
            ? 'https://login.microsoftonline.com'
            : 'the authority of its "microsoft-sovereign-cloud.environment" setting') +
          '. Set "cloud" to choose a sovereign or custom cloud.',
      );
    }
    const tokens = new VsCodeTokenSource({
      config,
      resetMethod,
      auth: deps.auth,
      accounts: deps.accounts,
      cloud,
      providerId: deps.authProviderId,
      logger: deps.logger,
    });
    return {
      provider: provider(tokens),
      signIn: async () => void (await tokens.signIn(false)),
      signInWithAnotherAccount: async () => void (await tokens.signIn(true)),
      // VS Code owns the account: only its Accounts menu signs out of it.
      signOut: () => Promise.resolve(),
      signOutElsewhere:
        l10n.t(
          '{0} uses your Microsoft account in VS Code, so sign-out happens in VS Code\'s Accounts menu (the person icon at the bottom of the activity bar): pick the account, then "Sign Out".',
          config.name,
        ) +
        ' ' +
        l10n.t('To use another account for this directory, run "Directory: Sign In with Another Account".'),
      isSignedIn: () => tokens.isSignedIn(),
      sessionsChanged: (e) => tokens.sessionsChanged(e),
      signInWarning: cloud.warning,
      account: () => tokens.rememberedAccount?.label,
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
      await signInWithSecret(secret, l10n.t('Client secret of the app registration {0}', config.clientId), async () => {
        tokens.clear();
        await tokens.getToken({ refresh: true }); // proves the secret now, not at the first list
      });
    },
    async signOut() {
      await secret.delete();
      tokens.clear();
    },
    isSignedIn: async () => (await secret.get()) !== undefined,
    account: () => `app ${config.clientId}`,
  };
}
