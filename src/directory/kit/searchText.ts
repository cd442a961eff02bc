// Search text as a person typed it, cleaned the same way for every kind and for the search box: lone surrogates
// (which no URL or filter can carry) become U+FFFD, control characters become spaces (they cannot be typed into a
// name; a NUL would also end an LDAP value early and widen the search), runs of spaces collapse, ends are trimmed.
import * as l10n from '@vscode/l10n';
import { wellFormed } from '../displayText';
import { DirectoryError } from '../errors';

/**
 * Longest search text sent, in characters after normalizing: longer than any name, sign-in name or mail a
 * directory stores, and short enough that a URL (Graph: three escaped, percent-encoded clauses) stays well under
 * the limits of servers and proxies. Longer text is refused before any request.
 */
export const MAX_SEARCH_CHARS = 256;

// Runs of control characters (matching them is the point of this pattern).
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_RUNS = /[\u0000-\u001f\u007f]+/g;

export function normalizeSearchText(text: string): string {
  return wellFormed(text).replace(CONTROL_RUNS, ' ').replace(/\s+/g, ' ').trim();
}

/** How a kind words the refusal of a too-long search: what its searches match, and what to search for instead. */
export interface SearchWords {
  /** e.g. "names, sign-in names and mail addresses". */
  readonly matched: string;
  readonly nextStep: string;
}

/**
 * For kinds whose search matches names, sign-in names and mail addresses by their start (Graph, LDAP).
 * Getters: the words are looked up when a message is built, in the language configured by then.
 */
export const NAME_OR_ADDRESS: SearchWords = {
  get matched() {
    return l10n.t('names, sign-in names and mail addresses');
  },
  get nextStep() {
    return l10n.t('Search for the start of the name or address instead.');
  },
};

/** The normalized search text, or undefined when empty; throws badRequest when longer than MAX_SEARCH_CHARS. */
export function searchTextOf(raw: string | undefined, words: SearchWords): string | undefined {
  const text = normalizeSearchText(raw ?? '');
  const length = [...text].length;
  if (length > MAX_SEARCH_CHARS) {
    throw new DirectoryError(
      'badRequest',
      l10n.t('The search text is {0} characters long; {1} are at most {2}.', length, words.matched, MAX_SEARCH_CHARS),
      words.nextStep,
    );
  }
  return text || undefined;
}
