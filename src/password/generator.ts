// Temporary passwords that meet the Microsoft Entra password policy (8-256 characters, at least 3 of
// the 4 classes, only the allowed symbols) and that a person can read aloud or type from a screen:
// characters that look alike (l/I/1, O/0/o, S/5, Z/2, B/8, quotes, `|`, space) are left out.
// Randomness comes from node:crypto only; every character is drawn with randomInt (no modulo bias).
import * as l10n from '@vscode/l10n';
import { randomInt } from 'node:crypto';

export const PASSWORD_CLASSES = {
  lower: 'abcdefghijkmnpqrstuvwxyz', // no l, o
  upper: 'ACDEFGHJKLMNPQRTUVWXY', // no B, I, O, S, Z
  digit: '34679', // no 0, 1, 2, 5, 8
  symbol: '#$%&*+-=?@^_!', // a subset of Entra's allowed symbols that survives chat apps and keyboards
} as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** A directory's rules beyond the length: which symbols it accepts ('' = none, then 3 classes are used). */
export interface PasswordOptions {
  readonly symbols?: string;
  /**
   * The user's own names (account name, full name, mail...): the password contains no run of 3 characters of any
   * of them, in any case. 389 Directory Server refuses such a password (its passwordMinTokenLength check, 3 by
   * default) and Active Directory's complexity rule refuses parts of the account or full name longer than two
   * characters.
   */
  readonly avoid?: readonly string[];
}

/** The runs of 3 characters (lower-cased) of each word to avoid. */
function trivialRuns(words: readonly string[]): string[] {
  const runs = new Set<string>();
  for (const w of words) {
    const chars = Array.from(w.toLowerCase());
    for (let i = 0; i + 3 <= chars.length; i++) runs.add(chars.slice(i, i + 3).join(''));
  }
  return [...runs];
}

/**
 * A random password of `length` characters with at least one character of every class (so it meets
 * "3 of 4 classes" even if a directory counts one class differently).
 */
export function generatePassword(length = 16, options: PasswordOptions = {}): string {
  const runs = trivialRuns(options.avoid ?? []);
  // Drawn again while it holds one of the runs: at 16 characters that happens to well under 1 % of passwords, so
  // the draw stays practically uniform. The bound only stops a pathological list of names from looping for ever.
  for (let attempt = 1; ; attempt++) {
    const password = draw(length, options);
    const lower = password.toLowerCase();
    if (attempt >= 1000 || !runs.some((r) => lower.includes(r))) return password;
  }
}

function draw(length: number, options: PasswordOptions): string {
  if (!Number.isInteger(length) || length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new RangeError(
      l10n.t(
        'Password length must be a whole number from {0} to {1}; got {2}.',
        MIN_PASSWORD_LENGTH,
        MAX_PASSWORD_LENGTH,
        length,
      ),
    );
  }
  // Characters, not UTF-16 units, and each once: a repeated symbol would be drawn more often than the others.
  const classes: string[][] = [PASSWORD_CLASSES.lower, PASSWORD_CLASSES.upper, PASSWORD_CLASSES.digit].map((c) =>
    Array.from(c),
  );
  const symbols = [...new Set(Array.from(options.symbols ?? PASSWORD_CLASSES.symbol))];
  if (symbols.length) classes.push(symbols);
  const all = classes.flat();
  const chars = classes.map(pick);
  while (chars.length < length) chars.push(pick(all));
  // Fisher-Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function pick(alphabet: readonly string[]): string {
  return alphabet[randomInt(alphabet.length)];
}
