// Journey in German: VS Code's display language is German (code-server with --locale de and a stand-in German
// language pack, see displayLanguage in scripts/lib/codeServer.js), so vscode.env.language is "de" and the extension
// shows package.nls.de.json and l10n/bundle.l10n.de.json. The workbench's own words (Explorer, Cancel) stay English:
// the stand-in pack carries no translations of VS Code itself (Microsoft's pack comes from the Marketplace).
// The person opens the demo directory, finds a user, and opens the reset confirmation: German words, the user's
// name and sign-in name as text. Confirmed, the profile page is German too.
import * as assert from 'node:assert/strict';
import { FIXED_USERS, seedUsers } from '../../src/demo/seed';
import { Session, until } from '../support/harness';

describe('in German (VS Code display language "de")', function () {
  let session: Session;
  const user = seedUsers(0).find((u) => u.id === FIXED_USERS.alainCharon)!;

  before(async function () {
    this.timeout(120_000);
    session = await Session.start({ name: 'german', locale: 'de', activityTitle: 'Verzeichnis' });
  });

  afterEach(async function () {
    await session?.keepIfFailed(this.currentTest);
  });

  after(async () => {
    await session?.stop();
  });

  it('the welcome, the search and the reset confirmation are German, with the name and sign-in name as text', async () => {
    const { wb, page } = session;
    assert.equal(
      await page.evaluate(() => (globalThis as { _VSCODE_NLS_LANGUAGE?: string })._VSCODE_NLS_LANGUAGE),
      'de',
    );
    await wb.openDirectoryView();
    await wb.welcome.getByText('Es ist noch kein Verzeichnis eingerichtet.').waitFor();
    await wb.welcome.getByRole('button', { name: 'Demoverzeichnis ausprobieren' }).click();
    await wb.rows.first().waitFor();
    assert.match((await wb.allRows()).at(-1) ?? '', /^Weitere laden\.\.\. 100 angezeigt$/);

    // A name that is HTML is text in the German sentence too (the first row of the demo directory).
    const hostile = seedUsers(0).find((u) => u.id === FIXED_USERS.htmlInjection)!;
    await wb.contextMenu(wb.row(hostile.displayName), 'Kennwort zurücksetzen...');
    await wb.dialog.waitFor();
    assert.equal(
      await wb.dialog.locator('.dialog-message-text').textContent(),
      `Kennwort von ${hostile.displayName} (${hostile.userPrincipalName}) zurücksetzen?`,
    );
    assert.equal(await page.locator('.monaco-dialog-box img').count(), 0, 'no <img> in the dialog');
    await page.keyboard.press('Escape');
    await wb.dialog.waitFor({ state: 'detached' });

    // Search from the view's title bar (its tooltip is the German command title).
    await wb.titleButton('Benutzer suchen...').click();
    await wb.quickInputBox.waitFor();
    assert.match(await wb.quickInput.innerText(), /Demo directory \(Contoso\) durchsuchen/);
    await wb.quickInputBox.fill(user.displayName);
    await page.keyboard.press('Enter');
    await wb.quickInput.waitFor({ state: 'hidden' });
    await wb.sidebar.getByText(`Benutzer, die "${user.displayName}" entsprechen`).waitFor();

    // Right-click > Kennwort zurücksetzen... > the modal.
    await wb.contextMenu(wb.row(user.displayName), 'Kennwort zurücksetzen...');
    await wb.dialog.waitFor();
    const message = (await wb.dialog.locator('.dialog-message-text').textContent()) ?? '';
    const detail = (await wb.dialog.locator('.dialog-message-detail').innerText()) ?? '';
    assert.equal(message, `Kennwort von ${user.displayName} (${user.userPrincipalName}) zurücksetzen?`);
    assert.match(detail, /^Verzeichnis: Demo directory \(Contoso\)/);
    assert.ok(detail.includes('Es wird ein temporäres Kennwort generiert.'), detail);
    assert.ok(detail.includes(`${user.displayName} muss es bei der nächsten Anmeldung ändern.`), detail);
    assert.ok(detail.includes('Das aktuelle Kennwort funktioniert ab sofort nicht mehr.'), detail);
    const confirm = wb.dialog.getByRole('button', { name: 'Kennwort zurücksetzen', exact: true });
    assert.ok(await confirm.isVisible(), 'the confirm button is German');
    await session.screenshot('german-confirm', true);

    // Confirmed: the profile page's own words are German as well.
    await confirm.click();
    await wb.dialog.waitFor({ state: 'detached' });
    await wb.tab(`${user.displayName} - Profil`).waitFor();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    await until(
      'the German profile page',
      async () => (await wb.webview.locator('#password-heading').textContent()) === 'Temporäres Kennwort',
    );
    assert.equal(
      await wb.webview.locator('#must-change').textContent(),
      `${user.displayName} muss dieses Kennwort bei der nächsten Anmeldung ändern.`,
    );
    assert.equal(await wb.webview.locator('#t-upn').textContent(), 'Anmeldename');
    assert.equal(await wb.webview.locator('#f-upn').textContent(), user.userPrincipalName);
    assert.ok(await wb.webview.getByRole('button', { name: 'Anzeigen' }).isVisible());
    assert.equal(await wb.webview.locator('html').getAttribute('lang'), 'de');
    await session.wb.profileShown(user.displayName);
    await session.screenshot('german-profile');
  });
});
