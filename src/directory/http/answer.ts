// What a directory sent back, in words, for a message that must say what arrived when an answer is not one the API
// promises (e.g. a proxy's or a single sign-on gateway's "200 OK" sign-in page in answer to a password reset).
import * as l10n from '@vscode/l10n';
import { displayText } from '../displayText';
import { NOT_JSON, describeNonJson, type JsonResponse } from './jsonClient';

/** The answer's media type as plain, bounded text, or undefined when it named none. */
export function contentTypeOf(res: Pick<JsonResponse, 'headers'>): string | undefined {
  const raw = res.headers['content-type'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.split(';')[0]?.trim();
  return value ? displayText(value, 80) : undefined;
}

/** e.g. "HTTP 200 with a web page (text/html)", "HTTP 201 with an empty body (no content type)". */
export function describeAnswer(
  res: Pick<JsonResponse, 'status' | 'headers' | 'json' | 'text'>,
  jsonWords = 'JSON',
): string {
  const body =
    res.json === NOT_JSON ? describeNonJson(res.text) : res.json === undefined ? l10n.t('an empty body') : jsonWords;
  const type = contentTypeOf(res);
  return l10n.t('HTTP {0} with {1} ({2})', res.status, body, type ?? l10n.t('no content type'));
}
