// The directory's own record of what was done to a user, beside the extension's History: GET /v1.0/auditLogs/
// directoryAudits with $filter=targetResources/any(t:t/id eq '{id}') and a time window around the History record
// (Graph documents $filter on targetResources/any(t:t/id) and on activityDateTime ge/le). Needs AuditLog.Read.All
// and a role that reads reports (Reports Reader, Security Reader, Global Reader...). Text from the directory is kept
// as bounded plain text.
import { displayText } from '../displayText';
import type { JsonClient } from '../http/jsonClient';
import { isJsonObject } from '../kit/answers';
import type { AuditEntry } from '../types';

/** Entries can reach the audit log minutes after the change: the window reaches this far past the record. */
const AFTER_MS = 30 * 60_000;
const BEFORE_MS = 10 * 60_000;
const MAX_ENTRIES = 50;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const text = (v: unknown, max = 200) => (typeof v === 'string' ? displayText(v, max) : '');

export async function readAuditEntries(
  client: JsonClient,
  userId: string,
  around: Date,
  signal?: AbortSignal,
): Promise<AuditEntry[]> {
  const t = around.getTime();
  const filter = `targetResources/any(t:t/id eq '${userId.replace(/'/g, "''")}') and activityDateTime ge ${iso(t - BEFORE_MS)} and activityDateTime le ${iso(t + AFTER_MS)}`;
  const res = await client.send({
    method: 'GET',
    url: `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}&$top=${MAX_ENTRIES}`,
    signal,
  });
  const value = isJsonObject(res.json) && Array.isArray(res.json.value) ? res.json.value : [];
  return value
    .filter(isJsonObject)
    .map((e): AuditEntry => {
      const by = isJsonObject(e.initiatedBy) ? e.initiatedBy : {};
      const user = isJsonObject(by.user) ? by.user : undefined;
      const app = isJsonObject(by.app) ? by.app : undefined;
      return {
        at: text(e.activityDateTime, 40),
        activity: text(e.activityDisplayName),
        result: text(e.result, 40),
        initiatedBy: text(user?.userPrincipalName) || text(user?.displayName) || text(app?.displayName),
        correlationId: text(e.correlationId, 60) || undefined,
      };
    })
    .sort((a, b) => b.at.localeCompare(a.at));
}
