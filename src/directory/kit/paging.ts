// Page sizes and cursors, the same way for every kind. A cursor is an opaque string the tree hands back for
// "Load more"; each kind decides what it carries and checks it when it comes back.
import * as l10n from '@vscode/l10n';
import { DirectoryError } from '../errors';

/** Page size asked for, as a whole number from 1 to `max` (the kind's limit); 100 when it is not a number. */
export function clampPageSize(n: number, max: number): number {
  return Math.min(max, Math.max(1, Math.floor(n) || 100));
}

/** The cursor as JSON text (`base64url`: encoded, for cursors that should not look like something to edit). */
export function encodeCursor(value: object, encoding: 'json' | 'base64url' = 'json'): string {
  const json = JSON.stringify(value);
  return encoding === 'json' ? json : Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * The cursor `s` decoded and checked by `isValid`; anything else (not JSON, the wrong shape, another kind's
 * cursor) throws `invalid()`.
 */
export function decodeCursor<C>(
  s: string,
  isValid: (c: Partial<C>) => boolean,
  invalid: () => Error,
  encoding: 'json' | 'base64url' = 'json',
): C {
  let c: unknown;
  try {
    c = JSON.parse(encoding === 'json' ? s : Buffer.from(s, 'base64url').toString('utf8'));
  } catch (e) {
    if (encoding === 'json') throw e;
    c = undefined;
  }
  if (typeof c !== 'object' || c === null || !isValid(c)) throw invalid();
  return c as C;
}

/** The error for a cursor of another directory or an older version. */
export function staleCursorError(): DirectoryError {
  return new DirectoryError(
    'badRequest',
    l10n.t('This page of the list belongs to another directory or an older version.'),
    l10n.t('Refresh the list.'),
  );
}
