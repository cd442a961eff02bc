// Placeholder in-host test: the extension is installed in the real extension host and activates.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'directory-reset.directory-password-reset';

describe('extension host smoke', () => {
  it('finds and activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });
});
