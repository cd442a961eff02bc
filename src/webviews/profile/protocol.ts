// Messages between the profile panel (host) and media/profile.js (webview).
// The HTML shell carries no data: everything the page shows arrives here, after the page says 'ready'.
// Keep in sync with media/profile.js, which is plain JS and cannot import these types.

import { ACCOUNT_ACTIONS, type AccountAction, type DirectoryUser, type ResetMethod } from '../../directory/types';

/** The displayable fields of a DirectoryUser: only these cross to the page. */
export interface ProfileUserView extends Pick<
  DirectoryUser,
  | 'id'
  | 'displayName'
  | 'signInName'
  | 'mail'
  | 'jobTitle'
  | 'department'
  | 'accountEnabled'
  | 'userType'
  | 'source'
  | 'resetRefusal'
  | 'mustChangePassword'
  | 'locked'
> {
  /** How this directory names the account's kind, e.g. "Cloud account", "Active Directory account". */
  readonly sourceLabel: string;
  /** The directory keeps no date of the last password change (SCIM). */
  readonly passwordChangeNotReported?: boolean;
  /** ISO 8601; null: the directory has none ("Never"); absent: not known yet ("Unknown"). */
  readonly lastPasswordChangeDateTime?: string | null;
}

// Host -> webview.

/**
 * The page's own words (labels, headings, buttons, notes), localised in the host (strings.ts). `{0}`, `{1}`, `{2}`
 * are filled in by the page with text (a name, the directory's reasons), never parsed as HTML.
 */
export interface ProfileStrings {
  readonly directoryLabel: string;
  readonly cannotReset: string;
  readonly resetPassword: string;
  readonly openPortal: string;
  readonly temporaryPassword: string;
  readonly reveal: string;
  readonly hide: string;
  readonly copy: string;
  readonly copyLabel: string;
  readonly method: string;
  readonly setAt: string;
  readonly handOver: string;
  readonly details: string;
  readonly signInName: string;
  readonly mail: string;
  readonly jobTitle: string;
  readonly department: string;
  readonly account: string;
  readonly userType: string;
  readonly source: string;
  readonly lastPasswordChange: string;
  readonly thisUser: string;
  readonly enabled: string;
  readonly disabled: string;
  readonly mustBeChanged: string;
  readonly notReported: string;
  readonly never: string;
  readonly unknown: string;
  readonly loading: string;
  /** {0}: the error. */
  readonly loadFailed: string;
  /** {0}: the user's name. */
  readonly mustChange: string;
  readonly mustChangeWithMfa: string;
  /** {0}: the user's name, {1}: why the directory will not force it, {2}: what to set so that it does. */
  readonly willNotChange: string;
  /** {0}: the user's name. */
  readonly cannotForce: string;
  /** {0}: seconds. */
  readonly copiedClears: string;
  readonly copied: string;
  readonly sourceCloud: string;
  readonly sourceSynced: string;
  readonly sourceExternal: string;
  readonly lockout: string;
  readonly locked: string;
  readonly notLocked: string;
  readonly accountActions: string;
  readonly temporaryAccessPass: string;
  readonly copyPassLabel: string;
  readonly passStarts: string;
  readonly passEnds: string;
  readonly passUse: string;
  readonly usableOnce: string;
  readonly usableMany: string;
  readonly passHandOver: string;
  /** {0}: seconds. */
  readonly copiedPassClears: string;
  readonly outcomes: string;
  readonly outcomeDone: string;
  readonly outcomeFailed: string;
  readonly outcomeUnknown: string;
}

/** The first message after 'ready': the page's words and VS Code's display language (for dates). */
export interface InitMessage {
  readonly type: 'init';
  /** vscode.env.language, e.g. "en", "de". */
  readonly language: string;
  readonly strings: ProfileStrings;
}

export interface ProfileMessage {
  readonly type: 'profile';
  readonly directoryName: string;
  readonly user: ProfileUserView;
  /** Only tells the page to show the button; the host opens its own copy of the URL. */
  readonly adminPortalUrl?: string;
  /** The button's words, e.g. "Open in Microsoft Entra admin center" (the directory kind's adminPortalName). */
  readonly adminPortalLabel?: string;
  /** The full profile is being read from the directory. */
  readonly loading?: boolean;
  /** Reading the full profile failed; the page keeps showing `user`. */
  readonly error?: string;
  /** Buttons for the account actions this directory can do and that fit the user's state, with their words. */
  readonly actions: ReadonlyArray<{ readonly action: AccountAction; readonly label: string }>;
  /** Why actions a person may look for are not offered (the directory's actionNotes), in plain words. */
  readonly actionNotes: readonly string[];
}

export interface PasswordMessage {
  readonly type: 'password';
  readonly password: string;
  readonly method: ResetMethod;
  /** How the page names the method (the directory kind's label for it, see src/directory/registry.ts). */
  readonly methodLabel: string;
  readonly mustChangeAtNextSignIn: boolean;
  /** The user must pass MFA before choosing the new password (the directory confirmed it stored that). */
  readonly mfaBeforeChange?: boolean;
  /** When the directory will not force the change: why (its policy, the account's rights), in plain words. */
  readonly mustChangeWhy?: string;
  /** ...and what to configure so that it does. */
  readonly mustChangeNextStep?: string;
  /** ISO 8601 (postMessage would turn a Date into a string anyway). */
  readonly completedAt: string;
}

/** A Temporary Access Pass the directory created; like the password, it lives only in the host's and page's memory. */
export interface PassMessage {
  readonly type: 'pass';
  readonly pass: string;
  /** ISO 8601: when it starts and stops working, as the directory answered. */
  readonly startDateTime: string;
  readonly endDateTime: string;
  readonly lifetimeInMinutes: number;
  readonly isUsableOnce: boolean;
}

/** The pass shown is no longer known to work (a new issue failed or its outcome is unknown): the page drops it. */
export interface PassClearedMessage {
  readonly type: 'passCleared';
}

/** Each action's latest outcome on this page, oldest first. */
export interface OutcomesMessage {
  readonly type: 'outcomes';
  readonly outcomes: ReadonlyArray<{
    readonly action: AccountAction;
    /** The action's name, e.g. "Sign Out Everywhere". */
    readonly label: string;
    readonly status: 'done' | 'failed' | 'unknown';
    /** What happened and (when it failed or is unknown) what to do next, in plain words. */
    readonly message: string;
    /** ISO 8601. */
    readonly at: string;
  }>;
}

export interface CopiedMessage {
  readonly type: 'copied';
  /** What was copied: the temporary password (default) or the Temporary Access Pass. */
  readonly what?: 'password' | 'pass';
  /** directoryReset.clearClipboardAfterSeconds, when on: the page says when the clipboard will be cleared. */
  readonly clearsAfterSeconds?: number;
}

export type HostMessage =
  InitMessage | ProfileMessage | PasswordMessage | PassMessage | PassClearedMessage | OutcomesMessage | CopiedMessage;

// Webview -> host. None carries data but the name of an action: the host acts on its own copies (secrets, URL, user).
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'copy' }
  | { readonly type: 'copyPass' }
  | { readonly type: 'openAdminPortal' }
  | { readonly type: 'resetPassword' }
  | { readonly type: 'runAction'; readonly action: AccountAction };

const webviewMessageTypes: ReadonlySet<string> = new Set<WebviewMessage['type']>([
  'ready',
  'copy',
  'copyPass',
  'openAdminPortal',
  'resetPassword',
  'runAction',
]);

/** The page is untrusted input: accept only known message types, and runAction only with a known action. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, action } = value as { type?: unknown; action?: unknown };
  if (typeof type !== 'string' || !webviewMessageTypes.has(type)) return false;
  return (
    type !== 'runAction' || (typeof action === 'string' && (ACCOUNT_ACTIONS as readonly string[]).includes(action))
  );
}
