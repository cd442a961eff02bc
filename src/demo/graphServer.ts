// A Microsoft Graph-compatible directory on 127.0.0.1: the extension's offline demo directory and the test
// directory of every test. It is as strict as Graph wherever the extension depends on Graph (query options,
// $search syntax and its header, paging by opaque nextLink, error shapes, who may reset whom, password policy,
// the resetPassword long-running operation), because a test directory more lenient than Graph hides bugs.
//
// The pieces are in graph/: the server (server.ts), its routes (routes/), OData parsing (odata.ts), tokens
// (auth.ts), and what only tests use: injected faults (faults.ts) and the record of requests and resets
// (recording.ts). This module puts them together and keeps every name importable from here.

import { FaultInjector } from './graph/faults';
import { Recorder } from './graph/recording';
import { GraphServerImpl } from './graph/server';
import type { GraphServer, GraphServerOptions } from './graph/types';

export { MAX_APP_TOKENS } from './graph/auth';
export type { Fault, FaultResponse } from './graph/faults';
export { parseFilter, parseSearch } from './graph/odata';
export { MAX_OPERATIONS } from './graph/routes/operations';
export { systemGeneratedPassword } from './graph/routes/resetPassword';
export { MAX_SKIPTOKENS } from './graph/routes/users';
export {
  PASSWORD_METHOD_ID,
  type GraphServer,
  type GraphServerOptions,
  type RecordedRequest,
  type RecordedReset,
  type RecordedTemporaryAccessPass,
} from './graph/types';
export { demoTapPolicy, type StoredTap, type TapPolicy } from './graph/temporaryAccessPassPolicy';
export { DEFAULT_USER_PROPERTIES, DemoUserMap } from './graph/userType';

/** Starts a Graph-compatible directory on 127.0.0.1 (random port). */
export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphServer> {
  const server = new GraphServerImpl(options, {
    recorder: new Recorder(options.record ?? true),
    faults: new FaultInjector(),
  });
  await server.listen();
  return server;
}
