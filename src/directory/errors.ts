// Errors the directory layer throws. Each carries a message in plain words and the next step,
// so the UI can show it as is. `kind` is what the UI branches on (e.g. offer "Sign In").
import * as l10n from '@vscode/l10n';

export type DirectoryErrorKind =
  | 'signInRequired' // no session, or the directory rejected the token twice
  | 'forbidden' // the signed-in account or app lacks a permission or an admin role
  | 'notFound'
  | 'passwordRejected' // the directory's password policy refused the generated password
  | 'refused' // the account cannot be reset here (guest, external, synced...)
  | 'throttled' // retries ran out
  | 'unavailable' // network error, timeout, 5xx
  | 'outcomeUnknown' // a reset request may or may not have been applied
  | 'badRequest'
  | 'badResponse' // the directory answered something that is not what its API promises
  | 'configuration'
  | 'cancelled';

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(
    readonly kind: DirectoryErrorKind,
    /** What happened, in plain words. */
    message: string,
    /** What the person can do about it. */
    readonly nextStep: string,
    readonly details: {
      readonly status?: number;
      readonly code?: string;
      readonly requestId?: string;
      readonly cause?: unknown;
      /** For network failures: false when the request surely never reached the server. */
      readonly mayHaveArrived?: boolean;
    } = {},
  ) {
    super(message);
  }

  /** Message and next step in one sentence pair, for a notification. */
  get fullMessage(): string {
    return this.nextStep ? `${this.message} ${this.nextStep}` : this.message;
  }
}

export class SignInRequiredError extends DirectoryError {
  constructor(directoryName: string, reason = l10n.t('You are not signed in to this directory.')) {
    super('signInRequired', reason, l10n.t('Run "Directory: Sign In" for {0}.', directoryName));
  }
}

/** `mayHaveArrived`: the request was already on its way when it was cancelled (a reset may have happened). */
export function cancelledError(details: { mayHaveArrived?: boolean } = {}): DirectoryError {
  return new DirectoryError('cancelled', l10n.t('Cancelled.'), '', details);
}

export function isCancellation(e: unknown): boolean {
  return (
    (e instanceof DirectoryError && e.kind === 'cancelled') ||
    (e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR'))
  );
}
