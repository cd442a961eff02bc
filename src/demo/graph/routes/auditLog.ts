// GET /auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '{id}') and activityDateTime ge {t} and
// activityDateTime le {t}: the entries the History's "Show Audit Log Entries" reads. The test directory writes one
// entry per change it applied (a reset, a pass, a sign-out, enable, disable), never a password or a pass, keeps the
// last 1,000, and answers only the filter the extension sends. As in Entra ID, reading the audit log needs a
// reports-reading role (Reports Reader, Security Reader, Global Reader...), not a helpdesk role.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth';
import { allow, badRequest, forbidden, type Ctx, type Reply } from '../http';
import { parseQuery } from '../odata';
import { findUser, type Directory } from './directory';

const READERS = new Set([
  'Reports Reader',
  'Security Reader',
  'Security Administrator',
  'Global Reader',
  'Global Administrator',
]);
const KEPT = 1000;
const FILTER =
  /^targetResources\/any\(t: ?t\/id eq '([^']+)'\) and activityDateTime ge (\S+Z) and activityDateTime le (\S+Z)$/;

export class AuditLog {
  private readonly entries: Record<string, unknown>[] = [];

  constructor(private readonly dir: Directory) {}

  add(activity: string, userId: string, caller: Caller): void {
    const u = findUser(this.dir.users, userId);
    const by = caller.kind === 'delegated' ? findUser(this.dir.users, caller.userId) : undefined;
    const id = randomUUID();
    this.entries.push({
      id: `Directory_${id}`,
      category: 'UserManagement',
      correlationId: randomUUID(),
      result: 'success',
      resultReason: '',
      activityDisplayName: activity,
      activityDateTime: new Date().toISOString(),
      loggedByService: 'Core Directory',
      operationType: 'Update',
      initiatedBy: by
        ? { user: { id: by.id, displayName: by.displayName, userPrincipalName: by.userPrincipalName }, app: null }
        : { user: null, app: { appId: null, displayName: 'Directory Reset (app-only)' } },
      targetResources: [
        {
          id: userId,
          displayName: u?.displayName ?? null,
          type: 'User',
          userPrincipalName: u?.userPrincipalName ?? null,
        },
      ],
      additionalDetails: [],
    });
    if (this.entries.length > KEPT) this.entries.shift();
  }

  route(ctx: Ctx, caller: Caller, path: string): Reply | undefined {
    if (path !== 'auditLogs/directoryAudits') return undefined;
    allow(ctx, ['GET']);
    const { options } = parseQuery(ctx, new Set(['$filter', '$top']));
    if (!this.dir.callerRoles(caller).some((r) => READERS.has(r))) throw forbidden();
    const m = FILTER.exec(options.get('$filter') ?? '');
    if (!m) {
      throw badRequest(
        "This test directory answers only $filter=targetResources/any(t:t/id eq '{id}') and activityDateTime ge {from} and activityDateTime le {to}.",
        'Request_UnsupportedQuery',
      );
    }
    const [from, to] = [Date.parse(m[2]), Date.parse(m[3])];
    if (Number.isNaN(from) || Number.isNaN(to)) throw badRequest('Invalid DateTimeOffset value.', 'BadRequest');
    const value = this.entries.filter((e) => {
      const at = Date.parse(e.activityDateTime as string);
      const targets = e.targetResources as Array<{ id: string }>;
      return at >= from && at <= to && targets.some((t) => t.id.toLowerCase() === m[1].toLowerCase());
    });
    return {
      status: 200,
      body: { '@odata.context': `${this.dir.url}/v1.0/$metadata#auditLogs/directoryAudits`, value: value.reverse() },
    };
  }
}
