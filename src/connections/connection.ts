// A connection = a configured directory's provider plus how to sign in to it. One per provider kind
// (graphConnection.ts, scimConnection.ts, ldapConnection.ts); the manager only sees this interface.
import type * as vscode from 'vscode';
import type { SovereignSetting } from '../auth/cloud';
import type { AccountStore, AuthApi, SessionsChangeEvent } from '../auth/vscodeTokenSource';
import type { DirectoryProvider, Logger } from '../directory/types';

export interface Connection {
  readonly provider: DirectoryProvider;
  /** Interactive sign-in (a VS Code account, or a secret asked for and kept in secret storage). */
  signIn(): Promise<void>;
  /** Forgets the stored secret, if any. */
  signOut(): Promise<void>;
  /** Whether a sign-in exists, without prompting. */
  isSignedIn(): Promise<boolean>;
  /** VS Code sign-in only: let the person choose another account for this directory. */
  signInWithAnotherAccount?(): Promise<void>;
  /**
   * VS Code sign-in only: called for every vscode.authentication.onDidChangeSessions; true when this directory's
   * sign-in really changed (so the view reloads), false for other providers and for token refreshes.
   */
  sessionsChanged?(e: SessionsChangeEvent): Promise<boolean>;
  /** Set when signing out happens outside the extension (VS Code's Accounts menu): what to tell the person. */
  readonly signOutElsewhere?: string;
  /** Shown once at sign-in: the settings suggest the sign-in may reach the wrong cloud. */
  readonly signInWarning?: string;
  /** Who acts in this directory, as the History records it (the signed-in account, the app, the bind DN). */
  account?(): string | undefined;
}

export interface ConnectionDeps {
  readonly secrets: vscode.SecretStorage;
  readonly logger: Logger;
  /** Reads a user-scope setting of this extension. */
  readonly setting: <T>(key: string, fallback: T) => T;
  /** vscode.authentication, or what a test puts in its place. */
  readonly auth: AuthApi;
  /** Replaces the Microsoft provider id (tests register their own provider); undefined in production. */
  readonly authProviderId?: string;
  /** Replaces the authority where a tenant domain is looked up (tests); undefined in production. */
  readonly authAuthority?: string;
  /** Where the account chosen per directory is remembered (the extension's globalState). */
  readonly accounts: AccountStore;
  /** VS Code's microsoft-sovereign-cloud.* settings. */
  readonly sovereignSetting: () => SovereignSetting;
  /** Shows a warning to the person using the extension (e.g. settings that do not match the server). */
  readonly warn?: (message: string) => void;
}

/** The directoryReset.requestTimeoutSeconds setting in ms: 5 to 600 s; 30 s when unset or not a number. */
export function requestTimeoutMs(setting: ConnectionDeps['setting']): number {
  const seconds = Number(setting<unknown>('requestTimeoutSeconds', 30));
  return Number.isFinite(seconds) ? Math.min(600, Math.max(5, seconds)) * 1000 : 30_000;
}
