// A secret (client secret, bearer token, bind password) kept only in VS Code's secret storage, keyed by
// directory name, bound to the endpoint and identity it was given for (see secretBinding.ts), and asked for
// with a password input box.
import * as vscode from 'vscode';
import type { Logger } from '../directory/types';
import { bindSecret, unbindSecret } from './secretBinding';

export class StoredSecret {
  /** The binding of the last stored secret that did not match, so it is reported once, not on every request. */
  private reportedMismatch?: string;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly directoryName: string,
    /** What it is, for the prompt and the key: "client secret", "bearer token", "bind password". */
    private readonly what: string,
    /** The endpoint and identity it is for now: secretBindingFor(config). */
    private readonly binding: string,
    private readonly logger?: Logger,
    /** Tokens and secrets are pasted, so stray spaces are dropped; a password is kept exactly as typed. */
    private readonly trim = what !== 'bind password',
  ) {}

  private get key(): string {
    return `directoryReset.${this.what.replace(/\s+/g, '')}:${this.directoryName}`;
  }

  /** The secret, only if it was given for this directory's current endpoint and identity. */
  async get(): Promise<string | undefined> {
    const found = unbindSecret(await this.secrets.get(this.key), this.binding);
    if (found.kind === 'ok') return found.secret;
    if (found.kind === 'otherEndpoint') {
      const was = found.storedFor ?? 'an endpoint an older version did not record';
      if (this.reportedMismatch !== was) {
        this.reportedMismatch = was;
        this.logger?.warn(
          `${this.directoryName}: the stored ${this.what} was given for ${was}, and the settings now name ${this.binding}; it is not used until you sign in again`,
        );
      }
    }
    return undefined;
  }

  /** Why the stored secret is not used, for the sign-in prompt; undefined when there is none or it matches. */
  private async mismatchNote(): Promise<string | undefined> {
    const found = unbindSecret(await this.secrets.get(this.key), this.binding);
    if (found.kind !== 'otherEndpoint') return undefined;
    return found.storedFor
      ? `The ${this.what} you gave before was for ${found.storedFor}; the settings now name ${this.binding}.`
      : `The settings now name ${this.binding}; enter the ${this.what} for it.`;
  }

  delete(): Promise<void> {
    return Promise.resolve(this.secrets.delete(this.key));
  }

  /** Asks for the secret; returns false when the person cancelled. */
  async ask(prompt: string): Promise<boolean> {
    const note = await this.mismatchNote();
    const value = await vscode.window.showInputBox({
      title: `Sign in to ${this.directoryName}`,
      prompt: `${note ? `${note} ` : ''}${prompt} (kept only in VS Code's secret storage)`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : `Enter the ${this.what}.`),
    });
    if (!value) return false;
    await this.secrets.store(this.key, bindSecret(this.trim ? value.trim() : value, this.binding));
    this.reportedMismatch = undefined;
    return true;
  }
}
