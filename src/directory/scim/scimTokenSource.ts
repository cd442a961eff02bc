// The bearer token of a SCIM service: pasted once at sign-in, kept in VS Code's secret storage by the
// connection, and read from there for every request (so a new sign-in takes effect at once).
import * as l10n from '@vscode/l10n';
import { SignInRequiredError } from '../errors';
import type { TokenSource } from '../types';

export class ScimTokenSource implements TokenSource {
  /** A SCIM token is a service credential, not a person's sign-in. */
  readonly delegated = false;

  constructor(
    private readonly directoryName: string,
    private readonly read: () => Promise<string | undefined>,
  ) {}

  async getToken(): Promise<string> {
    const stored = await this.read();
    // People often paste the whole header value.
    const token = stored
      ?.trim()
      .replace(/^Bearer\s+/i, '')
      .trim();
    if (!token) {
      throw new SignInRequiredError(this.directoryName, l10n.t('No bearer token is stored for this SCIM directory.'));
    }
    return token;
  }
}
