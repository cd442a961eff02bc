// Delegated sign-in with VS Code's built-in Microsoft authentication provider, using the directory's
// own app registration (VS Code's default client id cannot get admin Graph scopes).
import * as vscode from 'vscode';
import type { GraphDirectoryConfig } from '../directory/config';
import { SignInRequiredError } from '../directory/errors';
import type { TokenSource } from '../directory/types';

const SOVEREIGN_GRAPH_HOSTS = ['graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn'];

export class VsCodeTokenSource implements TokenSource {
  readonly delegated = true;
  private lastToken?: string;

  constructor(
    private readonly config: GraphDirectoryConfig,
    private readonly resetMethod: string,
  ) {}

  /** Each scope its own array element, as the Microsoft provider expects. */
  get scopes(): string[] {
    const graph = this.config.graphEndpoint;
    const reset =
      this.resetMethod === 'passwordProfile' ? 'User-PasswordProfile.ReadWrite.All' : 'UserAuthenticationMethod.ReadWrite.All';
    return [
      `VSCODE_CLIENT_ID:${this.config.clientId}`,
      `VSCODE_TENANT:${this.config.tenantId}`,
      `${graph}/User.Read.All`,
      `${graph}/${reset}`,
    ];
  }

  get providerId(): string {
    return SOVEREIGN_GRAPH_HOSTS.includes(new URL(this.config.graphEndpoint).hostname) ? 'microsoft-sovereign-cloud' : 'microsoft';
  }

  async getToken(options: { refresh?: boolean } = {}): Promise<string> {
    // Silent: never pops a sign-in in the middle of loading a list; the view offers "Sign In" instead.
    const session = await vscode.authentication.getSession(this.providerId, this.scopes, { silent: true });
    if (!session) throw new SignInRequiredError(this.config.name);
    if (options.refresh && session.accessToken === this.lastToken) {
      throw new SignInRequiredError(this.config.name, `${this.config.name} no longer accepts your sign-in.`);
    }
    this.lastToken = session.accessToken;
    return session.accessToken;
  }

  /** Interactive sign-in; `force` asks again even when a session exists (after a rejected token). */
  async signIn(force: boolean): Promise<void> {
    await vscode.authentication.getSession(
      this.providerId,
      this.scopes,
      force ? { forceNewSession: { detail: `Sign in again to ${this.config.name}.` } } : { createIfNone: true },
    );
  }

  async isSignedIn(): Promise<boolean> {
    return (await vscode.authentication.getSession(this.providerId, this.scopes, { silent: true })) !== undefined;
  }
}
