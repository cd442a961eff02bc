#!/usr/bin/env node
// `npm run test:ui`: every user journey as a person does it, in a real VS Code (code-server on 127.0.0.1 with the
// extension installed) in a real browser (Debian's Chromium, driven by playwright-core). The journeys are
// test/ui/*.test.ts (compiled to out/test/ui/); the harness is test/support/harness.ts. One browser for the run and
// one code-server per group of journeys (nothing configured / a configured test directory).
//
// Usage: node scripts/run-ui-tests.js [--grep PATTERN] [--update-screenshots] [--headed] [--timeout SECONDS]
//   --update-screenshots  also writes the README's media/screenshots/{tree,confirm,profile}.png
// A failed journey leaves a screenshot and the extension's log ("Directory Reset" output channel) in
// test-results/ui/; every run leaves its screenshots in test-results/ui/screenshots/.
// Prints `N passed, N failed`, then `SUITE_RESULT {...}` for scripts/test.js; exits 0 only if all passed.
// Needs `npm run build` and `npm run compile-tests` first (scripts/test.js does both).
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'out', 'test', 'ui');
const SOURCE_DIR = path.join(ROOT, 'test', 'ui');
const RESULTS_DIR = path.join(ROOT, 'test-results', 'ui');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const grep = option('--grep', process.env.UI_TEST_GREP || '');
const overallMs = Number(option('--timeout', 0)) * 1000 || Number(process.env.UI_TESTS_TIMEOUT_MS) || 9 * 60 * 1000;
if (args.includes('--update-screenshots')) process.env.UI_UPDATE_SCREENSHOTS = '1';
if (args.includes('--headed')) process.env.UI_HEADED = '1';

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`ui: ${msg}`);

function suiteResult(passed, failed, failures) {
  console.log(`${passed} passed, ${failed} failed`);
  console.log(`SUITE_RESULT ${JSON.stringify({ passed, failed, failures })}`);
}

/** out/test/ui/*.test.js whose test/ui/*.test.ts still exists; first run first, then the rest by name. */
function testFiles() {
  if (!fs.existsSync(OUT_DIR)) return [];
  return fs
    .readdirSync(OUT_DIR)
    .filter((f) => f.endsWith('.test.js') && fs.existsSync(path.join(SOURCE_DIR, f.replace(/\.js$/, '.ts'))))
    .sort((a, b) => (a.startsWith('firstRun') ? -1 : b.startsWith('firstRun') ? 1 : a.localeCompare(b)))
    .map((f) => path.join(OUT_DIR, f));
}

async function main() {
  const files = testFiles();
  for (const f of [path.join(ROOT, 'dist', 'extension.js'), path.join(ROOT, 'out', 'test', 'support', 'harness.js')]) {
    if (!fs.existsSync(f)) {
      say(`missing ${path.relative(ROOT, f)} (run \`npm run build\` and \`npm run compile-tests\` first)`);
      suiteResult(0, 1, [{ title: 'ui suite setup', message: `missing ${f}` }]);
      return 1;
    }
  }
  if (!files.length) {
    suiteResult(0, 1, [{ title: 'ui suite setup', message: 'no out/test/ui/*.test.js' }]);
    return 1;
  }
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  const harness = require(path.join(ROOT, 'out', 'test', 'support', 'harness.js'));
  const Mocha = require('mocha');
  // Per-journey limit: generous for a 2-core machine; every UI wait inside has its own, shorter limit.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 90_000, slow: 15_000, grep: grep || undefined });
  files.forEach((f) => mocha.addFile(f));

  const failures = [];
  let stats = { passes: 0, failures: 0 };
  let interrupted = null;
  let runner;
  let wake;
  const done = new Promise((r) => (wake = r));
  const stop = (reason) => {
    if (interrupted) return;
    interrupted = reason;
    say(reason);
    if (runner) runner.abort();
    // A journey stuck in a wait would keep mocha from finishing: shut the browser and servers down under it.
    harness.shutdown().finally(() => setTimeout(wake, 2000).unref());
  };
  const onSignal = (sig) => stop(`interrupted by ${sig}`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = setTimeout(() => stop(`timed out after ${secs(overallMs)}`), overallMs);

  try {
    await mocha.loadFilesAsync();
    runner = mocha.run(() => wake());
    runner.on('fail', (test, err) => {
      const title = test.fullTitle();
      failures.push({ title, message: String((err && err.message) || err) });
    });
    await done;
    stats = runner.stats || stats;
  } catch (err) {
    failures.push({ title: 'ui suite', message: `crashed: ${err && err.stack ? err.stack : err}` });
  } finally {
    clearTimeout(timer);
    await harness.shutdown().catch(() => undefined);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  let failed = Math.max(stats.failures || 0, failures.length);
  if (interrupted) {
    failed = Math.max(failed, 1);
    failures.push({ title: 'ui suite', message: interrupted });
  }
  const passed = stats.passes || 0;
  if (failed)
    say(
      `screenshots and extension logs of the failures in ${path.relative(process.cwd(), RESULTS_DIR) || RESULTS_DIR}/`,
    );
  say(`ran in ${secs(Date.now() - t0)} (code-server, browser, journeys, clean-up)`);
  suiteResult(passed, failed, failures);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    suiteResult(0, 1, [{ title: 'ui suite', message: String(err && err.message) }]);
    process.exit(1);
  },
);
