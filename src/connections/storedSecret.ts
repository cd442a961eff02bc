// A secret (client secret, bearer token, bind password) kept only in VS Code's secret storage, keyed by
// directory name, and asked for with a password input box.
import * as vscode from 'vscode';

export class StoredSecret {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly directoryName: string,
    /** What it is, for the prompt and the key: "client secret", "bearer token", "bind password". */
    private readonly what: string,
    /** Tokens and secrets are pasted, so stray spaces are dropped; a password is kept exactly as typed. */
    private readonly trim = what !== 'bind password',
  ) {}

  private get key(): string {
    return `directoryReset.${this.what.replace(/\s+/g, '')}:${this.directoryName}`;
  }

  get(): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(this.key));
  }

  delete(): Promise<void> {
    return Promise.resolve(this.secrets.delete(this.key));
  }

  /** Asks for the secret; returns false when the person cancelled. */
  async ask(prompt: string): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: `Sign in to ${this.directoryName}`,
      prompt: `${prompt} (kept only in VS Code's secret storage)`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : `Enter the ${this.what}.`),
    });
    if (!value) return false;
    await this.secrets.store(this.key, this.trim ? value.trim() : value);
    return true;
  }
}
