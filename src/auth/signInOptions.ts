// The getSession options of an interactive Microsoft sign-in, from what happened so far (a first sign-in, another
// account, a rejected session, a claims challenge): pure, so it is tested without VS Code.
import * as l10n from '@vscode/l10n';
import type { AuthChallenge } from '../directory/types';
import type { GetSessionOptions, SessionAccount } from './vscodeTokenSource';

/** What the next interactive sign-in must do, from what happened so far. */
export interface SignInSituation {
  readonly directoryName: string;
  /** The account remembered for this directory, if any. */
  readonly remembered?: SessionAccount;
  /** Another directory already remembers an account of the same kind. */
  readonly otherDirectoriesRemembered: boolean;
  /** The directory rejected a token of the current session. */
  readonly rejected: boolean;
  /** The directory's last 401 carried a claims challenge that silent sign-in could not satisfy. */
  readonly challenge?: AuthChallenge;
  /** "Sign In with Another Account". */
  readonly anotherAccount: boolean;
}

/** The getSession options for an interactive sign-in. Never createIfNone with forceNewSession (VS Code refuses). */
export function signInOptions(s: SignInSituation): GetSessionOptions {
  if (s.anotherAccount) {
    // Forget VS Code's account preference for this extension; VS Code then lets the person pick or add an account.
    return {
      clearSessionPreference: true,
      createIfNone: { detail: l10n.t('Choose the account to use for {0}.', s.directoryName) },
    };
  }
  if (s.challenge) {
    return {
      forceNewSession: {
        detail: l10n.t(
          '{0} asks for a sign-in that meets its Conditional Access policy (for example multi-factor authentication).',
          s.directoryName,
        ),
      },
      account: s.remembered,
    };
  }
  if (s.rejected) {
    return {
      forceNewSession: {
        detail: l10n.t('{0} no longer accepts your sign-in (it may have expired or been revoked).', s.directoryName),
      },
      account: s.remembered,
    };
  }
  if (s.remembered) return { createIfNone: true, account: s.remembered };
  // A first sign-in. When another directory already uses an account, let the person choose rather than silently
  // reusing the other tenant's account (VS Code remembers one preferred account per extension, not per directory).
  return s.otherDirectoriesRemembered
    ? {
        createIfNone: { detail: l10n.t('Choose the account to use for {0}.', s.directoryName) },
        clearSessionPreference: true,
      }
    : { createIfNone: true };
}
