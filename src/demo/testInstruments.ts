// Tests only: what a test directory has that the demo a person opens has not, its faults (faults.ts) and its record
// of requests, resets and revocations (recording.ts). The demo bundle (dist/demo.js) never loads this module: the
// unit tests get it through startGraphServer (graphServer.ts), and the in-VS Code tests hand it to the extension
// (DirectoryManager.useDemoTestInstruments, from test/host/index.ts) before they open the demo directory.

import { FaultInjector } from './graph/faults';
import { Recorder } from './graph/recording';
import type { TestInstruments } from './graph/server';

export type { TestInstruments } from './graph/server';

/** New faults (none waiting) and a record that keeps everything, or nothing with `record: false`. */
export function testInstruments(record = true): TestInstruments {
  return { recorder: new Recorder(record), faults: new FaultInjector() };
}
