// A Microsoft Graph-compatible directory on 127.0.0.1: the extension's offline demo directory and the test
// directory of every test. It is as strict as Graph wherever the extension depends on Graph (query options,
// $search syntax and its header, paging by opaque nextLink, error shapes, who may reset whom, password policy,
// the resetPassword long-running operation), because a test directory more lenient than Graph hides bugs.
//
// The pieces are in graph/: the server (server.ts), its routes (routes/), OData parsing (odata.ts), tokens
// (auth.ts), and what only tests use: injected faults (faults.ts) and the record of requests and resets
// (recording.ts). This module is the tests' door: a test directory with both (startGraphServer), and every name
// of the demo directory (index.ts, which the extension loads and which holds neither).

import { GraphServerImpl } from './graph/server';
import type { GraphServer, GraphServerOptions } from './graph/types';
import { testInstruments } from './testInstruments';

export * from './index';
export type { Fault, FaultResponse } from './graph/faults';
export { demoTapPolicy, type StoredTap, type TapPolicy } from './graph/temporaryAccessPassPolicy';

/** Starts a Graph-compatible directory on 127.0.0.1 (random port), with faults and (unless `record: false`) a record. */
export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphServer> {
  const server = new GraphServerImpl(options, testInstruments(options.record ?? true));
  await server.listen();
  return server;
}
