// Microsoft Graph's long-running operation: resetPassword answers 202 with a Location to poll until the operation
// succeeded or failed. The reset was accepted, so whatever stops the polling (a deadline, a cancel, a failed
// check) leaves its outcome unknown, never "failed".
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError, isCancellation } from '../errors';
import type { JsonClient } from '../http/jsonClient';
import { parseRetryAfter, sleep } from '../http/retryAfter';
import { nameOf } from '../kit/outcome';
import type { DirectoryUser } from '../types';

export interface OperationPolling {
  /** Upper bound on status polls before the outcome is reported unknown. Default 30. */
  readonly maxPolls?: number;
  /** Poll interval when the operation sends no Retry-After. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Longest wait between two polls, whatever Retry-After says. Default 15 s. */
  readonly maxPollDelayMs?: number;
  /** Longest time spent polling before the outcome is reported unknown. Default 2 minutes. */
  readonly maxPollTimeMs?: number;
}

export interface OperationWait extends OperationPolling {
  readonly user: DirectoryUser;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
  /** The provider's outcome-unknown error for `why`. */
  readonly unknown: (why: string) => DirectoryError;
}

/** Polls the operation at `location`, honouring Retry-After, a bounded number of times. */
export async function waitForOperation(
  client: JsonClient,
  location: string,
  firstDelayMs: number | undefined,
  options: OperationWait,
): Promise<void> {
  const user = options.user;
  const maxPolls = options.maxPolls ?? 30;
  const maxDelay = options.maxPollDelayMs ?? 15_000;
  const deadline = Date.now() + (options.maxPollTimeMs ?? 120_000);
  const interval = options.pollIntervalMs ?? 1000;
  let delay = Math.min(firstDelayMs ?? interval, maxDelay);
  for (let poll = 1; poll <= maxPolls; poll++) {
    if (Date.now() + delay > deadline) {
      const seconds = (options.maxPollTimeMs ?? 120_000) / 1000;
      throw options.unknown(
        l10n.t(
          'The directory had not confirmed the reset after {0} seconds.',
          seconds < 10 ? seconds.toFixed(1) : Math.round(seconds),
        ),
      );
    }
    options.onProgress?.(l10n.t('Waiting for the directory to confirm the new password...'));
    try {
      await sleep(delay, options.signal);
    } catch {
      throw options.unknown(l10n.t('You cancelled while the directory was still applying the reset.'));
    }
    let res;
    try {
      res = await client.send({ method: 'GET', url: location, signal: options.signal });
    } catch (e) {
      if (isCancellation(e)) {
        throw options.unknown(l10n.t('You cancelled while the directory was still applying the reset.'));
      }
      // The reset was accepted; whatever went wrong while checking on it, its outcome is not known.
      const why = e instanceof DirectoryError ? e.message : e instanceof Error ? e.message : String(e);
      throw options.unknown(l10n.t('Checking on the reset failed ({0}).', why));
    }
    const status = (res.json as { status?: unknown } | undefined)?.status;
    if (status === 'succeeded') return;
    if (status === 'failed') {
      const detail = (res.json as { statusDetail?: unknown }).statusDetail;
      const said = typeof detail === 'string' && detail ? displayText(detail, 300) : '';
      throw new DirectoryError(
        'badRequest',
        said
          ? l10n.t('The directory could not reset the password of {0}: {1}', nameOf(user), said)
          : l10n.t('The directory could not reset the password of {0}.', nameOf(user)),
        l10n.t('The old password still works. Try again, or reset it in the Microsoft Entra admin center.'),
        { status: res.status, requestId: res.requestId },
      );
    }
    delay = Math.min(parseRetryAfter(res.headers['retry-after']) ?? interval, maxDelay);
  }
  throw options.unknown(l10n.t('The directory had not confirmed the reset after {0} checks.', maxPolls));
}
