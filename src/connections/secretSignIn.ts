// Sign-in with a secret (client secret, bearer token, bind password), the same for every kind: ask for it, keep it
// in secret storage, prove it at once with one request, and forget it when the directory rejects it, so the view
// says "signed out" rather than failing on every list. A directory that cannot be reached keeps it (it may be
// right). No 'vscode' import: tested in plain Node.
import { DirectoryError } from '../directory/errors';

/** What sign-in needs of a StoredSecret. */
export interface SecretPrompt {
  /** Asks for the secret and stores it; false when the person cancelled. */
  ask(prompt: string): Promise<boolean>;
  delete(): Promise<void>;
}

/** Asks for the secret and runs `prove`; a secret the directory rejected (signInRequired) is deleted. */
export async function signInWithSecret(
  secret: SecretPrompt,
  prompt: string,
  prove: () => Promise<void>,
): Promise<void> {
  if (!(await secret.ask(prompt))) return;
  try {
    await prove();
  } catch (e) {
    if (e instanceof DirectoryError && e.kind === 'signInRequired') await secret.delete();
    throw e;
  }
}
