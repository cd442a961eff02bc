// The last line of defence for log lines: whatever reaches the log is masked for anything that looks like a
// bearer token, a JWT, or a password/secret/token field, and control characters are made visible while line
// breaks are indented (so nothing can forge a log entry). The directory layer never passes secrets to the logger in the first place; this only
// catches mistakes. No 'vscode' import, so it is tested in plain Node (src/log.ts applies it to the channel).

const SECRET_FIELDS = [
  'password',
  'newPassword',
  'client_secret',
  'clientSecret',
  'secret',
  'access_token',
  'accessToken',
  'refresh_token',
  'id_token',
  'client_assertion',
  'assertion',
].join('|');

const FIELD = new RegExp(`("?(?:${SECRET_FIELDS})"?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|[^\\s,&}]+)`, 'gi');

// Control characters but tab and line feed (matching them is the point of this pattern).
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Masks bearer tokens, JWT-looking strings and password/secret/token fields in a log line. */
export function mask(line: string): string {
  return (
    line
      .replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
      // A continuation line is indented, so text from a server can never pose as a log entry of its own.
      .replace(/\r\n|\r|\n/g, '\n    ')
      .replace(/((?:bearer|basic)\s+)[^\s"',]+/gi, '$1***')
      .replace(/\beyJ[\w-]{10,}\.[\w-]+\.[\w-]*/g, '***')
      .replace(FIELD, '$1***')
  );
}
