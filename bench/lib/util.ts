// Small helpers shared by the benchmark cases: medians, timing, garbage collection, formatting.

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function min(values: readonly number[]): number {
  return values.length ? Math.min(...values) : NaN;
}

export function max(values: readonly number[]): number {
  return values.length ? Math.max(...values) : NaN;
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution, monotonic. */
export function now(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A full garbage collection with `gc`, by default the one Node exposes with --expose-gc (bench/run.js starts the
 * Node cases so), else a no-op. Returns whether it could collect.
 */
export function collectGarbage(gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc): boolean {
  if (!gc) return false;
  gc();
  gc();
  return true;
}

/**
 * Heap in use after pending callbacks have run and a full collection (when GC is exposed). Without the pause,
 * garbage still referenced by just-finished requests (sockets' buffers, promise chains) is counted as live.
 */
export async function settledHeap(gc?: () => void): Promise<{ heapUsed: number; gcExposed: boolean }> {
  await sleep(20);
  collectGarbage(gc);
  await new Promise((resolve) => setImmediate(resolve));
  const gcExposed = collectGarbage(gc);
  return { heapUsed: process.memoryUsage().heapUsed, gcExposed };
}

/** Rotates `items` by `k` positions: rep 0 -> a,b,c; rep 1 -> b,c,a; rep 2 -> c,a,b (fair ordering). */
export function rotate<T>(items: readonly T[], k: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + k) % n]);
}

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** 123456 -> "123,456" */
export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
