// Delegated sign-in with VS Code's Microsoft authentication provider ('microsoft', or 'microsoft-sovereign-cloud'),
// using the directory's own app registration (VS Code's default client id cannot get admin Graph scopes).
//
// No 'vscode' import: the few calls of vscode.authentication come in through `AuthApi` (graphConnection.ts passes
// the real one), the remembered account through `AccountStore` (the extension's globalState), so this is tested in
// plain Node and, inside VS Code, against a provider registered by the test.
//
// - The tenant goes to the provider as its GUID: a domain is resolved once (tenantResolver.ts). With a domain the
//   provider's cache never matches, every silent request refreshes, and every refresh fires onDidChangeSessions.
// - The account chosen for a directory is remembered per directory and tenant (id and label only, never a token)
//   and passed as `account` on every request, so two directories never silently share one account.
// - First sign-in: createIfNone. forceNewSession only after the directory rejected a token. Another account:
//   clearSessionPreference. A 401's claims challenge: the challenge form of getSession (VS Code 1.105+).
import * as l10n from '@vscode/l10n';
import type { GraphDirectoryConfig } from '../directory/graph/graphConfig';
import { displayText } from '../directory/displayText';
import { cancelledError, DirectoryError, SignInRequiredError } from '../directory/errors';
import type { AuthChallenge, Logger, TokenRequest, TokenSource } from '../directory/types';
import type { CloudCheck } from './cloud';
import { SOVEREIGN_PROVIDER_ID, SOVEREIGN_SETTING } from './cloud';
import { resolveTenantId } from './tenantResolver';
import { signInOptions, type SignInSituation } from './signInOptions';

export { signInOptions, type SignInSituation };

/** vscode.AuthenticationSessionAccountInformation */
export interface SessionAccount {
  readonly id: string;
  readonly label: string;
}

/** The parts of vscode.AuthenticationSession used here. */
export interface AuthSession {
  readonly accessToken: string;
  readonly account: SessionAccount;
}

/** vscode.AuthenticationWwwAuthenticateRequest (VS Code 1.105+). */
export interface WwwAuthenticateRequest {
  readonly wwwAuthenticate: string;
  readonly fallbackScopes?: readonly string[];
}

type Presentation = boolean | { readonly detail?: string };

/** vscode.AuthenticationGetSessionOptions, as far as used here. */
export interface GetSessionOptions {
  readonly silent?: boolean;
  readonly createIfNone?: Presentation;
  readonly forceNewSession?: Presentation;
  readonly clearSessionPreference?: boolean;
  readonly account?: SessionAccount;
}

/** vscode.AuthenticationSessionsChangeEvent */
export interface SessionsChangeEvent {
  readonly provider: { readonly id: string };
}

/** The slice of vscode.authentication this module uses; tests pass their own or wrap the real one. */
export interface AuthApi {
  getSession(
    providerId: string,
    scopesOrRequest: readonly string[] | WwwAuthenticateRequest,
    options: GetSessionOptions,
  ): Thenable<AuthSession | undefined>;
  onDidChangeSessions(listener: (e: SessionsChangeEvent) => unknown): { dispose(): unknown };
}

/** vscode.Memento (the extension's globalState). */
export interface AccountStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
  keys(): readonly string[];
}

const ACCOUNT_KEY_PREFIX = 'directoryReset.account/';

export interface VsCodeTokenSourceOptions {
  readonly config: GraphDirectoryConfig;
  readonly resetMethod: string;
  readonly auth: AuthApi;
  readonly accounts: AccountStore;
  /** Which provider to ask and where it signs in; `problem` makes every sign-in fail with that message. */
  readonly cloud: CloudCheck;
  /** Replaces cloud.providerId (tests register their own provider). */
  readonly providerId?: string;
  readonly logger: Logger;
  /**
   * Least time between the end of one session check and the start of the next (default 2 s). Events inside it
   * are answered by one later check, so even a provider whose every check fires the next event (what a tenant
   * domain did) cannot make this extension ask faster than that.
   */
  readonly minCheckIntervalMs?: number;
}

export class VsCodeTokenSource implements TokenSource {
  readonly delegated = true;
  private lastToken?: string;
  private directoryRejected = false;
  private pendingChallenge?: AuthChallenge;
  /** Account id seen by the last silent check; undefined = signed out; null = not checked yet. */
  private known: string | undefined | null = null;
  private check?: Promise<boolean>;
  private checkAgain = false;
  private lastCheckEnd = 0;

  constructor(private readonly options: VsCodeTokenSourceOptions) {}

  get providerId(): string {
    return this.options.providerId ?? this.options.cloud.providerId;
  }

  private get name(): string {
    return this.options.config.name;
  }

  /** The globalState key of this directory's account: directory name + tenant as configured. */
  get accountKey(): string {
    return `${ACCOUNT_KEY_PREFIX}${this.name}/${this.options.config.tenantId.toLowerCase()}`;
  }

  /** The account remembered for this directory (id and label only). */
  get rememberedAccount(): SessionAccount | undefined {
    const v = this.options.accounts.get(this.accountKey) as Partial<SessionAccount> | undefined;
    return v && typeof v.id === 'string' && typeof v.label === 'string' ? { id: v.id, label: v.label } : undefined;
  }

  /** Each scope its own array element, as the Microsoft provider expects; the tenant as its GUID. */
  async scopes(signal?: AbortSignal): Promise<string[]> {
    const { config, cloud, logger } = this.options;
    if (cloud.problem) throw new DirectoryError('configuration', cloud.problem, '');
    const tenant = await resolveTenantId(config.tenantId, {
      authority: cloud.authority ?? 'https://login.microsoftonline.com',
      directoryName: config.name,
      logger,
      signal,
    });
    const graph = config.graphEndpoint;
    const reset =
      this.options.resetMethod === 'passwordProfile'
        ? 'User-PasswordProfile.ReadWrite.All'
        : 'UserAuthenticationMethod.ReadWrite.All';
    return [
      `VSCODE_CLIENT_ID:${config.clientId}`,
      `VSCODE_TENANT:${tenant}`,
      `${graph}/User.Read.All`,
      `${graph}/${reset}`,
    ];
  }

  async getToken(request: TokenRequest = {}): Promise<string> {
    const account = this.rememberedAccount;
    // Never signed in for this directory: say so, without asking VS Code for some other directory's account.
    if (!account) throw new SignInRequiredError(this.name);
    const scopes = await this.scopes(request.signal);
    if (request.challenge) return this.tokenForChallenge(request.challenge, scopes, account);
    const session = await this.ask(scopes, { silent: true, account });
    if (!session) {
      this.known = undefined;
      throw new SignInRequiredError(
        this.name,
        l10n.t('You are no longer signed in to {0} as {1} in VS Code.', this.name, account.label),
      );
    }
    if (request.refresh && session.accessToken === this.lastToken) {
      // VS Code has nothing newer than the token the directory just refused.
      this.directoryRejected = true;
      throw new SignInRequiredError(
        this.name,
        l10n.t('{0} no longer accepts your sign-in (it may have expired or been revoked).', this.name),
      );
    }
    return this.accept(session);
  }

  /** A 401's claims challenge: a token for it, silently if VS Code can; otherwise the next sign-in answers it. */
  private async tokenForChallenge(
    challenge: AuthChallenge,
    scopes: string[],
    account: SessionAccount,
  ): Promise<string> {
    this.options.logger.info(
      `${this.name}: the directory sent a claims challenge (${displayText(challenge.error ?? 'no error code', 60)}); asking VS Code for a token that meets it`,
    );
    const session = await this.ask(
      { wwwAuthenticate: challenge.wwwAuthenticate, fallbackScopes: scopes },
      { silent: true, account },
    ).catch((e) => {
      this.pendingChallenge = challenge;
      throw e;
    });
    if (!session) {
      this.pendingChallenge = challenge;
      throw new SignInRequiredError(
        this.name,
        l10n.t(
          '{0} asks for a sign-in that meets its Conditional Access policy (for example multi-factor authentication), which needs a sign-in window.',
          this.name,
        ),
      );
    }
    return this.accept(session);
  }

  rejected(challenge?: AuthChallenge): void {
    this.directoryRejected = true;
    if (challenge) this.pendingChallenge = challenge;
  }

  /** What the next interactive sign-in will do (exposed for tests and messages). */
  situation(anotherAccount: boolean): SignInSituation {
    const remembered = this.rememberedAccount;
    return {
      directoryName: this.name,
      remembered,
      otherDirectoriesRemembered: this.options.accounts
        .keys()
        .some((k) => k.startsWith(ACCOUNT_KEY_PREFIX) && k !== this.accountKey),
      rejected: this.directoryRejected,
      challenge: this.pendingChallenge,
      anotherAccount,
    };
  }

  /** Interactive sign-in; remembers the account VS Code returns for this directory. */
  async signIn(anotherAccount = false): Promise<SessionAccount> {
    const scopes = await this.scopes();
    const situation = this.situation(anotherAccount);
    const options = signInOptions(situation);
    const request =
      situation.challenge && !anotherAccount
        ? { wwwAuthenticate: situation.challenge.wwwAuthenticate, fallbackScopes: scopes }
        : scopes;
    const session = await this.ask(request, options);
    if (!session) throw new SignInRequiredError(this.name); // only a silent call returns nothing; kept for type safety
    await this.options.accounts.update(this.accountKey, { id: session.account.id, label: session.account.label });
    this.directoryRejected = false;
    this.pendingChallenge = undefined;
    this.accept(session);
    this.options.logger.info(`${this.name}: signed in with VS Code's ${this.providerId} account`);
    return session.account;
  }

  async isSignedIn(): Promise<boolean> {
    if (this.options.cloud.problem) return false;
    const id = await this.currentAccountId().catch(() => (this.rememberedAccount ? 'unknown' : undefined));
    // A lookup that failed (network) counts as signed in: the listing then shows the error with its next step.
    return id !== undefined;
  }

  /** The account id VS Code has for this directory now (silently), or undefined when signed out. */
  private async currentAccountId(): Promise<string | undefined> {
    const account = this.rememberedAccount;
    if (!account || this.options.cloud.problem) {
      this.known = undefined;
      return undefined;
    }
    const session = await this.ask(await this.scopes(), { silent: true, account });
    this.known = session?.account.id;
    return this.known;
  }

  /**
   * onDidChangeSessions: true when this directory's sign-in really changed (another account, signed in or out),
   * so the view must reload. Events of other providers are ignored without a request; for this provider one silent
   * check runs (events arriving meanwhile are folded into one more, and events soon after a check wait for the
   * interval), and a token refresh of the same account (what Azure, Copilot and this extension itself cause all day)
   * changes nothing.
   */
  sessionsChanged(e: SessionsChangeEvent): Promise<boolean> {
    if (e.provider.id !== this.providerId) return Promise.resolve(false);
    if (this.check) {
      this.checkAgain = true;
      return Promise.resolve(false);
    }
    const wait = Math.max(0, this.lastCheckEnd + (this.options.minCheckIntervalMs ?? 2000) - Date.now());
    this.check = (async () => {
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      let changed = false;
      for (let round = 0; round < 2; round++) {
        this.checkAgain = false;
        const before = this.known;
        const now = await this.currentAccountId().catch(() => before);
        if (now !== before) changed = true;
        if (!this.checkAgain) break;
      }
      return changed;
    })().finally(() => {
      this.check = undefined;
      this.lastCheckEnd = Date.now();
    });
    return this.check;
  }

  private accept(session: AuthSession): string {
    this.lastToken = session.accessToken;
    this.known = session.account.id;
    return session.accessToken;
  }

  private async ask(
    request: readonly string[] | WwwAuthenticateRequest,
    options: GetSessionOptions,
  ): Promise<AuthSession | undefined> {
    try {
      return await this.options.auth.getSession(this.providerId, request, options);
    } catch (e) {
      throw this.explain(e);
    }
  }

  /** VS Code's and the provider's errors in plain words with the next step. */
  private explain(e: unknown): Error {
    if (e instanceof DirectoryError) return e;
    const message = e instanceof Error ? e.message : String(e);
    const name = e instanceof Error ? e.name : '';
    if (name === 'Canceled' || /did not consent|cancel/i.test(message)) return cancelledError();
    if (
      /Timed out waiting for authentication provider|No authentication provider .* is currently registered/i.test(
        message,
      )
    ) {
      if (this.providerId === SOVEREIGN_PROVIDER_ID) {
        return new DirectoryError(
          'configuration',
          l10n.t(
            'VS Code\'s "Microsoft Sovereign Cloud" sign-in is not available, so {0} cannot sign in. It exists only when the VS Code setting "{1}" is set.',
            this.name,
            SOVEREIGN_SETTING,
          ),
          l10n.t(
            'Set "{0}" (USGovernment, ChinaCloud, or custom) in your user settings, then sign in again.',
            SOVEREIGN_SETTING,
          ),
        );
      }
      return new DirectoryError(
        'configuration',
        l10n.t(
          'VS Code\'s Microsoft sign-in ("{0}") is not available, so {1} cannot sign in.',
          this.providerId,
          this.name,
        ),
        l10n.t(
          'Make sure the built-in "Microsoft Account" extension is enabled (Extensions view, @builtin microsoft), then sign in again.',
        ),
      );
    }
    if (/does not support getting sessions from challenges/i.test(message)) {
      return new DirectoryError(
        'signInRequired',
        l10n.t(
          '{0} asks for a sign-in that meets its Conditional Access policy, but VS Code\'s "{1}" sign-in cannot answer such a request.',
          this.name,
          this.providerId,
        ),
        l10n.t(
          "Sign out of the account in VS Code's Accounts menu and sign in again; if that does not help, ask your administrator which policy applies.",
        ),
      );
    }
    const code = /AADSTS\d+/.exec(message)?.[0];
    return new DirectoryError(
      'signInRequired',
      l10n.t('Signing in to {0} failed: {1}', this.name, displayText(message.split(/\r?\n/)[0], 300)),
      code
        ? l10n.t('See "Troubleshooting" in the README for {0}, then run "Directory: Sign In" again.', code)
        : l10n.t('Check the app registration (see the README), then run "Directory: Sign In" again.'),
      { code, cause: e },
    );
  }
}
