// Case 5 (Node side): size of the production bundle and cold require + activate times, each in a fresh Node
// process with a stand-in 'vscode' module (see activateOnce.ts). The in-VS Code numbers come from bench/host.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { median } from '../lib/util';

export interface ActivationResult {
  bundle: string;
  bytes: number;
  gzipBytes: number;
  reps: number;
  requireMs: number;
  activateMs: number;
  /** Outgoing connections / servers started during require + activate, over all runs. */
  sockets: number;
  listens: number;
  commands: number;
  error?: string;
}

export function benchActivation(options: { bundle: string; reps: number }): ActivationResult {
  const data = fs.readFileSync(options.bundle);
  const runs: Array<{ requireMs: number; activateMs: number; sockets: number; listens: number; commands: number }> = [];
  let error: string | undefined;
  for (let i = 0; i < options.reps + 1; i++) {
    const r = spawnSync(process.execPath, [path.join(__dirname, 'activateOnce.js'), options.bundle], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, DIRECTORY_RESET_OPEN_DEMO: '' },
    });
    const line = (r.stdout || '').trim().split('\n').pop() ?? '';
    let parsed: { error?: string; requireMs?: number } | undefined;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = { error: `no result (exit ${r.status}): ${r.stderr?.slice(0, 500)}` };
    }
    if (!parsed || parsed.error || parsed.requireMs === undefined) {
      error = parsed?.error ?? 'no result';
      break;
    }
    if (i > 0) runs.push(parsed as (typeof runs)[number]); // the first start warms the OS file cache
  }
  return {
    bundle: options.bundle,
    bytes: data.length,
    gzipBytes: zlib.gzipSync(data, { level: 9 }).length,
    reps: runs.length,
    requireMs: median(runs.map((r) => r.requireMs)),
    activateMs: median(runs.map((r) => r.activateMs)),
    sockets: runs.reduce((a, r) => a + r.sockets, 0),
    listens: runs.reduce((a, r) => a + r.listens, 0),
    commands: runs.length ? runs[0].commands : 0,
    error,
  };
}
