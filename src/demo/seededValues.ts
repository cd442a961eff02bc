// The seeded values of the demo directory's generated users: a small PRNG and what seed.ts draws from it (GUIDs,
// dates before a fixed day). Nothing here reads the clock or Math.random, so a seed always gives the same users.

/** mulberry32: small, fast, good enough for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4-looking GUID from four PRNG words. */
export function guid(next: () => number): string {
  const a = (next() * 4294967296) >>> 0;
  const b = (next() * 4294967296) >>> 0;
  const c = (next() * 4294967296) >>> 0;
  const d = (next() * 4294967296) >>> 0;
  return (
    HEX[a >>> 24] +
    HEX[(a >>> 16) & 255] +
    HEX[(a >>> 8) & 255] +
    HEX[a & 255] +
    '-' +
    HEX[b >>> 24] +
    HEX[(b >>> 16) & 255] +
    '-4' +
    HEX[(b >>> 8) & 15][1] +
    HEX[b & 255] +
    '-' +
    HEX[0x80 | ((c >>> 24) & 0x3f)] +
    HEX[(c >>> 16) & 255] +
    '-' +
    HEX[(c >>> 8) & 255] +
    HEX[c & 255] +
    HEX[d >>> 24] +
    HEX[(d >>> 16) & 255] +
    HEX[(d >>> 8) & 255] +
    HEX[d & 255]
  );
}

const EPOCH_MS = Date.UTC(2025, 4, 1); // 2025-05-01: fixed, so seeds never depend on today's date
const DAY_MS = 86_400_000;

const DAY_STRINGS: string[] = [];

/** 'YYYY-MM-DDT' of EPOCH minus `ageDays` days (cached: toISOString per user is the slowest part of seeding). */
export function dayString(ageDays: number): string {
  return (DAY_STRINGS[ageDays] ??= new Date(EPOCH_MS - ageDays * DAY_MS).toISOString().slice(0, 11));
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'HH:MM:SSZ' */
export function timeString(secondOfDay: number): string {
  return `${two(Math.floor(secondOfDay / 3600))}:${two(Math.floor(secondOfDay / 60) % 60)}:${two(secondOfDay % 60)}Z`;
}

export function pick<T>(list: readonly T[], r: number): T {
  return list[Math.floor(r * list.length)];
}
