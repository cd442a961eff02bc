// One line of the History: what was done to whom, by whom, in which directory, and how it ended. No 'vscode'
// import (tested in plain Node). The type has no field for a password, a pass or a token, and sanitise() keeps only
// the fields below, each bounded: whatever object a caller hands in, nothing else reaches the file.
import type { AccountAction } from '../directory/types';

export type HistoryAction = 'resetPassword' | AccountAction;
export type HistoryResult = 'done' | 'refused' | 'failed' | 'unknown';

export const HISTORY_ACTIONS: readonly HistoryAction[] = [
  'resetPassword',
  'issueTemporaryAccessPass',
  'revokeSessions',
  'enableAccount',
  'disableAccount',
  'unlockAccount',
];
export const HISTORY_RESULTS: readonly HistoryResult[] = ['done', 'refused', 'failed', 'unknown'];

export interface HistoryTarget {
  readonly id: string;
  readonly displayName: string;
  readonly signInName: string;
}

export interface HistoryRecord {
  /** ISO 8601, when the outcome was known. */
  readonly at: string;
  readonly directory: string;
  /** The directory's kind (microsoftGraph, scim, ldap) or 'demo'. */
  readonly directoryKind: string;
  /** Who acted: the signed-in account's label, when the directory's sign-in names one. */
  readonly actor?: string;
  readonly target: HistoryTarget;
  readonly action: HistoryAction;
  /** The action's options as plain words ("method=resetPassword", "lifetimeInMinutes=60"); may be empty. */
  readonly options: readonly string[];
  readonly result: HistoryResult;
  /** Why it was refused or failed, in the words the person was shown. */
  readonly reason?: string;
  /** The directory's request id, when it answered one. */
  readonly requestId?: string;
  /** The helpdesk ticket the action was done for. */
  readonly ticket?: string;
}

/** Longest text kept per field (code points): names as Graph allows them, reasons as a long error message. */
export const LIMITS = { short: 256, reason: 1000, option: 128, options: 16 } as const;

function bounded(value: unknown, max: number): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value is kept as text, never as structure
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}\u2026` : s;
}

function optional(value: unknown, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return bounded(value, max);
}

/**
 * The record as it is stored: only the known fields, every string bounded, an unknown action or result rejected
 * (undefined). Used on the way in and on the way out (a line read back from the file).
 */
export function sanitise(input: unknown): HistoryRecord | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const r = input as Record<string, unknown>;
  const target = (r.target && typeof r.target === 'object' ? r.target : {}) as Record<string, unknown>;
  if (!HISTORY_ACTIONS.includes(r.action as HistoryAction)) return undefined;
  if (!HISTORY_RESULTS.includes(r.result as HistoryResult)) return undefined;
  const at = typeof r.at === 'string' && !Number.isNaN(Date.parse(r.at)) ? new Date(r.at).toISOString() : undefined;
  if (!at) return undefined;
  const options = Array.isArray(r.options) ? r.options : [];
  const record: HistoryRecord = {
    at,
    directory: bounded(r.directory, LIMITS.short),
    directoryKind: bounded(r.directoryKind, LIMITS.short),
    actor: optional(r.actor, LIMITS.short),
    target: {
      id: bounded(target.id, LIMITS.short),
      displayName: bounded(target.displayName, LIMITS.short),
      signInName: bounded(target.signInName, LIMITS.short),
    },
    action: r.action as HistoryAction,
    options: options.slice(0, LIMITS.options).map((o) => bounded(o, LIMITS.option)),
    result: r.result as HistoryResult,
    reason: optional(r.reason, LIMITS.reason),
    requestId: optional(r.requestId, LIMITS.short),
    ticket: optional(r.ticket, LIMITS.short),
  };
  // Drop the optional fields that are not there, so a line holds only what is known.
  return JSON.parse(JSON.stringify(record)) as HistoryRecord;
}

/**
 * A record's fields in the CSV's column order (csv.ts), the options as their list: the export joins them into one
 * cell, the filter looks at each.
 */
export function recordFields(record: HistoryRecord): Array<string | readonly string[]> {
  return [
    record.at,
    record.directory,
    record.directoryKind,
    record.actor ?? '',
    record.target.id,
    record.target.displayName,
    record.target.signInName,
    record.action,
    record.options,
    record.result,
    record.reason ?? '',
    record.requestId ?? '',
    record.ticket ?? '',
  ];
}

/** Every text of a record, for the filter: case-insensitive substring over all of them. */
export function recordTexts(record: HistoryRecord): string[] {
  return recordFields(record).flat();
}

/** `shown`: the words the view shows for it too (the action's and the result's names in the person's language). */
export function matchesFilter(
  record: HistoryRecord,
  filter: string | undefined,
  shown: readonly string[] = [],
): boolean {
  const wanted = filter?.trim().toLocaleLowerCase();
  if (!wanted) return true;
  return [...recordTexts(record), ...shown].some((t) => t.toLocaleLowerCase().includes(wanted));
}
