// Case 1: paging through 100,000 users, three clients side by side against one test directory on 127.0.0.1.
//   (a) floor:    a bare undici loop that only follows @odata.nextLink
//   (b) provider: the extension's GraphProvider (src/directory/graph/graphProvider.ts)
//   (c) sdk:      @microsoft/microsoft-graph-client 3's PageIterator (dev dependency of the bench only)
// Same server, same $select (the tree's LIST_FIELDS), same $top; each client warmed up once, then the order rotates
// between repetitions; a full GC before every timed run.
import {
  Client,
  HTTPMessageHandler,
  MiddlewareFactory,
  PageIterator,
  type AuthenticationProvider,
  type Context,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { Agent, request } from 'undici';
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer, type GraphServer } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import { GraphProvider } from '../../src/directory/graph/graphProvider';
import { LIST_FIELDS } from '../../src/directory/graph/graphQuery';
import { silentLogger } from '../../src/directory/types';
import { collectGarbage, median, now, rotate } from '../lib/util';

export type ClientName = 'floor' | 'provider' | 'sdk';

export interface ListingRow {
  top: number;
  client: ClientName;
  /** Milliseconds per full listing (wall clock), one per repetition. */
  runsMs: number[];
  medianMs: number;
  usersPerSecond: number;
  /** CPU time of the whole process (client and directory) per listing; not inflated when the machine is busy. */
  cpuRunsMs: number[];
  medianCpuMs: number;
  requests: number;
}

export interface ListingResult {
  users: number;
  reps: number;
  rows: ListingRow[];
  /**
   * Per $top: medians over the repetitions of the per-repetition ratios (each repetition runs the three clients
   * back to back, so a busy moment of the machine touches all three), of wall time and of CPU time.
   */
  ratios: {
    top: number;
    providerVsFloor: number;
    sdkVsProvider: number;
    providerVsFloorCpu: number;
    sdkVsProviderCpu: number;
  }[];
}

interface Lister {
  readonly name: ClientName;
  /** Lists every user once; returns how many it saw. */
  list(top: number): Promise<number>;
  dispose(): Promise<void>;
}

const SELECT = LIST_FIELDS.join(',');

/** (a) The floor: GET, parse, count, follow @odata.nextLink. Nothing else. */
function floorClient(server: GraphServer): Lister {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  return {
    name: 'floor',
    async list(top) {
      const headers = { authorization: `Bearer ${server.delegatedToken}`, accept: 'application/json' };
      let url: string | undefined = `${server.url}/v1.0/users?$select=${encodeURIComponent(SELECT)}&$top=${top}`;
      let n = 0;
      while (url) {
        const res = await request(url, { headers, dispatcher: agent });
        const body = (await res.body.json()) as { value: unknown[]; '@odata.nextLink'?: string };
        if (res.statusCode !== 200) throw new Error(`floor: HTTP ${res.statusCode}`);
        n += body.value.length;
        url = body['@odata.nextLink'];
      }
      return n;
    },
    dispose: () => agent.close(),
  };
}

/** (b) The extension's provider, exactly as the tree pages with it (listUsers + nextCursor). */
function providerClient(server: GraphServer): Lister & { provider: GraphProvider } {
  const provider = new GraphProvider({
    name: 'Bench directory',
    graphEndpoint: server.url,
    tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
    logger: silentLogger,
  });
  return {
    name: 'provider',
    provider,
    async list(top) {
      let n = 0;
      let cursor: string | undefined;
      do {
        const page = await provider.listUsers({ pageSize: top, cursor });
        n += page.users.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    },
    dispose: () => provider.dispose(),
  };
}

/**
 * The SDK's own last middleware (fetch), with one change: the SDK builds and follows only https:// URLs
 * (GraphRequest.parsePath strips the host of a nextLink only when it starts with https://, and its
 * AuthenticationHandler adds the token only to https:// Graph or customHosts URLs). The test directory is plain
 * http on loopback, so the client is given https://127.0.0.1:PORT as its baseUrl, the directory writes its
 * nextLinks with https:// while the SDK runs, and this handler sends each request to the same URL over http.
 * Everything else is the SDK's default chain: AuthenticationHandler (with the authProvider below),
 * RetryHandler, RedirectHandler, TelemetryHandler, HTTPMessageHandler (Node's fetch).
 */
class LoopbackHttpMessageHandler extends HTTPMessageHandler {
  override async execute(context: Context): Promise<void> {
    if (typeof context.request === 'string') context.request = context.request.replace(/^https:\/\//, 'http://');
    return super.execute(context);
  }
}

/** (c) @microsoft/microsoft-graph-client: api().select().top().get(), then PageIterator over every page. */
function sdkClient(server: GraphServer): Lister {
  const httpUrl = server.url;
  const httpsUrl = httpUrl.replace(/^http:/, 'https:');
  const authProvider: AuthenticationProvider = { getAccessToken: async () => server.delegatedToken };
  const middleware = MiddlewareFactory.getDefaultMiddlewareChain(authProvider);
  middleware[middleware.length - 1] = new LoopbackHttpMessageHandler();
  const client = Client.initWithMiddleware({
    middleware,
    baseUrl: httpsUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set(['127.0.0.1']),
  });
  // The directory writes nextLinks from its own url; only while the SDK pages do they say https.
  const mutable = server as unknown as { url: string };
  return {
    name: 'sdk',
    async list(top) {
      mutable.url = httpsUrl;
      try {
        let n = 0;
        const first = (await client
          .api('/users')
          .select([...LIST_FIELDS])
          .top(top)
          .get()) as PageCollection;
        const it = new PageIterator(client, first, () => {
          n++;
          return true;
        });
        await it.iterate();
        return n;
      } finally {
        mutable.url = httpUrl;
      }
    },
    dispose: async () => undefined,
  };
}

export async function benchListing(options: { users: number; reps: number; tops: number[] }): Promise<ListingResult> {
  const server = await startGraphServer({ users: seedUsers(options.users) });
  const clients = [floorClient(server), providerClient(server), sdkClient(server)];
  const rows: ListingRow[] = [];
  try {
    for (const top of options.tops) {
      const runs = new Map<ClientName, number[]>(clients.map((c) => [c.name, []]));
      const cpuRuns = new Map<ClientName, number[]>(clients.map((c) => [c.name, []]));
      const requests = new Map<ClientName, number>();
      const timed = async (c: Lister, record: boolean) => {
        collectGarbage();
        const before = server.requests.length;
        const cpu0 = process.cpuUsage();
        const t0 = now();
        const n = await c.list(top);
        const ms = now() - t0;
        const cpu = process.cpuUsage(cpu0);
        if (n !== options.users) throw new Error(`${c.name} listed ${n} users instead of ${options.users}`);
        requests.set(c.name, server.requests.length - before);
        server.clearRequests(); // the record would otherwise grow by one entry per page for the whole run
        if (record) {
          runs.get(c.name)!.push(ms);
          cpuRuns.get(c.name)!.push((cpu.user + cpu.system) / 1000);
        }
      };
      for (const c of clients) await timed(c, false); // warm-up: connections, JIT, the directory's sorted list
      for (let rep = 0; rep < options.reps; rep++) {
        for (const c of rotate(clients, rep)) await timed(c, true);
      }
      for (const c of clients) {
        const r = runs.get(c.name)!;
        const m = median(r);
        rows.push({
          top,
          client: c.name,
          runsMs: r,
          medianMs: m,
          usersPerSecond: (options.users / m) * 1000,
          cpuRunsMs: cpuRuns.get(c.name)!,
          medianCpuMs: median(cpuRuns.get(c.name)!),
          requests: requests.get(c.name) ?? 0,
        });
      }
    }
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.close();
  }
  const ratios = options.tops.map((top) => {
    const row = (name: ClientName) => rows.find((r) => r.top === top && r.client === name)!;
    const paired = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]));
    return {
      top,
      providerVsFloor: paired(row('provider').runsMs, row('floor').runsMs),
      sdkVsProvider: paired(row('sdk').runsMs, row('provider').runsMs),
      providerVsFloorCpu: paired(row('provider').cpuRunsMs, row('floor').cpuRunsMs),
      sdkVsProviderCpu: paired(row('sdk').cpuRunsMs, row('provider').cpuRunsMs),
    };
  });
  return { users: options.users, reps: options.reps, rows, ratios };
}
