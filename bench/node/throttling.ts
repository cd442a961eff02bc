// Case 6: a directory that answers 429 with Retry-After: 0.2 to every third request. The provider pages through
// it; compared: its total time and the sum of the Retry-After values it was given; checked: no request was sent
// before the Retry-After of the 429 before it had passed (measured from the moment the client had read the 429).
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import { GraphProvider } from '../../src/directory/graph/graphProvider';
import type { Logger } from '../../src/directory/types';
import { median, min, now } from '../lib/util';

export interface ThrottlingRow {
  users: number;
  pageSize: number;
  retryAfterMs: number;
  reps: number;
  requests: number;
  throttled: number;
  sumRetryAfterMs: number;
  totalMs: number;
  /** Median over runs of (total time / sum of the Retry-After values of that run). The other fields: that run. */
  ratio: number;
  /** Overhead beyond the waits: median total - sum of Retry-After. */
  overheadMs: number;
  /** Shortest gap from reading a 429 to the next request reaching the directory. */
  minGapMs: number;
  /** Requests sent before their Retry-After had passed (all runs). */
  early: number;
  allUsersOnce: boolean;
}

/** Logs request lines with the time they were logged: JsonClient logs after it has read the whole answer. */
function timingLogger(): Logger & { answers: Map<string, number> } {
  const answers = new Map<string, number>();
  const note = (m: string) => {
    const id = / request-id=(\S+)$/.exec(m)?.[1];
    if (id && id !== '-') answers.set(id, Date.now());
  };
  return { answers, trace: note, info: note, warn: note, error: note };
}

export async function benchThrottling(options: {
  users: number;
  pageSize: number;
  reps: number;
  retryAfter: string;
}): Promise<ThrottlingRow> {
  const retryAfterMs = Number(options.retryAfter) * 1000;
  const server = await startGraphServer({
    users: seedUsers(options.users),
    throttle: { every: 3, retryAfter: options.retryAfter },
  });
  const logger = timingLogger();
  const provider = new GraphProvider({
    name: 'Bench directory',
    graphEndpoint: server.url,
    tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
    logger,
  });
  const runs: Array<{ totalMs: number; requests: number; throttled: number; ratio: number }> = [];
  const gaps: number[] = [];
  let early = 0;
  let allUsersOnce = true;
  try {
    for (let rep = 0; rep < options.reps; rep++) {
      server.clearRequests();
      logger.answers.clear();
      const ids = new Set<string>();
      let count = 0;
      const t0 = now();
      let cursor: string | undefined;
      do {
        const page = await provider.listUsers({ pageSize: options.pageSize, cursor });
        page.users.forEach((u) => ids.add(u.id));
        count += page.users.length;
        cursor = page.nextCursor;
      } while (cursor);
      const totalMs = now() - t0;
      if (ids.size !== options.users || count !== options.users) allUsersOnce = false;
      const sent = server.requests.filter((r) => r.path.startsWith('/v1.0/'));
      const throttled = sent.filter((r) => r.status === 429).length;
      runs.push({ totalMs, requests: sent.length, throttled, ratio: totalMs / (throttled * retryAfterMs) });
      sent.forEach((r, i) => {
        if (r.status !== 429 || i + 1 >= sent.length) return;
        // When the client's log line cannot be matched (its format changed), the 429's arrival: a weaker check.
        const answeredAt = logger.answers.get(r.requestId) ?? r.at;
        const gap = sent[i + 1].at - answeredAt;
        gaps.push(gap);
        if (gap < retryAfterMs - 1) early++; // Date.now() has 1 ms steps
      });
    }
  } finally {
    await provider.dispose();
    await server.close();
  }
  // The run with the median ratio (runs may differ by one 429: the directory's counter runs on across runs).
  const ratio = median(runs.map((r) => r.ratio));
  const mid = runs.reduce((a, b) => (Math.abs(b.ratio - ratio) < Math.abs(a.ratio - ratio) ? b : a));
  return {
    users: options.users,
    pageSize: options.pageSize,
    retryAfterMs,
    reps: options.reps,
    requests: mid.requests,
    throttled: mid.throttled,
    sumRetryAfterMs: mid.throttled * retryAfterMs,
    totalMs: mid.totalMs,
    ratio,
    overheadMs: mid.totalMs - mid.throttled * retryAfterMs,
    minGapMs: min(gaps),
    early,
    allUsersOnce,
  };
}
