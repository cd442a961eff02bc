// The helpdesk journeys against the other providers, each against a real server started by this file in this
// process: a SCIM 2.0 service (SCIMMY + scimmy-routers, test/fixtures/scimServer.ts), OpenLDAP slapd with the
// ppolicy overlay (test/fixtures/ldap/openldap.ts) and 389 Directory Server (test/fixtures/ldap/ds389.ts). One code-server per directory, configured in user settings;
// the person signs in through the view (the token / bind password typed into the password box), reads the first
// page, searches for names with characters that must be escaped, resets from the context menu, reveals the
// password, and reads the profile page's provider-honest wording. The directory itself confirms every reset.
import * as assert from 'node:assert/strict';
import { SCIM_FIXED_USERS, SCIM_SEED_USERS, startScimFixture, type ScimFixture } from '../fixtures/scimServer';
import { openLdapMissing, startOpenLdap, type OpenLdapServer } from '../fixtures/ldap/openldap';
import { ds389Missing, startDs389, type Ds389Server } from '../fixtures/ldap/ds389';
import { Session, escapeRegExp, until } from '../support/harness';

/** Small pages: both fixtures have about 50 users, so the first page ends with "Load more...". */
const PAGE_SIZE = 10;
const BULLET = '\u2022';
const SIGN_IN_JOURNEY = 'signs in';

/** What differs between the providers; everything else is the same journey. */
interface DirectoryUnderTest {
  /** The entry of `directoryReset.directories`. */
  readonly settings: Record<string, unknown> & { name: string };
  /** What the person types at Sign In, and what the box is called in the prompt. */
  readonly secret: string;
  /** The prompt of the password box (besides "Sign in to <directory>"). */
  readonly signInPrompt: RegExp;
  /** Sign-in names (the last part of a row's accessible name) of the first page, in the directory's order. */
  readonly firstPage: readonly string[];
  /** Provider-specific checks after sign-in and the first page (e.g. what the service received). */
  afterFirstPage?(): void;
  /** Searches with special characters and the exact rows (accessible names) each must show. */
  readonly searches: ReadonlyArray<{ readonly text: string; readonly rows: readonly string[] }>;
  afterSearch?(text: string): void;
  /** Journey 3: reset from the context menu. */
  readonly reset: {
    readonly name: string;
    readonly upn: string;
    /** Found by this search first (when not on the first page). */
    readonly search?: string;
    /** What the modal's detail must say about a change at next sign-in. */
    readonly mustChangeDetail: RegExp;
    /** The directory confirms the revealed password. */
    confirmedByDirectory(password: string): Promise<void>;
  };
  /** Journey 4: the profile page (reset from the page's own button so the password section shows). */
  readonly profile: {
    readonly name: string;
    readonly source: string;
    readonly method: string;
    readonly mustChangeNote: string;
    /** "Last password change" before and after the reset (undefined: not checked). */
    readonly changedBefore?: string;
    readonly changedAfter: string;
  };
  close(): Promise<void>;
}

/** What the journeys' titles say (known before the server starts). */
interface Titles {
  /** SCIM, LDAP: also the session's name. */
  readonly kind: string;
  readonly describe: string;
  /** "bearer token", "bind password". */
  readonly secretWhat: string;
  /** The search texts, as the search journey's title names them. */
  readonly searchTexts: string;
}

/** The four journeys for one directory, in one code-server session. */
function directoryJourneys(t: Titles, start: () => Promise<DirectoryUnderTest>): void {
  const { kind } = t;
  describe(t.describe, function () {
    let dut: DirectoryUnderTest;
    let session: Session;
    const directory = () => dut.settings.name;

    /** The rows drawn, once they are exactly `expected` (with the last ones seen in the failure). */
    async function rowsBecome(what: string, expected: readonly string[]): Promise<void> {
      let last: string[] = [];
      try {
        await until(what, async () => {
          last = await session.wb.rowLabels();
          return last.length === expected.length && last.every((l, i) => l === expected[i]);
        });
      } catch {
        assert.deepEqual(last, expected, `${what}: the rows`);
      }
    }

    /** Waits until `read` gives `expected`; fails with what it gave last. */
    async function settlesTo(what: string, read: () => Promise<string | null>, expected: string): Promise<void> {
      let last: string | null = null;
      await until(what, async () => (last = await read()) === expected).catch(() => undefined);
      assert.equal(last, expected, what);
    }

    /** The first page again: PAGE_SIZE users in the directory's order and "Load more...". */
    async function firstPageShown(): Promise<void> {
      const { wb } = session;
      await wb.row('Load more...').waitFor();
      await until(`"Load more..." to say ${PAGE_SIZE} shown`, async () =>
        new RegExp(`\\b${PAGE_SIZE} shown`).test((await wb.row('Load more...').textContent()) ?? ''),
      );
      assert.equal(
        await wb.rows.first().getAttribute('aria-setsize'),
        String(PAGE_SIZE + 1),
        `${PAGE_SIZE} users + "Load more..."`,
      );
      const labels = await wb.rowLabels();
      assert.equal(labels.length, PAGE_SIZE + 1, 'the whole first page is drawn');
      assert.match(labels[PAGE_SIZE], /^Load more\.\.\./);
      assert.deepEqual(
        labels.slice(0, PAGE_SIZE).map((l) => l.slice(l.lastIndexOf(', ') + 2)),
        dut.firstPage,
        "the first page lists the directory's first users, in its order",
      );
    }

    async function signIn(): Promise<string> {
      const { wb } = session;
      const shown = await wb.signInFromWelcome(dut.secret);
      await wb.row('Load more...').waitFor();
      return shown;
    }

    /** Masked, then Reveal: returns the password the page shows. */
    async function revealPassword(): Promise<string> {
      const { wb } = session;
      const value = wb.webview.locator('#password-value');
      const masked = (await value.textContent()) ?? '';
      assert.match(masked, new RegExp(`^${BULLET}{12,}$`), 'the password is masked');
      await wb.webview.getByRole('button', { name: 'Reveal' }).click();
      const shown = await until('the revealed password', async () => {
        const text = (await value.textContent()) ?? '';
        return text && !text.startsWith(BULLET) ? text : undefined;
      });
      assert.equal([...shown].length, [...masked].length, 'one bullet per character');
      assert.equal(await wb.webview.locator('#reveal').getAttribute('aria-pressed'), 'true');
      return shown;
    }

    before(async function () {
      this.timeout(120_000);
      dut = await start();
      session = await Session.start({
        name: kind.toLowerCase(),
        userSettings: { 'directoryReset.directories': [dut.settings], 'directoryReset.pageSize': PAGE_SIZE },
      });
    });

    beforeEach(async function () {
      this.timeout(60_000);
      await session.wb.resetUi();
      // The sign-in journey comes first; when --grep skips it, sign in here so any journey can run on its own.
      if (!this.currentTest?.title.startsWith(SIGN_IN_JOURNEY)) {
        const { wb } = session;
        await until(
          'the users or the sign-in welcome',
          async () => (await wb.rows.count()) > 0 || (await wb.welcome.isVisible()),
        );
        if (await wb.welcome.getByRole('button', { name: 'Sign In' }).isVisible()) await signIn();
      }
    });

    afterEach(async function () {
      await session?.keepIfFailed(this.currentTest);
    });

    after(async function () {
      this.timeout(30_000);
      await session?.stop();
      await dut?.close();
    });

    it(`${SIGN_IN_JOURNEY} from the view with the ${t.secretWhat} typed into the password box; the tree shows the first page with "Load more..."`, async () => {
      const shown = await signIn();
      assert.match(shown, new RegExp(`Sign in to ${directory()}`), shown);
      assert.match(shown, dut.signInPrompt, shown);
      assert.match(shown, /kept only in VS Code's secret storage/, shown);
      await firstPageShown();
      dut.afterFirstPage?.();
    });

    it(`search from the view title with special characters (${t.searchTexts}) shows exactly the matches; Clear Search restores the first page`, async () => {
      const { wb } = session;
      for (const { text, rows } of dut.searches) {
        await wb.searchFromTitle(text);
        await rowsBecome(`exactly the users matching ${text}`, rows);
        assert.ok(
          await wb.sidebar.getByText(`Users matching "${text}"`).isVisible(),
          'the view says which search is active',
        );
        dut.afterSearch?.(text);
      }
      assert.ok(await wb.titleButton('Clear Search').isVisible(), 'Clear Search is on the view title while searching');
      await wb.titleButton('Clear Search').click();
      await firstPageShown();
      assert.equal(await wb.titleButton('Clear Search').isVisible(), false);
      assert.equal(await wb.sidebar.getByText(/Users matching/).count(), 0);
    });

    it('right-click a user > Reset Password... > the modal names the user and the directory > Confirm > the profile page masks the password, Reveal shows it, and the directory has it', async () => {
      const { wb } = session;
      const { name, upn, search, mustChangeDetail } = dut.reset;
      if (search) await wb.searchFromTitle(search);
      const row = wb.row(name);
      await row.waitFor();
      await wb.contextMenu(row, 'Reset Password...');
      await wb.dialog.waitFor();
      assert.equal(
        await wb.dialog.locator('.dialog-message-text').innerText(),
        `Reset the password of ${name} (${upn})?`,
      );
      const detail = await wb.dialog.locator('.dialog-message-detail').innerText();
      assert.match(detail, new RegExp(`Directory: ${directory()}`), detail);
      assert.match(detail, mustChangeDetail, detail);
      await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();
      await wb.dialog.waitFor({ state: 'detached' });

      await wb.tab(`${name} - Profile`).waitFor();
      await wb.webview.locator('#password-section:not([hidden])').waitFor();
      await wb.profileShown(name);
      const password = await revealPassword();
      await dut.reset.confirmedByDirectory(password);
    });

    it(`the profile page says what this ${kind} directory does and does not do (account source, reset method, change at next sign-in)`, async () => {
      const { wb } = session;
      const p = dut.profile;
      await wb.openProfile(wb.row(p.name), `${p.name} - Profile`);
      await wb.profileShown(p.name);
      const text = (id: string) => wb.webview.locator(`#${id}`).textContent();
      assert.equal(await text('directory-name'), directory());
      assert.equal(await text('f-source'), p.source);
      if (p.changedBefore !== undefined) assert.equal(await text('f-password-changed'), p.changedBefore);
      assert.equal(await wb.webview.locator('#open-portal').isVisible(), false, 'no Microsoft Entra admin center link');

      // Reset from the page's own button: the password section shows how it was done.
      await wb.webview.getByRole('button', { name: 'Reset Password...' }).click();
      await wb.dialog.waitFor();
      await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();
      await wb.dialog.waitFor({ state: 'detached' });
      await wb.webview.locator('#password-section:not([hidden])').waitFor();
      await wb.profileShown(p.name);
      assert.equal(await text('reset-method'), p.method);
      assert.equal(await text('must-change'), p.mustChangeNote);
      assert.equal(await text('f-source'), p.source);
      await settlesTo('"Last password change" after the reset', () => text('f-password-changed'), p.changedAfter);
      // A calm picture: the progress notification gone and the row no longer spinning.
      await until('the progress notification to close', async () => (await wb.toasts.count()) === 0);
      await wb.row(p.name).locator('.codicon-loading').waitFor({ state: 'detached' });
      await session.screenshot(`${kind.toLowerCase()}-profile`);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// SCIM 2.0

const SCIM_TITLES: Titles = {
  kind: 'SCIM',
  describe: 'a SCIM 2.0 directory (SCIMMY service on 127.0.0.1) in the UI',
  secretWhat: 'bearer token',
  searchTexts: "O'Brien",
};

directoryJourneys(SCIM_TITLES, async () => {
  const scim: ScimFixture = await startScimFixture();
  const alain = SCIM_FIXED_USERS.alainCharon;
  const alainBefore = scim.passwords.get(alain);
  const quentin = SCIM_SEED_USERS.find((u) => u.id === SCIM_FIXED_USERS.quentinQuoted)!;
  const usersList = () => scim.requests.filter((r) => r.method === 'GET' && r.path === '/scim/v2/Users');
  return {
    settings: { name: 'SCIM Test', provider: 'scim', baseUrl: scim.url },
    secret: scim.token,
    signInPrompt: /bearer token/i,
    firstPage: SCIM_SEED_USERS.slice(0, PAGE_SIZE).map((u) => u.userName),
    afterFirstPage() {
      assert.ok(
        scim.requests.length > 0 && scim.requests.every((r) => r.authorized),
        'every request carried the token',
      );
      assert.ok(
        usersList().some((r) => r.query.startIndex === '1' && r.query.count === String(PAGE_SIZE)),
        `the tree asked for startIndex=1&count=${PAGE_SIZE} (${usersList()
          .map((r) => JSON.stringify(r.query))
          .join('; ')})`,
      );
    },
    searches: [{ text: "O'Brien", rows: ["Seán O'Brien, member, sean.o'brien@example.test"] }],
    afterSearch(text) {
      const filter = `userName sw "${text}" or displayName co "${text}"`;
      assert.ok(
        usersList().some((r) => r.query.filter === filter),
        `the service was asked to filter with ${filter}`,
      );
    },
    reset: {
      name: 'Alain Charon',
      upn: 'alain.charon@example.test',
      mustChangeDetail: /SCIM cannot make Alain Charon change it at next sign-in; ask them to change it\./,
      async confirmedByDirectory(password) {
        assert.equal(scim.passwords.get(alain), password, 'the service holds exactly the revealed password');
        assert.notEqual(password, alainBefore);
        const patches = scim.requests.filter((r) => r.method === 'PATCH' && r.path === `/scim/v2/Users/${alain}`);
        assert.equal(patches.length, 1, 'one PATCH');
        assert.deepEqual((patches[0].body as { Operations: unknown }).Operations, [
          { op: 'replace', path: 'password', value: password },
        ]);
      },
    },
    profile: {
      name: quentin.displayName!,
      source: 'Account in the SCIM service',
      method: 'Generated in VS Code and set with a SCIM PATCH',
      mustChangeNote: `This directory cannot force ${quentin.displayName} to change this password at next sign-in. Ask them to change it themselves after signing in.`,
      changedBefore: 'Not reported by this directory',
      changedAfter: 'Not reported by this directory',
    },
    close: () => scim.close(),
  };
});

// ---------------------------------------------------------------------------------------------------------------
// LDAP (OpenLDAP slapd with ppolicy)

const LDAP_TITLES: Titles = {
  kind: 'LDAP',
  describe: 'an LDAP directory (OpenLDAP slapd with ppolicy on 127.0.0.1) in the UI',
  secretWhat: 'bind password',
  searchTexts: 'Star*, Paren (Test)',
};
const ldapMissing = openLdapMissing();
if (ldapMissing) {
  describe(LDAP_TITLES.describe, () => {
    it(`skipped: ${ldapMissing}`);
  });
} else {
  directoryJourneys(LDAP_TITLES, async () => {
    const ldap: OpenLdapServer = await startOpenLdap();
    const star = ldap.user('star');
    const user05 = ldap.user('user05');
    const label = (key: string) => {
      const u = ldap.user(key);
      return `${u.displayName ?? u.cn}, member, ${u.uid}`;
    };
    return {
      settings: {
        name: 'LDAP Test',
        provider: 'ldap',
        flavor: 'openldap',
        url: ldap.ldapsUrl,
        caCertificateFile: ldap.caFile,
        baseDn: ldap.baseDn,
        bindDn: ldap.bindDn,
        passwordPolicyDn: ldap.policyDn,
      },
      secret: ldap.bindPassword,
      signInPrompt: new RegExp(escapeRegExp(ldap.bindDn)),
      firstPage: ldap.users.slice(0, PAGE_SIZE).map((u) => u.uid),
      // `*` is a star, not a wildcard (Starling Ann is not found); parentheses are plain characters.
      searches: [
        { text: 'Star*', rows: [label('star')] },
        { text: 'Paren (Test)', rows: [label('paren')] },
      ],
      reset: {
        name: star.cn,
        upn: star.uid,
        search: 'Star*',
        mustChangeDetail:
          /asked to make Star\*Man change it at next sign-in; after the reset the extension reads back whether it will/,
        async confirmedByDirectory(password) {
          const bind = await ldap.verifyBind(star.dn, password);
          assert.equal(bind.ok, true, `a bind with the revealed password works (${bind.detail})`);
          assert.equal(bind.mustChange, true, 'and the server demands a change (ppolicy changeAfterReset)');
          assert.equal((await ldap.verifyBind(star.dn, star.password)).ok, false, 'the old password stopped working');
        },
      },
      profile: {
        name: user05.cn,
        source: 'LDAP directory account',
        method: 'Generated in VS Code and set with an LDAP modify',
        mustChangeNote: `${user05.cn} must change this password at next sign-in.`,
        changedAfter: 'Must be changed at next sign-in',
      },
      close: () => ldap.close(),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 389 Directory Server (Debian 389-ds-base, TLS with a test CA)

const DS389_TITLES: Titles = {
  kind: '389DS',
  describe: 'a 389 Directory Server (ns-slapd on 127.0.0.1, TLS from a test CA) in the UI',
  secretWhat: 'bind password',
  searchTexts: "Star*, Paren (Test), O'Brien, Zoë",
};
const ds389Unavailable = process.env.LDAP_SKIP_389DS === '1' ? 'LDAP_SKIP_389DS=1 is set' : ds389Missing();
if (ds389Unavailable) {
  describe(DS389_TITLES.describe, () => {
    it(`skipped: ${ds389Unavailable}`);
  });
} else {
  directoryJourneys(DS389_TITLES, async () => {
    const ds: Ds389Server = await startDs389();
    const star = ds.user('star');
    const user05 = ds.user('user05');
    const label = (key: string) => {
      const u = ds.user(key);
      return `${u.displayName ?? u.cn}, member, ${u.uid}`;
    };
    return {
      settings: {
        name: '389 Test',
        provider: 'ldap',
        flavor: '389ds',
        url: ds.ldapsUrl,
        caCertificateFile: ds.caFile,
        baseDn: ds.baseDn,
        bindDn: ds.bindDn,
      },
      secret: ds.bindPassword,
      signInPrompt: new RegExp(escapeRegExp(ds.bindDn)),
      firstPage: ds.users.slice(0, PAGE_SIZE).map((u) => u.uid),
      searches: [
        { text: 'Star*', rows: [label('star')] },
        { text: 'Paren (Test)', rows: [label('paren')] },
        { text: "O'Brien", rows: [label('obrien')] },
        { text: 'Zoë', rows: [label('zoe')] },
      ],
      reset: {
        name: star.cn,
        upn: star.uid,
        search: 'Star*',
        mustChangeDetail:
          /asked to make Star\*Man change it at next sign-in; after the reset the extension reads back whether it will/,
        async confirmedByDirectory(password) {
          const bind = await ds.verifyBind(star.dn, password);
          assert.equal(bind.ok, true, `a bind with the revealed password works (${bind.detail})`);
          assert.equal(bind.mustChange, true, 'and 389 DS demands a change (password-expired control)');
          assert.equal(bind.restricted, true, 'and refuses reads until then');
          assert.equal((await ds.verifyBind(star.dn, star.password)).ok, false, 'the old password stopped working');
        },
      },
      profile: {
        name: user05.cn,
        source: '389 Directory Server account',
        method: 'Generated in VS Code and set with the LDAP Password Modify operation',
        mustChangeNote: `${user05.cn} must change this password at next sign-in.`,
        changedBefore: 'Not reported by this directory',
        changedAfter: 'Must be changed at next sign-in',
      },
      close: () => ds.close(),
    };
  });
}
