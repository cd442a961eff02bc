// The ticket reference and the History, clicked in real VS Code against the Graph-compatible test directory running
// in this process: a required ticket (with a pattern) is asked before the confirmation and nothing is sent without
// a valid one; the History view lists what was done, newest first; Export History... writes a CSV in which a
// display name a spreadsheet would run as a formula stays text, and which holds no password.
// App-only sign-in (client secret). The journeys build on each other and run in order.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { startGraphServer, type GraphServer, type RecordedRequest } from '../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../src/demo/seed';
import { appOnlyDirectory, Session, until } from '../support/harness';

const DIRECTORY = 'Contoso History';
const CLIENT_ID = '7c2e9a41-3b5d-4f60-8e1a-2d9c4b7f6a13';
const PATTERN = '^INC\\d{7}$';
const RESET_TICKET = 'INC0012345';
const SIGN_OUT_TICKET = 'INC0054321';
const HOSTILE_TICKET = 'INC0000666';
const HOSTILE_NAME = '=HYPERLINK("http://evil.example","x")';

/** RFC 4180 cells, to read the export the way a spreadsheet does (quoted cells may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('a helpdesk person keeps tickets and a History of what was done', function () {
  let gs: GraphServer;
  let session: Session;
  let hostileId: string;
  let exportDir: string;
  /** Actions the directory confirmed in this session: each one is a record in the History. */
  let recorded = 0;

  const name = (id: string) => gs.users.get(id)!.displayName;
  /** Requests that change something (POST, PATCH, DELETE) apart from getting a token. */
  const writes = () => gs.requests.filter((r) => r.method !== 'GET' && !/\/oauth2\/v2\.0\/token$/.test(r.path));
  const describeRequests = (list: RecordedRequest[]) =>
    list.map((r) => `${r.method} ${r.path} ${r.status}`).join('; ') || 'none';

  before(async function () {
    this.timeout(120_000);
    const users = seedUsers(30);
    // A generated user (not one of the fixed ones) whose name a spreadsheet would run as a formula.
    const hostile = users[users.length - 3];
    hostile.displayName = HOSTILE_NAME;
    hostileId = hostile.id;
    gs = await startGraphServer({
      users,
      clientId: CLIENT_ID,
      appRoles: ['User Administrator', 'Authentication Administrator'],
    });
    exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-ui-history-export-'));
    session = await Session.start({
      name: 'history',
      userSettings: {
        'directoryReset.directories': [appOnlyDirectory(DIRECTORY, gs)],
        'directoryReset.pageSize': 12,
        'directoryReset.ticketReference': 'required',
        'directoryReset.ticketPattern': PATTERN,
      },
    });
  });

  beforeEach(async function () {
    this.timeout(60_000);
    await session.wb.resetUiSignedIn(gs.clientSecret);
    gs.clearRequests();
  });

  afterEach(async function () {
    await session?.keepIfFailed(this.currentTest);
    // The harness counts the sidebar's tree rows: the History view goes back to collapsed, as it starts.
    await collapseHistory().catch(() => undefined);
  });

  after(async () => {
    await session?.stop();
    await gs?.close();
    if (exportDir) fs.rmSync(exportDir, { recursive: true, force: true });
  });

  async function findRow(id: string, term = name(id).split(' ')[0]): Promise<Locator> {
    await session.wb.searchFromTitle(term);
    const row = session.wb.row(name(id));
    await row.waitFor();
    return row;
  }

  /** The History view's pane in the Directory container. */
  function historyPane(): Locator {
    const { page, sidebar } = session.wb;
    return sidebar
      .locator('.pane')
      .filter({ has: page.locator('.pane-header h3.title', { hasText: /^History$/ }) })
      .first();
  }

  async function collapseHistory(): Promise<void> {
    const header = historyPane().locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded', { timeout: 2000 })) === 'true') {
      await header.locator('h3.title').click();
      await until('the History view to collapse', async () => (await header.getAttribute('aria-expanded')) === 'false');
    }
  }

  /** The History view's rows as shown: label, description, and accessible name (the tooltip). */
  async function historyRows(): Promise<{ label: string; description: string; aria: string }[]> {
    return historyPane()
      .getByRole('treeitem')
      .evaluateAll((els) =>
        els.map((e) => ({
          label: e.querySelector('.label-name')?.textContent ?? '',
          description: e.querySelector('.label-description')?.textContent ?? '',
          aria: e.getAttribute('aria-label') ?? '',
        })),
      );
  }

  /** The message under an open input box (the prompt, or why the value is refused). */
  const inputMessage = () => session.wb.quickInput.locator('.quick-input-message').innerText();

  /** Types `ticket` into the ticket box that is open and presses Enter; the confirmation must come. */
  async function giveTicket(title: string, ticket: string): Promise<void> {
    const { wb, page } = session;
    await wb.quickInput.locator('.quick-input-title', { hasText: title }).waitFor();
    await wb.quickInputBox.fill(ticket);
    await until(
      'the ticket to be accepted as typed',
      async () => !/does not match|is required\./.test(await inputMessage()),
    );
    await page.keyboard.press('Enter');
    await wb.dialog.waitFor();
  }

  it('1. Reset Password... with a required ticket: a bad or empty one is refused as typed and nothing is sent; a good one is named in the confirmation and one reset goes out', async () => {
    const { wb, page } = session;
    const id = FIXED_USERS.alainCharon;
    await wb.contextMenu(await findRow(id), 'Reset Password...');
    await wb.quickInput.locator('.quick-input-title', { hasText: `Reset Password: ticket for ${name(id)}` }).waitFor();
    assert.match(await inputMessage(), /The ticket this is done for \(required\)\./);
    assert.equal(await wb.quickInputBox.getAttribute('placeholder'), PATTERN, 'the pattern is the placeholder');

    // Empty: refused (required).
    await page.keyboard.press('Enter');
    await until('"A ticket reference is required."', async () =>
      /A ticket reference is required\./.test(await inputMessage()),
    );
    assert.ok(await wb.quickInputBox.isVisible(), 'Enter on an empty reference does not go on');
    assert.ok(!(await wb.dialog.isVisible()), 'no confirmation without a reference');

    // Not the pattern: refused as typed, and Enter does not accept it.
    await wb.quickInputBox.fill('INC12');
    await until('the pattern message', async () =>
      (await inputMessage()).includes(`This does not match the ticket pattern ${PATTERN}.`),
    );
    await page.keyboard.press('Enter');
    // Give the extension host the time to accept it if it were going to.
    await wb.dialog.waitFor({ timeout: 1500 }).then(
      () => assert.fail('the confirmation came for a reference that does not match the pattern'),
      () => undefined,
    );
    assert.ok(await wb.quickInputBox.isVisible(), 'the ticket box stays open');
    assert.equal(await wb.quickInputBox.inputValue(), 'INC12');
    assert.equal(writes().length, 0, `nothing sent for a refused reference (${describeRequests(writes())})`);

    await giveTicket(`Reset Password: ticket for ${name(id)}`, RESET_TICKET);
    const detail = await wb.dialog.locator('.dialog-message-detail').innerText();
    const lines = detail.split('\n').map((l) => l.trim());
    assert.ok(lines.includes(`Ticket: ${RESET_TICKET}`), `the confirmation names the ticket: ${detail}`);
    assert.ok(lines.includes(`Directory: ${DIRECTORY}`), detail);
    assert.equal(writes().length, 0, `nothing sent before the confirmation (${describeRequests(writes())})`);

    await wb.dialog.getByRole('button', { name: 'Reset Password', exact: true }).click();
    await wb.tab(`${name(id)} - Profile`).waitFor();
    await wb.webview.locator('#password-section:not([hidden])').waitFor();
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.status}`),
      [`PATCH /v1.0/users/${id} 204`],
      'exactly one reset',
    );
    assert.equal(gs.resets.length, 1);
    assert.equal(gs.resets[0].userId, id);
    recorded++;
  });

  it('2. after a reset and a Sign Out Everywhere, Show History lists both, newest first, with action, user, result and the ticket', async () => {
    const { wb } = session;
    const id = FIXED_USERS.seanOBrien;
    await wb.contextMenu(await findRow(id), 'Sign Out Everywhere...');
    await giveTicket(`Sign Out Everywhere: ticket for ${name(id)}`, SIGN_OUT_TICKET);
    const detail = await wb.dialog.locator('.dialog-message-detail').innerText();
    assert.ok(detail.split('\n').includes(`Ticket: ${SIGN_OUT_TICKET}`), detail);
    await wb.dialog.getByRole('button', { name: 'Sign Out Everywhere', exact: true }).click();
    await wb.toasts.filter({ hasText: /few minutes/ }).waitFor();
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.status}`),
      [`POST /v1.0/users/${id}/revokeSignInSessions 200`],
    );
    recorded++;

    assert.equal(await historyPane().locator('.pane-header').getAttribute('aria-expanded'), 'false', 'collapsed');
    await wb.palette('Directory: Show History');
    const rows = await until('two records in the History view', async () => {
      const r = await historyRows();
      return r.length === 2 ? r : undefined;
    });
    const reset = FIXED_USERS.alainCharon;
    assert.deepEqual(
      rows.map((r) => r.label),
      [`Sign Out Everywhere: ${name(id)}`, `Reset Password: ${name(reset)}`],
      'newest first',
    );
    for (const r of rows) assert.match(r.description, /^done · /, `the result: ${r.description}`);
    // The record's every field is its tooltip, which is also the row's accessible name.
    assert.match(rows[1].aria, new RegExp(`Ticket: ${RESET_TICKET}`), rows[1].aria);
    assert.match(rows[1].aria, /Result: done/, rows[1].aria);
    assert.match(rows[0].aria, new RegExp(`Ticket: ${SIGN_OUT_TICKET}`), rows[0].aria);
    assert.doesNotMatch(rows[0].aria, new RegExp(RESET_TICKET), 'each record has its own ticket');
    await session.screenshot('history', true);
  });

  it('3. Export History... writes a CSV where a name starting with "=" stays text and no password appears; Open shows it', async () => {
    const { wb, page } = session;
    await wb.contextMenu(await findRow(hostileId, 'HYPERLINK'), 'Sign Out Everywhere...');
    await giveTicket('Sign Out Everywhere: ticket for', HOSTILE_TICKET);
    await wb.dialog.getByRole('button', { name: 'Sign Out Everywhere', exact: true }).click();
    await wb.toasts.filter({ hasText: /few minutes/ }).waitFor();
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path} ${r.status}`),
      [`POST /v1.0/users/${hostileId}/revokeSignInSessions 200`],
    );
    recorded++;

    const file = path.join(exportDir, 'history-export.csv');
    await wb.palette('Directory: Export History...');
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding the path.
    await wb.quickInputBox.waitFor();
    await until('the save dialog to offer a .csv file', async () => /\.csv$/.test(await wb.quickInputBox.inputValue()));
    await wb.quickInputBox.fill(file);
    // The dialog looks at each typed path before it takes an OK (busy meanwhile, ignoring it): OK until it closes.
    const ok = wb.quickInput.getByRole('button', { name: 'OK', exact: true });
    for (let attempt = 1; await wb.quickInput.isVisible(); attempt++) {
      if (attempt > 10) assert.fail(`the save dialog did not take ${file}`);
      await ok.click();
      await wb.quickInput.waitFor({ state: 'hidden', timeout: 1000 }).catch(() => undefined);
    }
    const toast = wb.toasts.filter({ hasText: /records of the History were exported/ });
    await toast.waitFor();
    const csv = await until('the CSV on disk', () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''));

    assert.ok(csv.endsWith('\r\n'), 'CRLF line ends');
    const lines = csv.split('\r\n').slice(0, -1);
    assert.equal(
      lines[0],
      'at,directory,directoryKind,actor,targetId,targetDisplayName,targetSignInName,action,options,result,reason,requestId,ticket',
    );
    const count = Number(/(\d+) records of the History were exported/.exec(await toast.innerText())?.[1]);
    assert.equal(lines.length - 1, count, `one line per record the message counts: ${csv}`);
    assert.equal(count, recorded, 'every action of this session is exported');
    // Newest first: the hostile user's record is the first one. The cell is made text with a leading apostrophe,
    // then quoted (it has quotes and a comma) with its quotes doubled.
    const neutralised = `"'=HYPERLINK(""http://evil.example"",""x"")"`;
    assert.ok(lines[1].includes(`,${neutralised},`), `the hostile name is neutralised: ${lines[1]}`);
    assert.ok(lines[1].includes(hostileId) && lines[1].endsWith(`,${HOSTILE_TICKET}`), lines[1]);
    const cells = parseCsv(csv);
    assert.equal(cells.length, count + 1);
    for (const row of cells) {
      assert.equal(row.length, 13, `13 cells: ${row.join(' | ')}`);
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, 'no cell starts a formula');
    }
    assert.equal(cells[1][5], `'${HOSTILE_NAME}`, 'the name, as text, is all there');
    assert.ok(!csv.includes(`,${HOSTILE_NAME}`) && !csv.includes(`,"${HOSTILE_NAME}`), 'never the raw formula');
    // Every action the directory received in this session is a record (journeys 1 and 2 when they ran).
    for (const r of [...gs.resets, ...gs.revocations]) assert.ok(csv.includes(`,${r.userId},`), r.userId);
    if (gs.resets.length > 0) assert.ok(csv.includes(`,${RESET_TICKET}\r\n`), 'the reset record with its ticket');
    for (const reset of gs.resets) assert.ok(!csv.includes(reset.password), 'no password in the CSV');
    for (const id of [FIXED_USERS.alainCharon, hostileId]) {
      assert.ok(!csv.includes(gs.users.get(id)!.password), 'no password in the CSV');
    }

    // The notification's Open shows the file in an editor.
    await toast.getByRole('button', { name: 'Open', exact: true }).click();
    await wb.tab(/history-export\.csv/).waitFor();
    await until('the editor to show the CSV', async () =>
      (await page.locator('.editor-instance .view-lines').first().innerText()).includes('HYPERLINK'),
    );
    const shown = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    assert.ok(shown.startsWith('at,directory,directoryKind'), shown.slice(0, 200));
    assert.ok(shown.includes(`'=HYPERLINK`), 'the editor shows the neutralised cell');
  });
});
