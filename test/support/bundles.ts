// Which of the extension's bundles (dist/*.js) Node has loaded in this extension host. VS Code loads the
// extension's main with require(), and the lazy bundles are required from it, so require.cache lists them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'directory-reset.directory-password-reset';

export function loadedBundles(): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  const dist = fs.realpathSync(path.join(ext.extensionPath, 'dist')) + path.sep;
  return Object.keys(require.cache)
    .filter((f) => f.startsWith(dist))
    .map((f) => f.slice(dist.length))
    .sort();
}
