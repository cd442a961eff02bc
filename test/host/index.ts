// The in-extension-host test runner. VS Code (here code-server, see scripts/run-host-tests.js) loads this module as
// `extensionTestsPath` and awaits run(); it runs every out/test/host/**/*.test.js with mocha
// (bdd: describe/it) inside the real extension host, where `require('vscode')` is the real API.
//
// Its console output reaches scripts/run-host-tests.js through the workbench's codeAutomationLog. The last line
// it logs is `HOST_RESULT {"passed":N,"failed":M,"failures":[{title,message}]}`, which that script parses.
// Environment (set on the server, inherited by the extension host): HOST_TEST_GREP filters tests by title,
// HOST_TEST_TIMEOUT sets mocha's per-test timeout in ms (default 20000), HOST_TEST_LOG_PREFIX marks every console
// line the runner and mocha's reporter write (so scripts/run-host-tests.js can tell them from the workbench's log).
// Note: the extension host forwards console.log/info/warn/error only when the first argument is a string
// (console.log({a: 1}) is dropped, console.debug never arrives).
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { testInstruments } from '../../src/demo/testInstruments';
import type { ExtensionApi } from '../../src/extension';
import { EXTENSION_ID } from '../support/bundles';

export const BEGIN_MARKER = 'HOST_BEGIN';
export const RESULT_MARKER = 'HOST_RESULT';

interface Failure {
  title: string;
  message: string;
}

function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

/** Drops compiled tests whose test/host/**\/*.test.ts is gone (tsc leaves deleted files' output in out/). */
function withoutStale(files: string[]): string[] {
  const sourceDir = path.resolve(__dirname, '..', '..', '..', 'test', 'host');
  if (!fs.existsSync(sourceDir)) return files;
  return files.filter((f) => {
    const rel = path.relative(__dirname, f).replace(/\.js$/, '');
    return ['.ts', '.js'].some((ext) => fs.existsSync(path.join(sourceDir, rel + ext)));
  });
}

function report(passed: number, failed: number, failures: Failure[], pending = 0): void {
  hostLog(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, pending, failures })}`);
}

/**
 * Console output of the test run. VS Code's extension host makes console.* non-writable (it forwards them to the
 * workbench), so rather than patching console this prefixes what mocha's reporter and this runner print.
 */
function makeLogger(prefix: string): (...args: unknown[]) => void {
  const log = console.log;
  return (...args: unknown[]) =>
    log(
      prefix +
        util
          .format(...args)
          .split('\n')
          .join('\n' + prefix),
    );
}

let hostLog: (...args: unknown[]) => void = console.log;

export async function run(): Promise<void> {
  const prefix = process.env.HOST_TEST_LOG_PREFIX;
  const Base = Mocha.reporters.Base;
  const originalConsoleLog = Base.consoleLog;
  hostLog = prefix ? makeLogger(prefix) : console.log;
  Base.consoleLog = hostLog;
  try {
    await runMocha();
  } finally {
    Base.consoleLog = originalConsoleLog;
  }
}

/**
 * Before the first test: the demo directory the tests open records its requests and resets and takes injected
 * faults. The extension's own demo (dist/demo.js) has neither; the tests hand them in from their own build (out/).
 * Activating the extension here loads only dist/extension.js (activation.test.ts checks it).
 */
async function handDemoTestInstruments(): Promise<void> {
  const ext = vscode.extensions.getExtension<ExtensionApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  if (!api) throw new Error('The extension gave no test API: is VS Code running it in test mode?');
  api.commands.manager.useDemoTestInstruments(() => testInstruments(true));
}

async function runMocha(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    rootHooks: { beforeAll: handDemoTestInstruments },
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.HOST_TEST_TIMEOUT) || 20000,
    grep: process.env.HOST_TEST_GREP || undefined,
  });
  const files = withoutStale(findTestFiles(__dirname));
  files.forEach((f) => mocha.addFile(f));
  hostLog(`${BEGIN_MARKER} ${files.length} test file(s) on Node ${process.version}`);

  const failures: Failure[] = [];
  let stats: Mocha.Stats;
  try {
    await mocha.loadFilesAsync();
    stats = await new Promise<Mocha.Stats>((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
      runner.on('fail', (test: Mocha.Runnable, err: unknown) => {
        failures.push({
          title: test.fullTitle(),
          message: String((err as { message?: unknown } | undefined)?.message ?? err),
        });
      });
    });
  } catch (err) {
    // A test file that does not load, or mocha itself failing, counts as one failure.
    const e = err as { stack?: string; message?: string };
    hostLog(`host test run crashed: ${e?.stack ?? e?.message ?? String(err)}`);
    failures.push({ title: 'loading host tests', message: String(e?.message ?? err) });
    report(0, 1, failures);
    throw err;
  }

  const passed = stats.passes;
  const failed = Math.max(stats.failures, failures.length);
  report(passed, failed, failures, stats.pending);
  if (failed > 0) throw new Error(`${failed} host test(s) failed`);
}
