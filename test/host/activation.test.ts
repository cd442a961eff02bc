// A lighter start, in a real extension host: activation loads dist/extension.js and nothing else of the extension
// (dist/ldap.js, dist/demo.js and dist/undici.js load on first use; extension.test.ts checks the demo's). This
// file's name sorts first, so it runs before any other host test has opened a directory.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, loadedBundles } from '../support/bundles';

describe('a lighter start', () => {
  it('loads only dist/extension.js at activation', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    assert.deepEqual(loadedBundles(), ['extension.js']);
  });
});
