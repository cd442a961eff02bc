// Case 7: the pre-flight check ("may I do this?") for a tree of users. Signed in as a Helpdesk Administrator
// (delegated) against the test directory with about 1% admins: the first check reads the caller's roles and the
// tenant's role holders once; every further user costs no request. Counted: requests per sign-in, requests per
// further user; timed: the first check (the reads) and the median of checking a page of 100 further users.
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import { GraphProvider } from '../../src/directory/graph/graphProvider';
import { silentLogger, type DirectoryUser } from '../../src/directory/types';
import { median, now } from '../lib/util';

export interface PreflightRow {
  users: number;
  latencyMs: number;
  admins: number;
  /** Requests of the first check (who is signed in, their roles, the tenant's role holders). */
  firstRequests: number;
  firstMs: number;
  /** Requests for 100 further users after the first (expected 0). */
  pageRequests: number;
  /** Median ms to judge a page of 100 further users. */
  pageMs: number;
  /** Users of the page the check marks as "you may not reset". */
  deniedOnPage: number;
}

export async function benchPreflight(options: {
  users: number[];
  latencies: number[];
  reps: number;
}): Promise<PreflightRow[]> {
  const rows: PreflightRow[] = [];
  for (const count of options.users) {
    const users = seedUsers(count);
    for (const latencyMs of options.latencies) {
      const server = await startGraphServer({ users, latencyMs });
      server.setDelegatedCallerRoles(['Helpdesk Administrator']);
      const provider = new GraphProvider({
        name: 'Bench directory',
        graphEndpoint: server.url,
        tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
        logger: silentLogger,
      });
      const page: DirectoryUser[] = (await provider.listUsers({ pageSize: 100 })).users.slice();
      const [first, ...rest] = page;
      server.clearRequests();
      const t0 = now();
      await provider.checkAccess(first);
      const firstMs = now() - t0;
      const firstRequests = server.requests.length;
      const times: number[] = [];
      let pageRequests = 0;
      let deniedOnPage = 0;
      for (let rep = 0; rep < options.reps; rep++) {
        server.clearRequests();
        const t1 = now();
        const reports = await Promise.all(rest.map((u) => provider.checkAccess(u)));
        times.push(now() - t1);
        pageRequests = Math.max(pageRequests, server.requests.length);
        deniedOnPage = reports.filter((r) => r.verdicts.resetPassword?.kind === 'denied').length;
      }
      rows.push({
        users: count,
        latencyMs,
        admins: users.filter((u) => u.roles.length > 0).length,
        firstRequests,
        firstMs,
        pageRequests,
        pageMs: median(times),
        deniedOnPage,
      });
      await provider.dispose();
      await server.close();
    }
  }
  return rows;
}
