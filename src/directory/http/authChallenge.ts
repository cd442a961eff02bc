// A claims challenge in a 401's WWW-Authenticate header: Conditional Access or continuous access evaluation asks
// for a token that satisfies more claims (e.g. multi-factor authentication, or a revoked session), as in
//   WWW-Authenticate: Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize",
//                     error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ=="
// A silent refresh cannot satisfy it; the token source must ask for a token *for this challenge*.
import type { AuthChallenge } from '../types';

/** Longer headers are not a challenge we pass on (a hostile server could send anything). */
const MAX_HEADER = 16 * 1024;

/** The Bearer claims challenge of a WWW-Authenticate header, or undefined when there is none. */
export function parseClaimsChallenge(header: string | string[] | undefined): AuthChallenge | undefined {
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (!value || value.length > MAX_HEADER) return undefined;
  const params = bearerParams(value);
  if (!params) return undefined;
  const raw = params.get('claims');
  if (!raw) return undefined;
  const claims = decodeClaims(raw);
  if (claims === undefined) return undefined;
  return { wwwAuthenticate: value, claims, error: params.get('error') };
}

/**
 * The auth-params of the first Bearer challenge (RFC 7235: `scheme param=value, param="quoted", ...`, several
 * challenges separated by commas). Names are lower-cased; quoted values unescaped.
 */
function bearerParams(header: string): Map<string, string> | undefined {
  const re =
    /\s*(?:([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)|([A-Za-z0-9!#$%&'*+.^_`|~-]+))\s*,?/gy;
  let scheme: string | undefined;
  let params: Map<string, string> | undefined;
  let found: Map<string, string> | undefined;
  let m: RegExpExecArray | null;
  while (re.lastIndex < header.length && (m = re.exec(header))) {
    if (m[3] !== undefined) {
      // A new challenge's scheme (a token not followed by "=").
      if (scheme?.toLowerCase() === 'bearer' && params) found ??= params;
      scheme = m[3];
      params = new Map();
    } else if (params && m[1] !== undefined) {
      const v = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2];
      params.set(m[1].toLowerCase(), v);
    }
    if (m[0] === '') break;
  }
  if (scheme?.toLowerCase() === 'bearer' && params) found ??= params;
  return found;
}

/** Entra sends the claims base64-encoded JSON; some servers send the JSON itself. */
function decodeClaims(raw: string): string | undefined {
  const asJson = (s: string) => {
    try {
      const parsed: unknown = JSON.parse(s);
      return typeof parsed === 'object' && parsed !== null ? s : undefined;
    } catch {
      return undefined;
    }
  };
  if (/^[A-Za-z0-9+/_-]+=*$/.test(raw)) {
    const decoded = asJson(Buffer.from(raw, 'base64').toString('utf8'));
    if (decoded !== undefined) return decoded;
  }
  return asJson(raw);
}
