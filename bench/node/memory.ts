// Case 4, the Node-only part: heap retained by 10,000 users as the provider returns them (the DirectoryUser
// objects the tree keeps), per 1,000 users. The full picture (tree nodes, VS Code's tree items, profile pages) is
// measured inside VS Code by bench/host; this is the floor under it and the fallback when the host cannot run.
import { StaticTokenSource } from '../../src/auth/staticTokenSource';
import { startGraphServer } from '../../src/demo/graphServer';
import { seedUsers } from '../../src/demo/seed';
import { GraphProvider } from '../../src/directory/graph/graphProvider';
import { silentLogger, type DirectoryUser } from '../../src/directory/types';
import { median, settledHeap } from '../lib/util';

export interface NodeMemoryResult {
  users: number;
  pageSize: number;
  gcExposed: boolean;
  /** Retained heap growth for all users, bytes (median over samples). */
  retainedBytes: number;
  bytesPerThousand: number;
}

export async function benchNodeMemory(options: {
  users: number;
  pageSize: number;
  samples: number;
}): Promise<NodeMemoryResult> {
  const server = await startGraphServer({ users: seedUsers(options.users) });
  const provider = new GraphProvider({
    name: 'Bench directory',
    graphEndpoint: server.url,
    tokenSource: new StaticTokenSource(() => server.delegatedToken, true),
    logger: silentLogger,
  });
  const load = async (): Promise<DirectoryUser[]> => {
    const kept: DirectoryUser[] = [];
    let cursor: string | undefined;
    do {
      const page = await provider.listUsers({ pageSize: options.pageSize, cursor });
      kept.push(...page.users);
      cursor = page.nextCursor;
    } while (cursor);
    server.clearRequests();
    return kept;
  };
  const growth: number[] = [];
  let gcExposed = false;
  try {
    await load(); // warm: the directory's sorted list, connections, JIT
    for (let s = 0; s < options.samples; s++) {
      const before = await settledHeap();
      gcExposed = before.gcExposed;
      let kept: DirectoryUser[] | undefined = await load();
      const after = (await settledHeap()).heapUsed;
      if (kept.length !== options.users) throw new Error(`loaded ${kept.length} users`);
      growth.push(after - before.heapUsed);
      kept = undefined;
    }
  } finally {
    await provider.dispose();
    await server.close();
  }
  const retainedBytes = median(growth);
  return {
    users: options.users,
    pageSize: options.pageSize,
    gcExposed,
    retainedBytes,
    bytesPerThousand: (retainedBytes / options.users) * 1000,
  };
}
