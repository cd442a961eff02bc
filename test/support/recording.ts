// Shared by the plain-Node tests: a Logger that keeps its lines (to scan them for secrets), and the
// DirectoryError a promise rejects with.
import * as assert from 'node:assert/strict';
import { DirectoryError } from '../../src/directory/errors';
import type { Logger } from '../../src/directory/types';

export type RecordingLogger = Logger & { lines: string[] };

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const push = (m: string) => lines.push(m);
  return { lines, trace: push, info: push, warn: push, error: push };
}

/** Awaits `p`, which must reject with a DirectoryError, and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<DirectoryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DirectoryError, `a DirectoryError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}
