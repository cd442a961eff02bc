// The directory layer speaks the person's language too: with VS Code's German bundle handed to @vscode/l10n (as
// src/directoryLocalisation.ts does at activation), a refusal, an error and a sign-in prompt made below
// src/directory, src/auth and src/connections come out in German, with the directory's own words left as text.
// The LDAP folder too: a settings error, a mapped LDAP result and the general refusal, a lost connection.
import * as l10n from '@vscode/l10n';
import { InsufficientAccessError, OperationsError } from 'ldapts';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { signInOptions } from '../../../src/auth/signInOptions';
import { SignInRequiredError } from '../../../src/directory/errors';
import { accountEligibility } from '../../../src/directory/graph/eligibility';
import { parseLdapConfig } from '../../../src/directory/ldap/ldapConfig';
import { mapLdapError, type LdapErrorContext } from '../../../src/directory/ldap/ldapErrors';

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

  it('reports an LDAP settings error in German (ldapConfig)', () => {
    const parsed = parseLdapConfig({ url: 'http://ldap.corp' }, 'Corp', 'Corp LDAP');
    assert.deepEqual(parsed, { ok: false, problem: 'Corp LDAP: "url" muss mit ldaps:// oder ldap:// beginnen.' });
  });

  const ldapContext: LdapErrorContext = {
    directoryName: 'Corp',
    flavor: 'openldap',
    operation: 'reset',
    url: 'ldaps://ldap.corp:636',
    bindDn: 'cn=svc,dc=corp',
    baseDn: 'ou=people,dc=corp',
    userName: '<b>Anna</b> Müller',
    requestSent: true,
  };

  it("maps an LDAP result in German, the server's words and the user's name kept as text (ldapErrors)", () => {
    const e = mapLdapError(new InsufficientAccessError('no write access to userPassword'), ldapContext);
    assert.equal(e.kind, 'forbidden');
    assert.equal(
      e.message,
      'Das Dienstkonto cn=svc,dc=corp darf das Kennwort von <b>Anna</b> Müller nicht ändern (unzureichender Zugriff). Das Verzeichnis meldete: "no write access to userPassword". Es wurde nichts geändert.',
    );
    assert.match(e.nextStep, /^Geben Sie cn=svc,dc=corp "write"-Zugriff auf userPassword und pwdReset dieser Benutzer/);
  });

  it('says in German that an LDAP server refused an operation without a rule of its own, or could not be reached', () => {
    const refused = mapLdapError(new OperationsError(''), { ...ldapContext, operation: 'search' });
    assert.equal(refused.message, 'Corp hat die Suche abgelehnt (LDAP-Ergebnis 1, operations).');
    assert.equal(
      refused.nextStep,
      'Prüfen Sie die Einstellungen des Verzeichnisses und sein Protokoll; "Verzeichnis: Protokoll anzeigen" enthält die Details.',
    );
    const unreachable = mapLdapError(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:636'), { code: 'ECONNREFUSED' }),
      {
        ...ldapContext,
        operation: 'connect',
      },
    );
    assert.equal(
      unreachable.message,
      'Corp unter ldaps://ldap.corp:636 ist nicht erreichbar (connect ECONNREFUSED 10.0.0.1:636).',
    );
    assert.equal(
      unreachable.nextStep,
      'Prüfen Sie, ob der Server läuft und von diesem Computer aus erreichbar ist, und versuchen Sie es dann erneut.',
    );
  });
});

describe('the LDAP messages in English, with no bundle', () => {
  it('keeps the English words', () => {
    l10n.config({ contents: {} });
    const e = mapLdapError(new OperationsError(''), {
      directoryName: 'Corp',
      flavor: 'openldap',
      operation: 'reset',
      url: 'ldaps://ldap.corp:636',
      bindDn: 'cn=svc,dc=corp',
      userName: 'Ann',
    });
    assert.equal(e.message, 'Corp refused the password change (LDAP result 1, operations). Nothing was changed.');
  });
});
