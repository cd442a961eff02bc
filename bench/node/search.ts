// Case 2: search as you type. The palette's picker (src/commands/pickUser.ts) opens with a listing (now('')), then
// the user types 20 characters 30 ms apart into SearchAsYouType (default debounce) driving GraphProvider.listUsers.
// Counted: requests that reached the directory, requests the client cancelled, answers dropped as stale, the most
// requests in flight at once, and the time from the last keystroke to the result being shown.
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import { GraphProvider } from '../../src/directory/graph/graphProvider';
import { buildSearch } from '../../src/directory/graph/graphQuery';
import { SearchAsYouType } from '../../src/directory/searchAsYouType';
import { silentLogger, type UserPage } from '../../src/directory/types';
import { max, median, now, sleep } from '../lib/util';

export interface SearchRow {
  latencyMs: number;
  reps: number;
  /** The text typed (20 characters). */
  text: string;
  /** GET /v1.0/users that reached the directory per run (max over runs): opening listing + searches. */
  requests: number;
  /** Of those, requests with $search (max over runs). */
  searchRequests: number;
  /** True when every $search that reached the directory was for the final text, in every run. */
  onlyFinalText: boolean;
  cancelled: number;
  dropped: number;
  maxInFlight: number;
  /** Median ms from the last keystroke to onResult for the final text. */
  lastKeyToResultMs: number;
  /** True when the final result is the one shown last, in every run. */
  finalShown: boolean;
}

export const KEYSTROKES = 20;
export const KEY_INTERVAL_MS = 30;

export async function benchSearch(options: { latencies: number[]; reps: number }): Promise<SearchRow[]> {
  const rows: SearchRow[] = [];
  const users = seedUsers(2500);
  const target = users.find((u) => u.userType === 'Member' && u.userPrincipalName.length > KEYSTROKES + 5)!;
  const text = target.userPrincipalName.slice(0, KEYSTROKES);
  for (const latencyMs of options.latencies) {
    const server = await startGraphServer({ users, latencyMs });
    const provider = new GraphProvider({
      name: 'Bench directory',
      graphEndpoint: server.url,
      tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
      logger: silentLogger,
    });
    const runs: Array<{
      requests: number;
      searchTexts: string[];
      cancelled: number;
      dropped: number;
      maxInFlight: number;
      lastKeyToResultMs: number;
      finalShown: boolean;
    }> = [];
    try {
      await provider.listUsers({ pageSize: 25, search: 'warm' }); // connection and JIT warm-up
      for (let rep = 0; rep < options.reps; rep++) {
        server.clearRequests();
        let inFlight = 0;
        let maxInFlight = 0;
        const shown: Array<{ text: string; at: number }> = [];
        let finalShownAt = -1;
        let resolveFinal!: () => void;
        const finalShown = new Promise<void>((r) => (resolveFinal = r));
        const sat = new SearchAsYouType<UserPage>({
          search: async (t, signal) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            try {
              return await provider.listUsers({ search: t || undefined, pageSize: 25, signal });
            } finally {
              inFlight--;
            }
          },
          onResult: (t) => {
            shown.push({ text: t, at: now() });
            if (t === text) {
              finalShownAt = now();
              resolveFinal();
            }
          },
          onError: (t, e) => {
            throw new Error(`search for "${t}" failed: ${String(e)}`);
          },
        });
        void sat.now(''); // the picker opens with the first page
        let lastKeyAt = 0;
        for (let i = 1; i <= KEYSTROKES; i++) {
          await sleep(KEY_INTERVAL_MS);
          sat.update(text.slice(0, i));
          lastKeyAt = now();
        }
        await Promise.race([finalShown, sleep(10_000)]);
        await sleep(50); // anything late would show up here
        sat.dispose();
        const listRequests = server.requests.filter((r) => r.method === 'GET' && r.path === '/v1.0/users');
        runs.push({
          requests: listRequests.length,
          searchTexts: listRequests.filter((r) => r.query.$search !== undefined).map((r) => r.query.$search),
          cancelled: sat.stats.cancelled,
          dropped: sat.stats.dropped,
          maxInFlight,
          lastKeyToResultMs: finalShownAt - lastKeyAt,
          finalShown: finalShownAt >= 0 && shown[shown.length - 1]?.text === text,
        });
      }
    } finally {
      await provider.dispose();
      await server.close();
    }
    const finalSearch = buildSearch(text);
    rows.push({
      latencyMs,
      reps: options.reps,
      text,
      requests: max(runs.map((r) => r.requests)),
      searchRequests: max(runs.map((r) => r.searchTexts.length)),
      onlyFinalText: runs.every((r) => r.searchTexts.every((s) => s === finalSearch)),
      cancelled: max(runs.map((r) => r.cancelled)),
      dropped: max(runs.map((r) => r.dropped)),
      maxInFlight: max(runs.map((r) => r.maxInFlight)),
      lastKeyToResultMs: median(runs.map((r) => r.lastKeyToResultMs)),
      finalShown: runs.every((r) => r.finalShown),
    });
  }
  return rows;
}
