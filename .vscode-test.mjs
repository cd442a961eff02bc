// @vscode/test-cli configuration (`npm run test:electron`, i.e. `vscode-test`): runs the in-host suite
// out/test/host/**/*.test.js in a desktop VS Code that @vscode/test-electron downloads. Needs the network, so it is
// NOT what `npm test` runs here: that is scripts/run-host-tests.js (code-server + headless Chromium, offline).
// Build and compile first: `npm run build && npm run compile-tests && npm run test:electron`.
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A fresh, empty workspace folder for every run.
const workspaceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-electron-workspace-'));

export default defineConfig({
  label: 'host',
  files: 'out/test/host/**/*.test.js',
  workspaceFolder,
  mocha: { ui: 'bdd', timeout: 20000 },
  // Only the extension under test; no other installed extensions, no workspace-trust prompt.
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
});
