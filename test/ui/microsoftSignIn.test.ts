// Signing in with VS Code's own Microsoft account, the real provider: the built-in microsoft-authentication
// extension of code-server, unchanged, does the device-code flow against a test Entra authority on 127.0.0.1
// (test/ui/entraSignIn.ts explains the private mount namespace and the test CA). Each journey checks what the
// authority and the Graph test directories received, not only what the screen shows.
import * as assert from 'node:assert/strict';
import { Session, until } from './harness';
import {
  CONTOSO,
  CONTOSO_OPERATOR,
  completeDeviceCodeSignIn,
  graphDirectory,
  listRequests,
  realSignInUnavailable,
  saveSignInTrace,
  startEntraWorld,
  type EntraWorld,
} from './entraSignIn';

/** How long the journeys watch for a reload loop after the tree has loaded. */
const QUIET_WINDOW_MS = Number(process.env.UI_SIGN_IN_QUIET_MS) || 30_000;

describe('signing in with VS Code\'s Microsoft account (the real provider, offline)', function () {
  let world: EntraWorld | undefined;
  let session: Session | undefined;

  before(async function () {
    this.timeout(180_000);
    const why = await realSignInUnavailable();
    if (why) {
      console.log(`      (skipped: ${why})`);
      this.skip();
    }
    world = await startEntraWorld();
    session = await Session.start({
      name: 'microsoft-sign-in',
      userSettings: {
        'directoryReset.directories': [graphDirectory('Contoso', CONTOSO.domain, world.contoso)],
        'directoryReset.pageSize': 20,
      },
      codeServer: world.codeServer,
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      const saved = await session.saveFailure(this.currentTest.fullTitle());
      if (world) saved.push(saveSignInTrace(session, world, this.currentTest.fullTitle()));
      console.log(`      (saved ${saved.map((f) => f.replace(/^.*test-results/, 'test-results')).join(', ')})`);
    }
  });

  after(async () => {
    await session?.stop();
    await world?.close();
  });

  it('first sign-in with a domain tenantId: device code in the browser, the tree loads once (no loop over 30 s)', async function () {
    this.timeout(QUIET_WINDOW_MS + 120_000);
    const { wb } = session!;
    const w = world!;
    await wb.openDirectoryView();
    await wb.welcome.getByText('You are signed out of the directory.').waitFor();
    const t0 = Date.now();
    await wb.welcome.getByRole('button', { name: 'Sign In' }).click();
    // VS Code asks whether the extension may sign in with Microsoft, then the provider shows the code.
    const allow = wb.dialog.filter({ hasText: /wants to sign in using Microsoft/ });
    await allow.waitFor({ timeout: 30_000 });
    await allow.getByRole('button', { name: 'Allow' }).click();
    await completeDeviceCodeSignIn(session!, CONTOSO_OPERATOR.username);

    const shown = await until('the first page of Contoso', async () => (await wb.rows.count()) > 5, 60_000).then(
      () => true,
      () => false,
    );
    const loadedAt = Date.now();
    if (!shown) {
      const tokens = w.authority.grants.length;
      const lists = listRequests(w.contoso).length;
      assert.fail(`the first page never showed: in ${((loadedAt - t0) / 1000).toFixed(0)} s the authority answered ${tokens} token requests and the directory received ${lists} list requests (the extension log shows how many it cancelled): a reload loop`);
    }
    console.log(`      (signed in and first page shown in ${((loadedAt - t0) / 1000).toFixed(1)} s)`);

    // The authority: one device code, one device_code grant that issued tokens, all to the Contoso operator.
    const grants = w.authority.grants.filter((g) => g.outcome === 'issued');
    assert.equal(w.authority.deviceCodes.length, 1, 'one device code');
    assert.equal(grants.filter((g) => g.grantType.endsWith('device_code')).length, 1, 'one device_code grant issued tokens');
    assert.ok(grants.every((g) => g.oid === CONTOSO_OPERATOR.oid));

    // Then nothing more: the tree was loaded once and does not reload itself.
    const listsAtLoad = listRequests(w.contoso).length;
    const grantsAtLoad = w.authority.grants.length;
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    const lists = listRequests(w.contoso);
    const refreshes = w.authority.grants.slice(grantsAtLoad);
    console.log(`      (over ${QUIET_WINDOW_MS / 1000} s after the first page: ${lists.length - listsAtLoad} more list requests, ${refreshes.length} more token requests; ${w.contoso.graph.requests.length} Graph requests in all)`);
    assert.equal(listsAtLoad, 1, `the first page was asked for once (got ${listsAtLoad})`);
    assert.equal(lists.length, listsAtLoad, 'no list request after the first page');
    assert.ok(refreshes.length <= 1, `at most one token refresh while idle (got ${refreshes.length})`);
  });
});
