// A secret (client secret, bearer token, bind password) kept only in VS Code's secret storage, keyed by
// directory name, bound to the endpoint and identity it was given for (see secretBinding.ts), and asked for
// with a password input box.
import * as l10n from '@vscode/l10n';
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
    private readonly what: 'client secret' | 'bearer token' | 'bind password',
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
      ? l10n.t(
          'The {0} you gave before was for {1}; the settings now name {2}.',
          this.label(),
          found.storedFor,
          this.binding,
        )
      : l10n.t('The settings now name {0}; enter the {1} for it.', this.binding, this.label());
  }

  delete(): Promise<void> {
    return Promise.resolve(this.secrets.delete(this.key));
  }

  /** Asks for the secret; returns false when the person cancelled. */
  /** `what` in the person's language, for the sentences above (`what` itself also names the storage key). */
  private label(): string {
    if (this.what === 'client secret') return l10n.t('client secret');
    if (this.what === 'bearer token') return l10n.t('bearer token');
    return l10n.t('bind password');
  }

  async ask(prompt: string): Promise<boolean> {
    const note = await this.mismatchNote();
    const value = await vscode.window.showInputBox({
      title: l10n.t('Sign in to {0}', this.directoryName),
      prompt: `${note ? `${note} ` : ''}${l10n.t("{0} (kept only in VS Code's secret storage)", prompt)}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : l10n.t('Enter the {0}.', this.label())),
    });
    if (!value) return false;
    await this.secrets.store(this.key, bindSecret(this.trim ? value.trim() : value, this.binding));
    this.reportedMismatch = undefined;
    return true;
  }
}
