// Microsoft Entra ID's password rules for cloud accounts, as the test directory enforces them.
// learn.microsoft.com/entra/identity/authentication/concept-sspr-policy: 8 to 256 characters, at least three of
// lower case, upper case, digits and symbols; symbols only from the list below (space included); nothing else.
// The reasons returned never contain the password or any of its characters.

/** The symbols Entra ID accepts in a password (space included). */
export const ENTRA_PASSWORD_SYMBOLS = '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ';

export const ENTRA_PASSWORD_MIN_LENGTH = 8;
export const ENTRA_PASSWORD_MAX_LENGTH = 256;

const SYMBOL_SET: ReadonlySet<string> = new Set(ENTRA_PASSWORD_SYMBOLS);

/** Undefined when `p` satisfies Entra ID's password policy, otherwise why not, in plain words. */
export function checkEntraPasswordPolicy(p: string): string | undefined {
  if (typeof p !== 'string') return 'The password must be a string.';
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  let length = 0;
  for (const ch of p) {
    length++;
    if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= 'A' && ch <= 'Z') upper = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else if (SYMBOL_SET.has(ch)) symbol = true;
    else {
      return (
        'The password contains a character that is not allowed: only A-Z, a-z, 0-9, space and the symbols ' +
        '@ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < > may be used.'
      );
    }
  }
  if (length < ENTRA_PASSWORD_MIN_LENGTH) {
    return `The password is too short: at least ${ENTRA_PASSWORD_MIN_LENGTH} characters are required.`;
  }
  if (length > ENTRA_PASSWORD_MAX_LENGTH) {
    return `The password is too long: at most ${ENTRA_PASSWORD_MAX_LENGTH} characters are allowed.`;
  }
  const classes = Number(lower) + Number(upper) + Number(digit) + Number(symbol);
  if (classes < 3) {
    return 'The password must contain at least three of: lower-case letters, upper-case letters, digits, symbols.';
  }
  return undefined;
}
