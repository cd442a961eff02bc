// Runs the benchmark cases that need only Node (1, 2, 3, 6, the bundle part of 5 and the data part of 4) and writes
// their results as JSON. Started by bench/run.js with --expose-gc.
//
// Usage: node --expose-gc out/bench/node/main.js --out FILE [--bundle dist/extension.js] [--quick]
//        [--only listing,search,reset,throttling,activation,memory,preflight]
import * as fs from 'node:fs';
import * as os from 'node:os';
import { benchActivation, type ActivationResult } from './activation';
import { benchListing, type ListingResult } from './listing';
import { benchNodeMemory, type NodeMemoryResult } from './memory';
import { benchPreflight, type PreflightRow } from './preflight';
import { benchReset, type ResetRow } from './reset';
import { benchSearch, type SearchRow } from './search';
import { benchThrottling, type ThrottlingRow } from './throttling';

export interface NodeResults {
  machine: { cpu: string; cores: number; node: string; platform: string; date: string };
  quick: boolean;
  listing?: ListingResult;
  search?: SearchRow[];
  reset?: ResetRow[];
  throttling?: ThrottlingRow;
  activation?: ActivationResult;
  memory?: NodeMemoryResult;
  preflight?: PreflightRow[];
  errors: Record<string, string>;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const out = arg('--out');
  if (!out) throw new Error('--out FILE is required');
  const quick = process.argv.includes('--quick');
  const only = arg('--only')?.split(',');
  const bundle = arg('--bundle');
  const want = (name: string) => !only || only.includes(name);
  const results: NodeResults = {
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      date: new Date().toISOString(),
    },
    quick,
    errors: {},
  };
  const step = async (name: string, fn: () => Promise<void>) => {
    if (!want(name)) return;
    const t0 = Date.now();
    process.stdout.write(`bench: ${name}...`);
    try {
      await fn();
      process.stdout.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (e) {
      results.errors[name] = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stdout.write(` FAILED: ${results.errors[name]}\n`);
    }
    fs.writeFileSync(out, JSON.stringify(results, null, 2));
  };

  await step('listing', async () => {
    results.listing = await benchListing({ users: quick ? 20_000 : 100_000, reps: quick ? 2 : 5, tops: [999, 100] });
  });
  await step('search', async () => {
    results.search = await benchSearch({ latencies: [0, 200], reps: quick ? 1 : 3 });
  });
  await step('reset', async () => {
    results.reset = await benchReset({ reps: quick ? 5 : 20, paced: { retryAfter: '0.5', reps: quick ? 1 : 3 } });
  });
  await step('throttling', async () => {
    results.throttling = await benchThrottling({ users: 2_500, pageSize: 100, reps: quick ? 1 : 3, retryAfter: '0.2' });
  });
  await step('memory', async () => {
    results.memory = await benchNodeMemory({ users: 10_000, pageSize: 100, samples: quick ? 1 : 3 });
  });
  await step('preflight', async () => {
    results.preflight = await benchPreflight({
      users: quick ? [2_500] : [2_500, 100_000],
      latencies: [0, 50],
      reps: quick ? 1 : 5,
    });
  });
  await step('activation', async () => {
    if (!bundle) throw new Error('no --bundle given');
    results.activation = benchActivation({ bundle, reps: quick ? 2 : 7 });
    if (results.activation.error) throw new Error(results.activation.error);
  });
  fs.writeFileSync(out, JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
