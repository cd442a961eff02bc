// Case 3: a reset, from the confirmation (the call to GraphProvider.resetPassword) to the temporary password being
// available, for both methods, against a directory that answers at once (Retry-After: 0 on the operation), and the
// requests each reset sent. A second row per method uses the demo directory's own pacing (Retry-After: 0.5).
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import { GraphProvider } from '../../src/directory/graph/graphProvider';
import { silentLogger, type DirectoryUser } from '../../src/directory/types';
import { max, median, min, now } from '../lib/util';

export interface ResetRow {
  method: 'resetPassword' | 'passwordProfile';
  /** The Retry-After the directory sent on the 202 and on unfinished polls. */
  retryAfter: string;
  reps: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Requests per reset (the same in every run, else the largest). */
  requests: number;
  /** e.g. "POST + 2 GET" */
  shape: string;
}

export async function benchReset(options: {
  reps: number;
  paced: { retryAfter: string; reps: number };
}): Promise<ResetRow[]> {
  const rows: ResetRow[] = [];
  const settings = [
    { retryAfter: '0', reps: options.reps },
    { retryAfter: options.paced.retryAfter, reps: options.paced.reps },
  ];
  for (const { retryAfter, reps } of settings) {
    const users = seedUsers(2500);
    const server = await startGraphServer({ users, operationRetryAfter: retryAfter, operationPolls: 1 });
    const make = (resetMethod: 'systemGenerated' | 'passwordProfile') =>
      new GraphProvider({
        name: 'Bench directory',
        graphEndpoint: server.url,
        tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
        logger: silentLogger,
        resetMethod,
      });
    const methods = [
      { method: 'resetPassword' as const, provider: make('systemGenerated') },
      { method: 'passwordProfile' as const, provider: make('passwordProfile') },
    ];
    try {
      // Cloud members without admin roles: every reset is allowed for the demo's User Administrator.
      const targets: DirectoryUser[] = [];
      for (const u of users) {
        if (targets.length >= reps + 1) break;
        if (
          u.userType !== 'Member' ||
          u.onPremisesSyncEnabled ||
          u.roles.length ||
          u.identities.some((i) => i.signInType === 'federated')
        )
          continue;
        targets.push(await methods[0].provider.getUser(u.id));
      }
      const times = new Map<string, number[]>(methods.map((m) => [m.method, []]));
      const shapes = new Map<string, { requests: number; shape: string }>();
      for (let rep = -1; rep < reps; rep++) {
        const order = rep % 2 ? methods : [...methods].reverse();
        for (const m of order) {
          const user = targets[rep + 1];
          server.clearRequests();
          const t0 = now();
          const result = await m.provider.resetPassword(user);
          const ms = now() - t0;
          if (!result.temporaryPassword || !result.mustChangeAtNextSignIn) throw new Error(`${m.method}: no password`);
          const sent = server.requests.filter((r) => r.path.startsWith('/v1.0/'));
          const shape = summarise(sent.map((r) => r.method));
          const prev = shapes.get(m.method);
          if (!prev || sent.length > prev.requests) shapes.set(m.method, { requests: sent.length, shape });
          if (rep >= 0) times.get(m.method)!.push(ms); // rep -1 is the warm-up
        }
      }
      for (const m of methods) {
        const t = times.get(m.method)!;
        rows.push({
          method: m.method,
          retryAfter,
          reps,
          medianMs: median(t),
          minMs: min(t),
          maxMs: max(t),
          requests: shapes.get(m.method)!.requests,
          shape: shapes.get(m.method)!.shape,
        });
      }
    } finally {
      await Promise.all(methods.map((m) => m.provider.dispose()));
      await server.close();
    }
  }
  return rows;
}

/** ['POST','GET','GET'] -> "1 POST + 2 GET" */
function summarise(methods: string[]): string {
  const counts = new Map<string, number>();
  for (const m of methods) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => `${n} ${m}`).join(' + ');
}
