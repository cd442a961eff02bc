// A user id as one path segment of a request URL. encodeURIComponent leaves "." alone, and URL parsing (WHATWG,
// which undici uses) resolves a "." or ".." segment, and their percent-encoded spellings %2e and %2e%2e, against the
// path: /v1.0/users/.. becomes /v1.0/, so a PATCH meant for one user would reach another resource. Encoding the
// dots cannot help (the parser treats %2e as a dot), so such ids, and the empty id, are refused before any request.
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { DirectoryError } from '../errors';

/** `id` percent-encoded as one path segment; throws (nothing is sent) for "", "." and "..". */
export function userIdSegment(id: unknown, directoryName: string): string {
  if (typeof id !== 'string' || id === '' || id === '.' || id === '..') {
    const shown = typeof id === 'string' ? `"${displayText(id, 80)}"` : l10n.t('missing');
    throw new DirectoryError(
      'badRequest',
      l10n.t(
        'The user id {0} cannot name one user in a request to {1}, so nothing was sent.',
        shown,
        displayText(directoryName, 80),
      ),
      l10n.t(
        'Refresh the list and pick the user again; if the directory itself lists this id, report it to its administrator.',
      ),
    );
  }
  return encodeURIComponent(id);
}
