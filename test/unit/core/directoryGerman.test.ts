// The directory layer speaks the person's language too: with VS Code's German bundle handed to @vscode/l10n (as
// src/directoryLocalisation.ts does at activation), a refusal, an error and a sign-in prompt made below
// src/directory, src/auth and src/connections come out in German, with the directory's own words left as text.
import * as l10n from '@vscode/l10n';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { signInOptions } from '../../../src/auth/signInOptions';
import { SignInRequiredError } from '../../../src/directory/errors';
import { accountEligibility } from '../../../src/directory/graph/eligibility';

const GERMAN = JSON.parse(readFileSync(path.join(__dirname, '../../../../l10n/bundle.l10n.de.json'), 'utf8')) as Record<
  string,
  string
>;

describe('the directory layer in German', () => {
  before(() => l10n.config({ contents: GERMAN }));
  // Every other suite reads English: the default again, as when VS Code gives no bundle.
  after(() => l10n.config({ contents: {} }));

  it("refuses a guest's reset in German, the guest's name kept as text", () => {
    const refusal = accountEligibility({
      displayName: '<b>Gast</b> Gustav',
      userPrincipalName: 'gustav_example.com#EXT#@contoso.onmicrosoft.com',
      userType: 'Guest',
    }).refusal;
    assert.equal(
      refusal,
      '<b>Gast</b> Gustav ist ein Gastbenutzer aus einer anderen Organisation oder von einem anderen E-Mail-Anbieter. Das Kennwort wird nicht in diesem Verzeichnis gespeichert und kann daher hier nicht zurückgesetzt werden: Die Person setzt es bei ihrer eigenen Organisation oder ihrem Kontoanbieter zurück.',
    );
  });

  it('says "not signed in" and the next step in German', () => {
    const e = new SignInRequiredError('Contoso');
    assert.equal(e.message, 'Sie sind bei diesem Verzeichnis nicht angemeldet.');
    assert.equal(e.nextStep, 'Führen Sie für Contoso "Verzeichnis: Anmelden" aus.');
  });

  it('asks for the account in German (src/auth)', () => {
    const options = signInOptions({
      directoryName: 'Contoso',
      otherDirectoriesRemembered: false,
      rejected: false,
      anotherAccount: true,
    });
    assert.deepEqual(options.createIfNone, { detail: 'Wählen Sie das Konto, das für Contoso verwendet werden soll.' });
  });
});
