// Tests only: faults injected into the test directory's answers (an error status, a connection reset or left
// hanging, a body cut off, stalled or trickled). The server takes them through GraphServer.injectFault().

import { prepare, send, type Ctx, type Reply } from './http';

export type FaultResponse =
  | { status: number; headers?: Record<string, string>; body?: string | object }
  /** Destroy the socket without answering (the request is not processed). */
  | { kind: 'reset' }
  /** Never answer (the request is not processed). */
  | { kind: 'hang' }
  /**
   * Process the request normally (side effects happen), send the status, headers and half of the body, then
   * destroy the socket. When the real answer has no body, the socket is destroyed without answering.
   */
  | { kind: 'resetMidBody' }
  /**
   * Process the request normally (side effects happen), send the status, headers and half of the body, then send
   * nothing more and keep the connection open (a stalled answer: the client's body timeout must end it).
   */
  | { kind: 'stallMidBody' }
  /**
   * Process the request normally (side effects happen), send the status and headers, then the body one byte every
   * `intervalMs` (default 200): every pause is short, so only an overall deadline ends it.
   */
  | { kind: 'trickle'; intervalMs?: number };

export interface Fault {
  /** Upper-case HTTP method; any when omitted. */
  method?: string;
  /** Tested against the pathname and against pathname+query as sent; any when omitted. */
  path?: RegExp;
  /** How many matching requests it applies to. Default 1. */
  times?: number;
  response: FaultResponse;
}

/** The faults waiting for their requests, in the order they were injected. */
export class FaultInjector {
  private readonly faults: { fault: Fault; left: number }[] = [];

  inject(fault: Fault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /** The response of the first fault matching the request (each applies to `times` requests), if any. */
  take(ctx: Ctx): FaultResponse | undefined {
    for (let i = 0; i < this.faults.length; i++) {
      const entry = this.faults[i];
      const f = entry.fault;
      if (f.method && f.method.toUpperCase() !== ctx.method) continue;
      if (f.path) {
        f.path.lastIndex = 0;
        const full = ctx.rawQuery ? `${ctx.pathname}?${ctx.rawQuery}` : ctx.pathname;
        const hit = f.path.test(ctx.pathname) || ((f.path.lastIndex = 0), f.path.test(full));
        if (!hit) continue;
      }
      entry.left--;
      if (entry.left <= 0) this.faults.splice(i, 1);
      return f.response;
    }
    return undefined;
  }

  /** Answers the request as a fault says, if one matches it; `handle` gives the real answer. */
  answer(ctx: Ctx, handle: () => Reply): boolean {
    const fault = this.take(ctx);
    if (!fault) return false;
    answerWithFault(ctx, fault, handle);
    return true;
  }
}

/** Answers the request as `fault` says; `handle` processes it normally and returns the real answer. */
function answerWithFault(ctx: Ctx, fault: FaultResponse, handle: () => Reply): void {
  if ('kind' in fault) {
    if (fault.kind === 'reset') {
      ctx.req.socket.destroy();
      return;
    }
    if (fault.kind === 'hang') return;
    if (fault.kind === 'trickle') {
      sendTrickling(ctx, handle(), fault.intervalMs ?? 200);
      return;
    }
    // resetMidBody / stallMidBody: do the work, then break the answer.
    const reply = handle();
    sendBroken(ctx, reply, fault.kind === 'stallMidBody');
    return;
  }
  send(ctx, { status: fault.status, headers: fault.headers, body: fault.body });
}

function sendTrickling(ctx: Ctx, reply: Reply, intervalMs: number): void {
  const { status, headers, payload } = prepare(ctx, reply);
  ctx.record.status = status;
  // Padded so the trickle outlasts any deadline a test sets; the client gives up long before the end.
  const body = Buffer.concat([payload, Buffer.alloc(4096, 0x20)]);
  headers['content-length'] = String(body.length);
  ctx.res.writeHead(status, headers);
  let i = 0;
  const timer = setInterval(() => {
    if (ctx.res.destroyed || i >= body.length) {
      clearInterval(timer);
      if (!ctx.res.destroyed) ctx.res.end();
      return;
    }
    ctx.res.write(body.subarray(i, ++i));
  }, intervalMs);
  ctx.res.on('close', () => clearInterval(timer));
}

function sendBroken(ctx: Ctx, reply: Reply, stall = false): void {
  const { status, headers, payload } = prepare(ctx, reply);
  if (payload.length < 2) {
    if (!stall) ctx.req.socket.destroy();
    return;
  }
  ctx.record.status = status;
  headers['content-length'] = String(payload.length);
  ctx.res.writeHead(status, headers);
  ctx.res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => {
    if (!stall) setTimeout(() => ctx.req.socket.destroy(), 5);
  });
}
