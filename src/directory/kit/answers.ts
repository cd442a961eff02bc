// Checks on what an HTTP directory answered, shared by every JSON-speaking kind (Graph, SCIM).
import * as l10n from '@vscode/l10n';
import { NOT_JSON, badResponse, describeNonJson, type JsonResponse } from '../http/jsonClient';

/** The answer's JSON object; a web page, an empty body, an array or a scalar is a bad response. */
export function expectObject(res: JsonResponse): object {
  const { status, json } = res;
  if (json === NOT_JSON) throw badResponse(status, describeNonJson(res.text));
  if (json === undefined) throw badResponse(status, l10n.t('an empty body'));
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw badResponse(status, l10n.t('JSON of the wrong shape'));
  return json;
}

/** Statuses that say the service is down or overloaded for now (not 501: that is "not supported"). */
export const SERVER_UNAVAILABLE: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** True for a JSON object (not an array, not null). */
export function isJsonObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/** `name=value&...` with names kept literal (Graph's `$top`) and every value percent-encoded (`#` -> %23, `+` -> %2B). */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
}
