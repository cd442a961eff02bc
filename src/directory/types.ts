// The directory model shared by every provider, the tree, the commands and the profile page.
// Nothing under src/directory imports 'vscode': this layer is tested in plain Node.
import type { KindLabels } from './kit/kind';
import type { ResetMethod } from './registry';

/** Where an account's password lives, which decides whether it can be reset here. */
export type AccountSource = 'cloud' | 'synced' | 'external';

/** A user as the extension shows it; providers map their own records to this shape. */
export interface DirectoryUser {
  readonly id: string;
  readonly displayName: string;
  /**
   * The name the person signs in with, as the directory keeps it: Entra ID's userPrincipalName, SCIM's userName,
   * LDAP's uid (or mail), Active Directory's userPrincipalName (or sAMAccountName). Each provider maps its own.
   */
  readonly signInName: string;
  readonly mail?: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly accountEnabled?: boolean;
  /** 'Member' or 'Guest' in Entra ID. */
  readonly userType?: string;
  readonly source: AccountSource;
  /** Why this account's password cannot be reset here, in plain words; undefined when it can. */
  readonly resetRefusal?: string;
  /** ISO 8601, only when the provider was asked for it (the profile page). */
  readonly lastPasswordChangeDateTime?: string;
  /**
   * True when the directory says it will make the user change the password at next sign-in (OpenLDAP pwdReset
   * under a policy with pwdMustChange, 389 DS pwdReset, AD pwdLastSet=0 without "password never expires").
   */
  readonly mustChangePassword?: boolean;
  /**
   * True when the directory says the account is locked out after failed sign-ins (AD lockoutTime, OpenLDAP's
   * ppolicy lockout), which "Unlock" clears. Not the administrative disable: that is accountEnabled === false.
   */
  readonly locked?: boolean;
}

export interface UserPage {
  readonly users: readonly DirectoryUser[];
  /** Opaque: pass back to listUsers({ cursor }) for the next page; undefined on the last page. */
  readonly nextCursor?: string;
  /** Total matches when the directory reports it (Graph: @odata.count on the first page of a search). */
  readonly totalCount?: number;
}

export interface ListOptions {
  /** Server-side search text as the user typed it; the provider escapes it. */
  readonly search?: string;
  /** Users per page. */
  readonly pageSize: number;
  /** Continue a previous listing (all other options are carried by the cursor). */
  readonly cursor?: string;
  readonly signal?: AbortSignal;
}

/** How the password was set: each kind's entry in registry.ts lists its methods and their labels. */
export type { ResetMethod } from './registry';

/** Why the directory will NOT make the user change the temporary password, and what would make it. */
export interface MustChangeNote {
  /** One or two plain sentences: what the directory said or did not say (its policy, the account's rights). */
  readonly why: string;
  /** What to configure so that the directory forces the change after a reset. */
  readonly nextStep: string;
}

export interface ResetOptions {
  readonly signal?: AbortSignal;
  /** Plain-words progress for the UI ("Waiting for the directory to confirm..."). */
  readonly onProgress?: (message: string) => void;
  /**
   * The user must pass multi-factor authentication before choosing the new password (Graph's
   * forceChangePasswordNextSignInWithMfa). Only where capabilities.offersMfaWithReset; sent in the reset's own request.
   */
  readonly requireMfa?: boolean;
}

export interface ResetResult {
  /** Lives only in memory: shown on the profile page and copied on request, never logged or stored. */
  readonly temporaryPassword: string;
  readonly method: ResetMethod;
  /**
   * True only when the directory itself confirmed that it will make the user choose a new password at next
   * sign-in (read back after the reset, or the documented answer of an API that forces it). Never a guess.
   */
  readonly mustChangeAtNextSignIn: boolean;
  /** When mustChangeAtNextSignIn is false and the provider knows why: shown on the profile page and in the message. */
  readonly mustChangeNote?: MustChangeNote;
  /** True when the reset asked for MFA before the change (requireMfa) and the directory confirmed it stored that. */
  readonly mfaBeforeChange?: boolean;
  /** When the directory confirmed the reset. */
  readonly completedAt: Date;
}

/**
 * The account-recovery actions beside the reset. A provider lists the ones it can do in capabilities.actions and
 * implements the matching methods of DirectoryProvider; the menus show only those (and only where the user's state
 * fits: Enable on a disabled account, Unlock on a locked one).
 */
export type AccountAction =
  'issueTemporaryAccessPass' | 'revokeSessions' | 'enableAccount' | 'disableAccount' | 'unlockAccount';

export const ACCOUNT_ACTIONS: readonly AccountAction[] = [
  'issueTemporaryAccessPass',
  'revokeSessions',
  'enableAccount',
  'disableAccount',
  'unlockAccount',
];

/** Progress and cancellation of an action, as for a reset. */
export type ActionOptions = ResetOptions;

/** What a provider found before the confirmation (a read, never a change). */
export interface ActionPreparation {
  /** Why the action cannot work for this user, in plain words: the command refuses, nothing is sent. */
  readonly refusal?: string;
  /** Sentences the confirmation must show, e.g. "The Temporary Access Pass that Ada has now will be replaced." */
  readonly notes: readonly string[];
}

/** A change the directory confirmed (enable, disable, unlock, sign-out everywhere). */
export interface ActionResult {
  readonly action: AccountAction;
  /** When the directory confirmed it. */
  readonly completedAt: Date;
  /** The user as the directory has it after the change, when the provider read it back (tree and page update). */
  readonly user?: DirectoryUser;
  /** One plain sentence the person should know about the result (e.g. "It can take a few minutes to reach every app."). */
  readonly note?: string;
  /** The directory's request id (Graph's request-id header), for the record of what was done. */
  readonly requestId?: string;
}

export interface TemporaryAccessPassOptions extends ActionOptions {
  /** 10 to 43,200 (the setting directoryReset.temporaryAccessPass.lifetimeInMinutes). */
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

/** A Temporary Access Pass the directory created. */
export interface TemporaryAccessPassResult extends ActionResult {
  readonly action: 'issueTemporaryAccessPass';
  /** Lives only in memory: shown on the profile page and copied on request, never logged or stored. */
  readonly temporaryAccessPass: string;
  /** When the pass starts to work and stops working, as the directory answered. */
  readonly startDateTime: Date;
  readonly endDateTime: Date;
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

/** What the pre-flight check ("may I do this?") judges: the reset and the actions beside it. */
export type AccessAction = 'resetPassword' | AccountAction;

/** Whether the directory will let the signed-in person do an action to one user, judged from roles before sending. */
export type AccessVerdict =
  | {
      readonly kind: 'allowed';
      /** The role that allows it, as the confirmation names it ("Helpdesk Administrator"). */
      readonly asRole: string;
    }
  | {
      readonly kind: 'denied';
      /** Plain words: why the directory would refuse (the target's roles, the scope of yours). */
      readonly reason: string;
      readonly nextStep: string;
    };

/** One entry of the directory's own audit log about a user (Entra ID's directoryAudits), as plain text. */
export interface AuditEntry {
  /** ISO 8601, as the directory answered. */
  readonly at: string;
  readonly activity: string;
  /** "success", "failure"... as the directory answered. */
  readonly result: string;
  /** Who did it: a sign-in name, a display name or an app's name. */
  readonly initiatedBy: string;
  readonly correlationId?: string;
}

/** The pre-flight check for one user. */
export interface AccessReport {
  /** Per action; an action without a verdict is not judged (the directory decides, as without the check). */
  readonly verdicts: Readonly<Partial<Record<AccessAction, AccessVerdict>>>;
  /**
   * Set when the signed-in person's roles could not be read (no RoleManagement.Read.Directory): plain words, said
   * once; nothing is judged and everything behaves as without the check.
   */
  readonly unreadable?: string;
}

/** What differs between directories, so the UI can say it honestly without knowing the provider. */
export interface ProviderCapabilities extends KindLabels {
  /** The actions beside the reset that this directory can do (see AccountAction). */
  readonly actions: readonly AccountAction[];
  /**
   * For an action a person may look for but this directory does not have: why, and what to do instead (Entra ID
   * has no administrator unlock: a password reset clears its smart lockout). Shown instead of offering it.
   */
  readonly actionNotes?: Readonly<Partial<Record<AccountAction, string>>>;
  /** False where the directory has no way to make the user choose a new password at next sign-in. */
  readonly forcesChangeAtNextSignIn: boolean;
  /**
   * True where whether the change is forced depends on the directory's own policy, which the provider reads back
   * after each reset (LDAP): the confirmation then promises nothing, the result says what the directory recorded.
   */
  readonly confirmsChangeAfterReset?: boolean;
  /** False where the directory keeps no date of the last password change (SCIM). */
  readonly reportsLastPasswordChange: boolean;
  /**
   * True where a reset can also make the user pass MFA before choosing the new password (ResetOptions.requireMfa):
   * Graph when it resets through passwordProfile, the only reset request with that flag.
   */
  readonly offersMfaWithReset?: boolean;
}

/** One directory (one tenant, one server) behind a uniform interface. */
export interface DirectoryProvider {
  /** The name the administrator gave the directory; shown in confirmations. */
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  /** Lists users page by page, optionally filtered by a server-side search. */
  listUsers(options: ListOptions): Promise<UserPage>;
  /** Reads one user with everything the profile page shows. */
  getUser(id: string, signal?: AbortSignal): Promise<DirectoryUser>;
  /** Resets the password; the user must change it at next sign-in. Throws DirectoryError. */
  resetPassword(user: DirectoryUser, options?: ResetOptions): Promise<ResetResult>;
  /**
   * Reads what the confirmation of `action` must say, or why it cannot work (before any change is sent).
   * Optional: without it, the command only checks capabilities.actions.
   */
  prepareAction?(user: DirectoryUser, action: AccountAction, signal?: AbortSignal): Promise<ActionPreparation>;
  /**
   * Judges from the signed-in person's roles and the user's whether the directory will allow each action (Graph with
   * delegated sign-in). Reads only; never throws for a missing permission (see AccessReport.unreadable).
   */
  checkAccess?(user: DirectoryUser, signal?: AbortSignal): Promise<AccessReport>;
  /** The directory's own audit log entries about a user around a time (Graph), to reconcile with the History. */
  auditEntries?(userId: string, around: Date, signal?: AbortSignal): Promise<AuditEntry[]>;
  /** Where a person reads the whole audit log in the directory's admin portal, if it has one. */
  auditLogPortalUrl?(): string | undefined;
  /** Forgets the roles checkAccess read (the tree's Refresh), so a role granted or activated since then counts. */
  forgetAccess?(): void;
  /** Creates a Temporary Access Pass (Graph). Present when capabilities.actions has 'issueTemporaryAccessPass'. */
  issueTemporaryAccessPass?(
    user: DirectoryUser,
    options: TemporaryAccessPassOptions,
  ): Promise<TemporaryAccessPassResult>;
  /** Signs the user out of every session (Graph revokeSignInSessions). */
  revokeSessions?(user: DirectoryUser, options?: ActionOptions): Promise<ActionResult>;
  /** Enables (true) or disables (false) the account. */
  setAccountEnabled?(user: DirectoryUser, enabled: boolean, options?: ActionOptions): Promise<ActionResult>;
  /** Clears a lockout after failed sign-ins (not the administrative disable). */
  unlockAccount?(user: DirectoryUser, options?: ActionOptions): Promise<ActionResult>;
  /** A link to this user in the directory's own admin portal, if it has one. */
  adminPortalUrl(user: DirectoryUser): string | undefined;
  /** Frees connections. */
  dispose(): Promise<void>;
}

/**
 * A 401's claims challenge (WWW-Authenticate: Bearer ... claims="..."): Conditional Access or continuous access
 * evaluation wants a token with more claims (e.g. after multi-factor authentication). Never logged.
 */
export interface AuthChallenge {
  /** The whole WWW-Authenticate header value, as the directory sent it. */
  readonly wwwAuthenticate: string;
  /** The decoded claims request (JSON text). */
  readonly claims: string;
  /** The challenge's `error` parameter, e.g. "insufficient_claims". */
  readonly error?: string;
}

export interface TokenRequest {
  /**
   * True after the directory rejected the previous token (401): get a fresh one silently if possible.
   */
  readonly refresh?: boolean;
  /** The 401 carried a claims challenge: a token must satisfy it (only delegated sign-in can). */
  readonly challenge?: AuthChallenge;
  readonly signal?: AbortSignal;
}

/** Where a provider gets its bearer token. Injected, so the directory layer never touches VS Code. */
export interface TokenSource {
  /** True when the token acts for a signed-in person (delegated), false for an app (client credentials). */
  readonly delegated: boolean;
  /** A bearer token. Throws SignInRequiredError when nobody is signed in or the sign-in no longer works. */
  getToken(options?: TokenRequest): Promise<string>;
  /**
   * The directory rejected a token again after `refresh` (or a challenge): the sign-in itself is no longer
   * accepted, so the next interactive sign-in must create a new session rather than reuse this one.
   */
  rejected?(challenge?: AuthChallenge): void;
}

/** Where the directory layer writes what it does. Never given a password, token or secret. */
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, info() {}, warn() {}, error() {} };
