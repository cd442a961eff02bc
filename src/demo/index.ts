// The demo directory as the extension loads it (dist/demo.js, on Open Demo Directory): a Microsoft Graph-compatible
// server on 127.0.0.1 with deterministic users (see graphServer.ts for what it is and why it is strict).
// No 'vscode' import. It holds no fault injection and no record of requests: those are for tests only
// (testInstruments.ts; startGraphServer in graphServer.ts), and the tests hand them in.

import { GraphServerImpl, type TestInstruments } from './graph/server';
import type { GraphServer, GraphServerOptions } from './graph/types';
import { seedUsers } from './seed';

export * from './seed';
export * from './passwordPolicy';
export { MAX_APP_TOKENS } from './graph/auth';
export { parseFilter, parseSearch } from './graph/odata';
export { MAX_OPERATIONS } from './graph/routes/operations';
export { systemGeneratedPassword } from './graph/routes/resetPassword';
export { MAX_SKIPTOKENS } from './graph/routes/users';
export type { TestInstruments } from './graph/server';
export {
  PASSWORD_METHOD_ID,
  type GraphServer,
  type GraphServerOptions,
  type RecordedRequest,
  type RecordedReset,
  type RecordedTemporaryAccessPass,
} from './graph/types';
export { DEFAULT_USER_PROPERTIES, DemoUserMap } from './graph/userType';

export interface DemoDirectoryOptions extends Omit<GraphServerOptions, 'users' | 'record'> {
  /** How many users the demo directory holds (the fixed ones included). Default 2500. */
  userCount?: number;
  /** Tests only: faults and a record of requests and resets (testInstruments.ts). Without them it keeps nothing. */
  instruments?: TestInstruments;
}

/**
 * The offline demo directory: 2,500 seeded users and realistic timings for the reset operation. Without test
 * instruments it records nothing: a demo left open for days keeps no password it set and no trace of the requests
 * it answered, and cannot be grown by requests from other processes on this machine.
 */
export async function startDemoDirectory(options: DemoDirectoryOptions = {}): Promise<GraphServer> {
  const { userCount, instruments, ...rest } = options;
  const server = new GraphServerImpl(
    { operationRetryAfter: '0.5', operationPolls: 1, ...rest, users: seedUsers(userCount ?? 2500) },
    instruments,
  );
  await server.listen();
  return server;
}
