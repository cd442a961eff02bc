// The demo/test directory: a Microsoft Graph-compatible server on 127.0.0.1 with deterministic users.
// No 'vscode' import: the extension starts it for "Open Demo Directory", and every test uses it.

import { startGraphServer, type GraphServer, type GraphServerOptions } from './graphServer';
import { seedUsers } from './seed';

export * from './seed';
export * from './graphServer';
export * from './passwordPolicy';

export interface DemoDirectoryOptions extends Omit<GraphServerOptions, 'users'> {
  /** How many users the demo directory holds (the fixed ones included). Default 2500. */
  userCount?: number;
}

/**
 * The offline demo directory: 2,500 seeded users and realistic timings for the reset operation. It records
 * nothing unless asked to (`record: true`, for the in-VS Code tests): a demo left open for days keeps no
 * password it set and no trace of the requests it answered.
 */
export async function startDemoDirectory(options: DemoDirectoryOptions = {}): Promise<GraphServer> {
  const { userCount, ...rest } = options;
  return startGraphServer({
    operationRetryAfter: '0.5',
    operationPolls: 1,
    record: false,
    ...rest,
    users: seedUsers(userCount ?? 2500),
  });
}
