// Tests only: what the test directory keeps of the requests it answered, the passwords it set and the sessions it
// revoked, for tests to inspect. With `record: false` (the extension's demo) it keeps nothing.

import type { RecordedRequest, RecordedReset, RecordedTemporaryAccessPass } from './types';

export class Recorder {
  readonly requests: RecordedRequest[] = [];
  readonly resets: RecordedReset[] = [];
  /** POST revokeSignInSessions calls that succeeded. */
  readonly revocations: { userId: string; at: number }[] = [];

  /** Temporary Access Passes issued: digests, never the pass. */
  readonly issuedPasses: RecordedTemporaryAccessPass[] = [];

  constructor(readonly recording: boolean) {}

  request(record: RecordedRequest): void {
    if (this.recording) this.requests.push(record);
  }

  reset(reset: RecordedReset): void {
    if (this.recording) this.resets.push(reset);
  }

  revocation(userId: string): void {
    if (this.recording) this.revocations.push({ userId, at: Date.now() });
  }

  temporaryAccessPass(entry: Omit<RecordedTemporaryAccessPass, 'at'>): void {
    if (this.recording) this.issuedPasses.push({ ...entry, at: Date.now() });
  }

  clearRequests(): void {
    this.requests.length = 0;
  }
}
