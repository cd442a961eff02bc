// What the commands call to add a History record: one call per outcome (refused, done, failed or unknown). It is
// handed explicit fields only, never the result of a reset or a pass (which hold the secret), and it never throws:
// a History that cannot be written is logged, and the action's own outcome is what the person sees.
// No 'vscode' import (tested in plain Node).
import { DirectoryError, isCancellation } from '../directory/errors';
import type { Logger } from '../directory/types';
import type { OpenDirectory } from '../directoryManager';
import type { HistoryAction, HistoryRecord, HistoryResult } from './record';
import type { HistoryStore } from './store';

/** The user an outcome is about: only these three fields are read. */
export interface HistoryUser {
  readonly id?: string;
  readonly displayName?: string;
  readonly signInName?: string;
}

export interface HistoryDetails {
  readonly requestId?: string;
  readonly options?: readonly string[];
  readonly ticket?: string;
}

/** The reset's options as stored: the method and whether the directory will force the change. */
export function resetOptions(method: string, mustChangeAtNextSignIn: boolean): string[] {
  return [`method=${method}`, `mustChangeAtNextSignIn=${mustChangeAtNextSignIn}`];
}

/** The pass's options as stored (its settings, never the pass). */
export function passOptions(pass: { lifetimeInMinutes: number; isUsableOnce: boolean } | undefined): string[] {
  return pass ? [`lifetimeInMinutes=${pass.lifetimeInMinutes}`, `isUsableOnce=${pass.isUsableOnce}`] : [];
}

export class HistoryRecorder {
  constructor(
    readonly store: HistoryStore,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Refused before anything was sent: the state did not fit, the provider or the directory's kind refused. */
  refused(
    directory: OpenDirectory,
    user: HistoryUser | undefined,
    action: HistoryAction,
    reason?: string,
    ticket?: string,
  ): void {
    this.add(directory, user, action, 'refused', { reason, ticket });
  }

  /** The directory confirmed it. */
  done(directory: OpenDirectory, user: HistoryUser, action: HistoryAction, details: HistoryDetails = {}): void {
    this.add(directory, user, action, 'done', details);
  }

  /** It was sent and then failed: 'unknown' when the directory may have acted (outcome unknown, a late cancel). */
  failed(directory: OpenDirectory, user: HistoryUser, action: HistoryAction, error: unknown, ticket?: string): void {
    const e = error instanceof DirectoryError ? error : undefined;
    const unknown = e?.kind === 'outcomeUnknown' || (isCancellation(error) && e?.details.mayHaveArrived !== false);
    const reason = e ? e.fullMessage : error instanceof Error ? error.message : String(error);
    this.add(directory, user, action, unknown ? 'unknown' : 'failed', {
      reason,
      requestId: e?.details.requestId,
      ticket,
    });
  }

  private add(
    directory: OpenDirectory,
    user: HistoryUser | undefined,
    action: HistoryAction,
    result: HistoryResult,
    details: HistoryDetails & { reason?: string },
  ): void {
    const record: HistoryRecord = {
      at: this.now().toISOString(),
      directory: directory.name,
      directoryKind: directory.isDemo ? 'demo' : (directory.config?.provider ?? ''),
      actor: this.actor(directory),
      target: { id: user?.id ?? '', displayName: user?.displayName ?? '', signInName: user?.signInName ?? '' },
      action,
      options: details.options ?? [],
      result,
      reason: details.reason,
      requestId: details.requestId,
      ticket: details.ticket,
    };
    this.store.append(record).catch((e: unknown) => {
      this.logger.error(`History: could not write the record: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private actor(directory: OpenDirectory): string | undefined {
    try {
      return directory.connection?.account?.();
    } catch {
      return undefined;
    }
  }
}
