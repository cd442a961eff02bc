// A connection = a configured directory's provider plus how to sign in to it. One per provider kind
// (graphConnection.ts, scimConnection.ts, ldapConnection.ts); the manager only sees this interface.
import type * as vscode from 'vscode';
import type { DirectoryConfig } from '../directory/config';
import type { DirectoryProvider, Logger } from '../directory/types';

export interface Connection {
  readonly provider: DirectoryProvider;
  /** Interactive sign-in (a VS Code account, or a secret asked for and kept in secret storage). */
  signIn(): Promise<void>;
  /** Forgets the stored secret, if any. */
  signOut(): Promise<void>;
  /** Whether a sign-in exists, without prompting. */
  isSignedIn(): Promise<boolean>;
}

export interface ConnectionDeps {
  readonly secrets: vscode.SecretStorage;
  readonly logger: Logger;
  /** Reads a user-scope setting of this extension. */
  readonly setting: <T>(key: string, fallback: T) => T;
  /** Shows a warning to the person using the extension (e.g. settings that do not match the server). */
  readonly warn?: (message: string) => void;
}

export type ConnectionFactory<C extends DirectoryConfig> = (config: C, deps: ConnectionDeps) => Connection;
