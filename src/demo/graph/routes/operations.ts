// GET /users/{id}/authentication/operations/{opId}: the status of a resetPassword operation. The password is
// set when a poll finds the operation succeeded, after `operationPolls` polls answered 'running'.

import { isoNow, notFound, type Ctx, type Reply } from '../http';
import { parseQuery } from '../odata';
import { PASSWORD_METHOD_ID } from '../types';
import { requireUser, type Directory } from './directory';

/** Reset operations remembered for polling; the oldest is forgotten first (each holds a password). */
export const MAX_OPERATIONS = 200;

export interface Operation {
  id: string;
  userId: string;
  password: string;
  polls: number;
  status: 'notStarted' | 'running' | 'succeeded' | 'failed';
  statusDetail: string | null;
  createdDateTime: string;
  lastActionDateTime: string;
}

export class Operations {
  private readonly operations = new Map<string, Operation>();

  constructor(
    private readonly dir: Directory,
    /** How many polls answer 'running' before the final status. */
    private readonly polls: number,
    /** Retry-After on the 202 and on unfinished polls. */
    readonly retryAfter: string,
    /** Operations end in 'failed' (password not changed). */
    private readonly fail: boolean,
  ) {}

  get size(): number {
    return this.operations.size;
  }

  add(op: Operation): void {
    this.operations.set(op.id, op);
    while (this.operations.size > MAX_OPERATIONS) this.operations.delete(this.operations.keys().next().value as string);
  }

  getOperation(ctx: Ctx, key: string, opId: string): Reply {
    parseQuery(ctx, new Set(['$select']));
    const u = requireUser(this.dir.users, key);
    const op = this.operations.get(opId);
    if (!op || op.userId !== u.id) throw notFound(opId);
    if (op.status !== 'succeeded' && op.status !== 'failed') {
      op.polls++;
      op.lastActionDateTime = isoNow();
      if (op.polls <= this.polls) {
        op.status = 'running';
      } else if (this.fail) {
        op.status = 'failed';
        op.statusDetail = 'The password could not be reset: the directory reported an internal error.';
      } else {
        op.status = 'succeeded';
        const target = this.dir.users.get(op.userId);
        if (target) {
          target.password = op.password;
          target.lastPasswordChangeDateTime = op.lastActionDateTime;
        }
        this.dir.recordReset({
          userId: op.userId,
          password: op.password,
          forceChangePasswordNextSignIn: true,
          method: 'resetPassword',
          at: Date.now(),
        });
      }
    }
    const finished = op.status === 'succeeded' || op.status === 'failed';
    return {
      status: 200,
      headers: finished ? {} : { 'retry-after': this.retryAfter },
      body: {
        '@odata.context': `${this.dir.url}/v1.0/$metadata#users('${u.id}')/authentication/operations/$entity`,
        id: op.id,
        createdDateTime: op.createdDateTime,
        lastActionDateTime: op.lastActionDateTime,
        status: op.status,
        statusDetail: op.statusDetail,
        resourceLocation: `${this.dir.url}/v1.0/users/${u.id}/authentication/passwordMethods/${PASSWORD_METHOD_ID}`,
      },
    };
  }
}
