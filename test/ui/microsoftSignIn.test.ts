// Signing in with VS Code's own Microsoft account, the real provider: the built-in microsoft-authentication
// extension of code-server, unchanged, does the device-code flow against a test Entra authority on 127.0.0.1
// (test/support/entraSignIn.ts explains the private mount namespace and the test CA). Each journey checks what the
// authority and the Graph test directories received, not only what the screen shows.
import * as assert from 'node:assert/strict';
import { Session, until } from '../support/harness';
import { FIXED_USERS } from '../../src/demo/seed';
import {
  CONTOSO,
  CONTOSO_OPERATOR,
  FABRIKAM,
  FABRIKAM_OPERATOR,
  answerAccessRequest,
  claimsChallenge,
  completeDeviceCodeSignIn,
  peerScopes,
  graphDirectory,
  listRequests,
  realSignInUnavailable,
  saveSignInTrace,
  startEntraWorld,
  type EntraWorld,
} from '../support/entraSignIn';

/** How long the journeys watch for a reload loop after the tree has loaded. */
const QUIET_WINDOW_MS = Number(process.env.UI_SIGN_IN_QUIET_MS) || 30_000;

/** How many sessions-changed events of the Microsoft provider the peer extension has seen (asked through the UI). */
async function sessionChangeEvents(session: Session): Promise<number> {
  const { wb } = session;
  await wb.palette('Token Peer: Count Session Changes');
  const toast = wb.toasts.filter({ hasText: /Token Peer: \d+ Microsoft session change events/ }).last();
  await toast.waitFor();
  const n = Number(/Token Peer: (\d+) Microsoft/.exec(await toast.innerText())![1]);
  await wb.palette('Notifications: Clear All Notifications');
  await until('the notifications to go', async () => (await wb.toasts.count()) === 0);
  return n;
}

describe("signing in with VS Code's Microsoft account (the real provider, offline)", function () {
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
        'directoryReset.directories': [
          graphDirectory('Contoso', CONTOSO.domain, world.contoso),
          graphDirectory('Fabrikam', FABRIKAM.id, world.fabrikam),
        ],
        'directoryReset.activeDirectory': 'Contoso',
        'directoryReset.pageSize': 20,
        // The test extension that refreshes a token of the same account with other scopes (journey 2).
        'tokenPeer.scopes': peerScopes(CONTOSO.id, world.contoso),
      },
      codeServer: world.codeServer,
    });
  });

  let journeyStart = 0;
  beforeEach(() => {
    journeyStart = Date.now();
  });

  afterEach(async function () {
    console.log(`      (${this.currentTest?.state ?? 'done'} in ${((Date.now() - journeyStart) / 1000).toFixed(1)} s)`);
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

  it('1. first sign-in with a domain tenantId: device code in the browser, the tree loads once (no loop over 30 s)', async function () {
    this.timeout(QUIET_WINDOW_MS + 120_000);
    const { wb } = session!;
    const w = world!;
    await wb.openDirectoryView();
    await wb.welcome.getByText('You are signed out of the directory.').waitFor();
    const t0 = Date.now();
    await wb.welcome.getByRole('button', { name: 'Sign In' }).click();
    // VS Code asks whether the extension may sign in with Microsoft, then the provider shows the code.
    await answerAccessRequest(wb, /Directory Password Reset/, undefined);
    await completeDeviceCodeSignIn(session!, CONTOSO_OPERATOR.username);

    const shown = await until('the first page of Contoso', async () => (await wb.rows.count()) > 5, 60_000).then(
      () => true,
      () => false,
    );
    const loadedAt = Date.now();
    if (!shown) {
      const tokens = w.authority.grants.length;
      const lists = listRequests(w.contoso).length;
      assert.fail(
        `the first page never showed: in ${((loadedAt - t0) / 1000).toFixed(0)} s the authority answered ${tokens} token requests and the directory received ${lists} list requests (the extension log shows how many it cancelled): a reload loop`,
      );
    }
    console.log(`      (signed in and first page shown in ${((loadedAt - t0) / 1000).toFixed(1)} s)`);

    // The authority: one device code, one device_code grant that issued tokens, all to the Contoso operator.
    const grants = w.authority.grants.filter((g) => g.outcome === 'issued');
    assert.equal(w.authority.deviceCodes.length, 1, 'one device code');
    assert.equal(
      grants.filter((g) => g.grantType.endsWith('device_code')).length,
      1,
      'one device_code grant issued tokens',
    );
    assert.ok(grants.every((g) => g.oid === CONTOSO_OPERATOR.oid));
    // What reached login.microsoftonline.com: the provider's device code and token requests, and the extension's
    // own lookup of the domain (its openid-configuration, whose issuer names the tenant GUID).
    const kinds = new Map<string, number>();
    for (const r of w.authority.requests)
      kinds.set(`${r.kind} ${r.tenant}`, (kinds.get(`${r.kind} ${r.tenant}`) ?? 0) + 1);
    console.log(`      (the authority received: ${[...kinds].map(([k, n]) => `${k} x${n}`).join(', ')})`);
    const lookups = w.authority.requests.filter(
      (r) => r.kind === 'openid-configuration' && r.tenant === CONTOSO.domain,
    );
    assert.equal(lookups.length, 1, 'the domain was looked up once');
    assert.ok(
      w.authority.grants.every((g) => g.tenant === CONTOSO.id),
      'the provider was asked for the tenant GUID, never the domain',
    );

    // Then nothing more: the tree was loaded once and does not reload itself.
    const listsAtLoad = listRequests(w.contoso).length;
    const grantsAtLoad = w.authority.grants.length;
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    const lists = listRequests(w.contoso);
    const refreshes = w.authority.grants.slice(grantsAtLoad);
    console.log(
      `      (over ${QUIET_WINDOW_MS / 1000} s after the first page: ${lists.length - listsAtLoad} more list requests, ${refreshes.length} more token requests; ${w.contoso.graph.requests.length} Graph requests in all)`,
    );
    assert.equal(listsAtLoad, 1, `the first page was asked for once (got ${listsAtLoad})`);
    assert.equal(lists.length, listsAtLoad, 'no list request after the first page');
    assert.ok(refreshes.length <= 1, `at most one token refresh while idle (got ${refreshes.length})`);
  });

  it("2. another extension's token refresh (same account, other scopes) does not reload the tree", async function () {
    this.timeout(120_000);
    const { wb } = session!;
    const w = world!;
    await wb.resetUi();
    await until('the Contoso tree', async () => (await wb.rows.count()) > 5);
    const changesBefore = await sessionChangeEvents(session!);
    const since = Date.now();
    const grantsBefore = w.authority.grants.length;
    const listsBefore = listRequests(w.contoso).length;

    // Token Peer asks the provider for the same account with another scope: the provider refreshes over the
    // network and then tells every extension that the sessions changed.
    await wb.palette('Token Peer: Get Microsoft Session');
    await answerAccessRequest(wb, /Token Peer/, CONTOSO_OPERATOR.username);
    await wb.toasts
      .filter({ hasText: `Token Peer: session for ${CONTOSO_OPERATOR.username}` })
      .waitFor({ timeout: 30_000 });
    const peerGrants = w.authority.grants
      .slice(grantsBefore)
      .filter((g) => g.scopes.some((x) => x.endsWith('/User.Read')));
    assert.ok(
      peerGrants.some((g) => g.grantType === 'refresh_token' && g.outcome === 'issued'),
      "the peer's token came from a refresh",
    );
    // Every extension was told that the Microsoft sessions changed (the peer counts the same events ours gets).
    const changesAfter = await until('a sessions-changed event', async () => {
      const n = await sessionChangeEvents(session!);
      return n > changesBefore ? n : undefined;
    });

    await new Promise((r) => setTimeout(r, 10_000));
    const lists = listRequests(w.contoso, since);
    const ours = w.authority.grants.slice(grantsBefore).filter((g) => !g.scopes.some((x) => x.endsWith('/User.Read')));
    console.log(
      `      (the peer's refresh: ${changesAfter - changesBefore} sessions-changed event(s); then ${lists.length} list requests, ${ours.length} token requests for the extension's scopes in 10 s)`,
    );
    assert.equal(listRequests(w.contoso).length, listsBefore, 'the tree was not reloaded');
    assert.equal(ours.length, 0, 'the extension did not ask the authority for anything');
    assert.ok((await wb.rows.count()) > 5, 'the tree still shows the users');
  });

  it('3. a second directory in another tenant signs in with its own account; each directory keeps its own', async function () {
    this.timeout(180_000);
    const { wb } = session!;
    const w = world!;
    await wb.resetUi();
    const codesBefore = w.authority.deviceCodes.length;

    await wb.palette('Directory: Select Directory...');
    await wb.pickExactly('Fabrikam');
    await wb.welcome.getByText('You are signed out of the directory.').waitFor({ timeout: 30_000 });
    assert.equal(
      w.fabrikam.graph.requests.filter((r) => r.status === 200).length,
      0,
      'nothing read from Fabrikam before its sign-in',
    );
    await wb.welcome.getByRole('button', { name: 'Sign In' }).click();
    await answerAccessRequest(wb, /Directory Password Reset/, undefined);
    await completeDeviceCodeSignIn(session!, FABRIKAM_OPERATOR.username);
    await until('the first page of Fabrikam', async () => (await wb.rows.count()) > 5, 60_000);
    assert.equal(w.authority.deviceCodes.length, codesBefore + 1, 'one more device code, for Fabrikam');
    assert.equal(
      w.authority.deviceCodes[codesBefore].tenant.toLowerCase(),
      FABRIKAM.id,
      'asked in the Fabrikam tenant',
    );
    const fabrikamTokens = w.fabrikam.presented.map((p) => w.authority.issuedToken(p.jti));
    assert.ok(
      fabrikamTokens.length > 0 &&
        fabrikamTokens.every((t) => t?.oid === FABRIKAM_OPERATOR.oid && t.tenantId === FABRIKAM.id),
      "Fabrikam only ever saw the Fabrikam account's tokens",
    );

    // Back to Contoso: its tree, with the Contoso account, without a sign-in.
    const contosoSeen = w.contoso.presented.length;
    await wb.palette('Directory: Select Directory...');
    await wb.pickExactly('Contoso');
    await until(
      'the first page of Contoso again',
      async () => (await wb.rows.count()) > 5 && (await wb.welcome.isVisible()) === false,
      30_000,
    );
    await until('Contoso to be read again', () => w.contoso.presented.length > contosoSeen);
    const contosoTokens = w.contoso.presented.slice(contosoSeen).map((p) => w.authority.issuedToken(p.jti));
    assert.ok(
      contosoTokens.every((t) => t?.oid === CONTOSO_OPERATOR.oid && t.tenantId === CONTOSO.id),
      "Contoso still gets the Contoso account's tokens",
    );
    assert.equal(w.authority.deviceCodes.length, codesBefore + 1, 'no sign-in for Contoso again');
    assert.equal(await wb.dialog.count(), 0, 'no dialog');
    // Neither directory refused a token (a 401 would mean a token of the other tenant was sent).
    assert.equal(w.contoso.graph.requests.filter((r) => r.status === 401).length, 0, 'Contoso never answered 401');
    assert.equal(w.fabrikam.graph.requests.filter((r) => r.status === 401).length, 0, 'Fabrikam never answered 401');
  });

  it('4. a claims challenge (401 insufficient_claims) leads to a token that meets it, and the reset succeeds', async function () {
    this.timeout(120_000);
    const { wb } = session!;
    const w = world!;
    await wb.resetUi();
    await until('the Contoso tree', async () => (await wb.rows.count()) > 5);
    const id = FIXED_USERS.alainCharon;
    const displayName = w.contoso.graph.users.get(id)!.displayName;
    const grantsBefore = w.authority.grants.length;
    const challenge = claimsChallenge();
    // Conditional Access: the directory answers the reset once with a claims challenge.
    w.contoso.graph.injectFault({
      method: 'POST',
      path: new RegExp(`^/v1\\.0/users/${id}/authentication/methods/[^/]+/resetPassword$`),
      response: {
        status: 401,
        headers: { 'www-authenticate': challenge.header },
        body: {
          error: {
            code: 'InvalidAuthenticationToken',
            message:
              'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
          },
        },
      },
    });

    await wb.searchFromTitle('Alain');
    await wb.contextMenu(wb.row(displayName), 'Reset Password...');
    await wb.dialog.waitFor();
    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();
    await wb.tab(`${displayName} - Profile`).waitFor({ timeout: 60_000 });
    await wb.webview.locator('#password-section:not([hidden])').waitFor({ timeout: 30_000 });

    const resets = w.contoso.graph.resets.filter((r) => r.userId === id);
    assert.equal(resets.length, 1, 'the directory reset the password once');
    const posts = w.contoso.graph.requests.filter((r) => r.method === 'POST' && /resetPassword$/.test(r.path));
    assert.deepEqual(
      posts.map((r) => r.status),
      [401, 202],
      'challenged once, then accepted',
    );
    // MSAL adds its own id_token claims to every refresh; the challenge's access_token claims must be there as sent.
    const withClaims = w.authority.grants.slice(grantsBefore).filter((g) => g.claims?.includes('"access_token"'));
    assert.equal(withClaims.length, 1, "one token request carried the challenge's claims");
    assert.deepEqual(
      JSON.parse(withClaims[0].claims!).access_token,
      JSON.parse(challenge.claims).access_token,
      'the claims of the challenge, as sent',
    );
    assert.equal(withClaims[0].outcome, 'issued');
    const retry = w.contoso.presented.filter((p) => p.method === 'POST' && /resetPassword$/.test(p.path)).pop();
    assert.equal(retry?.jti, withClaims[0].tokenId, 'the retry carried the token issued for the claims');
  });
});
