// Inside a real VS Code: what other extensions get from activate(), cancelling a page that loads too slowly, and
// a stored secret that does not follow its directory to another endpoint (real SecretStorage, real settings).
// Runs after extension.test.js (the demo directory may be open) and leaves the settings as it found them.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { activate, type ExtensionApi } from '../../src/extension';
import type { ErrorNode, TreeNode } from '../../src/views/nodes';
import { startScimFixture, type ScimFixture } from '../fixtures/scimServer';
import { stubInputBox } from '../support/vscodeStubs';

const EXTENSION_ID = 'directory-reset.directory-password-reset';

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('hardening in a real VS Code', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  const config = () => vscode.workspace.getConfiguration('directoryReset');
  const rootNodes = async (): Promise<TreeNode[]> => (await api.commands.tree.getChildren()) ?? [];

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
  });

  describe('what activate() hands to other extensions', () => {
    /**
     * Runs the extension's activate() again, as VS Code would for an installed copy (Production) or a copy loaded
     * from source without tests (Development). Command registration and the tree view are stood in for, so this
     * second activation does not take over the running extension's commands and view.
     */
    function activateIn(mode: vscode.ExtensionMode): unknown {
      const commands = vscode.commands as { registerCommand: unknown };
      const window = vscode.window as { createTreeView: unknown; createOutputChannel: unknown };
      const registerCommand = commands.registerCommand;
      const createTreeView = window.createTreeView;
      const createOutputChannel = window.createOutputChannel;
      const subscriptions: { dispose(): unknown }[] = [];
      const store = new Map<string, string>();
      const secrets = {
        get: async (k: string) => store.get(k),
        store: async (k: string, v: string) => void store.set(k, v),
        delete: async (k: string) => void store.delete(k),
        onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
      };
      const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
      commands.registerCommand = () => ({ dispose: () => undefined });
      window.createTreeView = () => ({ title: '', message: undefined, dispose: () => undefined });
      // The log channel is shared by name with the running extension: a second one must not close it.
      const quiet = () => undefined;
      window.createOutputChannel = () => ({
        trace: quiet,
        debug: quiet,
        info: quiet,
        warn: quiet,
        error: quiet,
        dispose: quiet,
      });
      try {
        return activate({
          extensionMode: mode,
          subscriptions,
          secrets,
          globalState: memento,
          workspaceState: memento,
          extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri,
          logUri: vscode.Uri.file(os.tmpdir()),
          globalStorageUri: vscode.Uri.file(os.tmpdir()),
        } as unknown as vscode.ExtensionContext);
      } finally {
        commands.registerCommand = registerCommand;
        window.createTreeView = createTreeView;
        window.createOutputChannel = createOutputChannel;
        for (const s of subscriptions) s.dispose();
      }
    }

    it('exports nothing in an installed copy or a development copy; only its own test run gets the API', () => {
      assert.equal(activateIn(vscode.ExtensionMode.Production), undefined, 'Production: no API for other extensions');
      assert.equal(activateIn(vscode.ExtensionMode.Development), undefined, 'Development: no API either');
      const underTest = activateIn(vscode.ExtensionMode.Test) as ExtensionApi | undefined;
      assert.ok(underTest?.commands.manager, 'Test: the API');
      // This run is such a test run: VS Code set ExtensionMode.Test because extensionTestsPath is given.
      assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.exports, api);
      assert.ok(api.commands.manager);
    });
  });

  describe('a page that loads too slowly', () => {
    after(() => api.commands.tree.refresh());

    it('Cancel Loading stops it at once; the view says so and Retry loads the page', async () => {
      await vscode.commands.executeCommand('directoryReset.openDemoDirectory');
      const server = api.commands.manager.demoServer!;
      await vscode.commands.executeCommand('directoryReset.clearSearch');
      // A byte every 300 ms: no timeout between chunks fires, and the overall deadline is 30 s away.
      server.injectFault({ method: 'GET', path: /^\/v1\.0\/users$/, response: { kind: 'trickle', intervalMs: 300 } });
      api.commands.tree.refresh();
      const children = rootNodes();
      await until(() => api.commands.tree.isLoading, 'the page to start loading');
      const started = Date.now();
      await vscode.commands.executeCommand('directoryReset.cancelLoading');
      const nodes = await children;
      assert.ok(Date.now() - started < 3000, `stopped after ${Date.now() - started} ms`);
      assert.equal(api.commands.tree.isLoading, false);
      assert.equal(nodes.length, 1, 'no users, one row that says what happened');
      const row = nodes[0] as ErrorNode;
      assert.equal(row.kind, 'error');
      assert.match(row.message, /Loading was cancelled/);
      assert.equal(row.toTreeItem().command?.command, 'directoryReset.retry');
      assert.equal(api.commands.tree.viewState, 'error', 'not "the directory has no users"');

      await vscode.commands.executeCommand('directoryReset.retry');
      const again = await rootNodes();
      assert.equal(again.filter((n) => n.kind === 'user').length, 100);
    });

    it('offers Cancel Loading in the view title bar and the palette only while a page loads', () => {
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
        contributes: { menus: Record<string, { command: string; when?: string }[]> };
      };
      const title = pkg.contributes.menus['view/title'].find((m) => m.command === 'directoryReset.cancelLoading');
      assert.match(title?.when ?? '', /view == directoryReset\.users && directoryReset\.loading/);
      const palette = pkg.contributes.menus.commandPalette.find((m) => m.command === 'directoryReset.cancelLoading');
      assert.equal(palette?.when, 'directoryReset.loading');
    });
  });

  describe('a stored secret when its endpoint changes', () => {
    const DIRECTORY = 'SCIM Bound';
    let fixture: ScimFixture;
    let elsewhere: http.Server;
    let elsewhereUrl: string;
    /** Authorization headers that reached the other server. */
    const received: string[] = [];

    before(async () => {
      fixture = await startScimFixture();
      elsewhere = http.createServer((req, res) => {
        received.push(String(req.headers.authorization ?? ''));
        res.writeHead(401, { 'content-type': 'application/scim+json' });
        res.end(
          JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: 'no' }),
        );
      });
      await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
      elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/scim/v2`;
    });

    after(async () => {
      try {
        await vscode.commands.executeCommand('directoryReset.signOut');
      } finally {
        for (const key of ['directories', 'activeDirectory'])
          await config().update(key, undefined, vscode.ConfigurationTarget.Global);
        await api.commands.manager.reload();
        await fixture?.close();
        await new Promise((r) => elsewhere?.close(r));
      }
    });

    async function point(baseUrl: string): Promise<void> {
      await config().update(
        'directories',
        [{ name: DIRECTORY, provider: 'scim', baseUrl }],
        vscode.ConfigurationTarget.Global,
      );
      await config().update('activeDirectory', DIRECTORY, vscode.ConfigurationTarget.Global);
      await api.commands.manager.select(DIRECTORY);
    }

    it('is not sent to a new baseUrl: signed out until the token is given again, and the prompt says why', async () => {
      await point(fixture.url);
      await vscode.commands.executeCommand('directoryReset.signOut');
      const box = stubInputBox(fixture.token);
      try {
        await vscode.commands.executeCommand('directoryReset.signIn');
      } finally {
        box.restore();
      }
      assert.equal(await api.commands.manager.state(), 'ready');
      assert.ok(
        (await rootNodes()).some((n) => n.kind === 'user'),
        'signed in to the first service',
      );

      // Same name, another server (Settings Sync, an edited entry): the stored token must not go there.
      await point(elsewhereUrl);
      assert.equal(await api.commands.manager.state(), 'signedOut');
      api.commands.tree.refresh();
      assert.deepEqual(await rootNodes(), []);
      assert.equal(api.commands.tree.viewState, 'signedOut');
      assert.ok(!received.some((h) => h.includes(fixture.token)), 'the token never reached the other server');

      const again = stubInputBox(undefined); // asked again; cancelled
      try {
        await vscode.commands.executeCommand('directoryReset.signIn');
      } finally {
        again.restore();
      }
      assert.equal(again.calls.length, 1, 'sign-in asks for a token again');
      assert.ok(again.calls[0].password);
      assert.ok(
        again.calls[0].prompt?.includes(fixture.url) && again.calls[0].prompt.includes(elsewhereUrl),
        again.calls[0].prompt,
      );
      assert.ok(!received.some((h) => h.includes(fixture.token)), 'the token never reached the other server');

      // Back to the first service: the token given for it is used again, nothing is asked.
      await point(fixture.url);
      assert.equal(await api.commands.manager.state(), 'ready');
    });
  });
});
