// "Outcome unknown": a reset request that may or may not have been applied. Every kind words it the same way and
// never shows a password it cannot prove the directory took.
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';
import type { JsonClient, JsonRequest, JsonResponse } from '../http/jsonClient';
import type { DirectoryUser } from '../types';

/** A user's name as it may appear in a message: plain text, no direction overrides, no links, not huge. */
export function nameOf(user: DirectoryUser): string {
  return displayText(user.displayName, 80);
}

/** `why` + "it is unknown whether ... was changed", with the kind's way to find out (`nextStep`). */
export function outcomeUnknown(user: DirectoryUser, why: string, nextStep: string): DirectoryError {
  return new DirectoryError(
    'outcomeUnknown',
    l10n.t(
      '{0} It is unknown whether the password of {1} was changed; no temporary password is shown.',
      why,
      nameOf(user),
    ),
    nextStep,
  );
}

/**
 * The same for an action beside the reset: `why` + "it is unknown whether <whatMayHaveHappened>", e.g.
 * whatMayHaveHappened = "Ada Lovelace was signed out everywhere".
 */
export function actionOutcomeUnknown(why: string, whatMayHaveHappened: string, nextStep: string): DirectoryError {
  return new DirectoryError(
    'outcomeUnknown',
    l10n.t('{0} It is unknown whether {1}.', why, whatMayHaveHappened),
    nextStep,
  );
}

export interface SendResetOptions {
  /** How messages name the directory inside a sentence ("the directory", or its name). */
  readonly directory: string;
  /** ...and at the start of one; default: `directory` itself. */
  readonly Directory?: string;
  /** Statuses of 500 and above that say "not processed" besides 503 (e.g. SCIM's 501). */
  readonly notProcessed?: readonly number[];
  /** The kind's outcome-unknown error for `why`. */
  readonly unknown: (why: string) => DirectoryError;
  /** What is being sent, inside a sentence; default "reset" ("the reset request", "while handling the reset"). */
  readonly change?: string;
}

/**
 * Sends a request that changes the account (a reset, or an action with `change` naming it). Possibly applied, so "outcome unknown": no answer (a dropped connection, a timeout, a
 * cancel while the request was on its way) or a server error other than 503 (a gateway's 502/504 or a 500 may
 * come after the directory acted). 429 and 503 say "not processed" and were retried by the client.
 */
export async function sendReset(
  client: JsonClient,
  req: JsonRequest,
  options: SendResetOptions,
): Promise<JsonResponse> {
  try {
    return await client.send(req);
  } catch (e) {
    if (!(e instanceof DirectoryError)) throw e;
    const { status, mayHaveArrived } = e.details;
    const change = options.change ?? l10n.t('reset');
    if (e.kind === 'cancelled' && mayHaveArrived) {
      throw options.unknown(
        l10n.t('You cancelled while the {0} request was on its way to {1}.', change, options.directory),
      );
    }
    if (e.kind === 'unavailable' && status === undefined && mayHaveArrived !== false) throw options.unknown(e.message);
    if (status !== undefined && status >= 500 && status !== 503 && !options.notProcessed?.includes(status)) {
      throw options.unknown(
        l10n.t('{0} answered HTTP {1} while handling the {2}.', options.Directory ?? options.directory, status, change),
      );
    }
    throw e;
  }
}
