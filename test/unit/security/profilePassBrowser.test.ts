// The Temporary Access Pass on the profile page in a real browser (the page's real HTML, CSP and script): masked
// until Reveal, Copy asks the host without carrying the pass, never in the webview's state or the browser's storage,
// gone from the page when the host says so; the outcomes, the action buttons and the lock state are text, never
// markup. Skipped (with a note) where Chromium is not installed.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ACCOUNT_ACTIONS } from '../../../src/directory/types';
import { launchProfileBrowser, type Page, type ProfileBrowser } from '../../support/profileBrowser';

const PASS = 'TAP<b>7hQ!</b>zr4';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

describe('Security: the Temporary Access Pass on the profile page in a real browser', function () {
  this.timeout(60_000);
  let browser: ProfileBrowser | undefined;
  let page: Page;

  before(async function () {
    const launched = await launchProfileBrowser();
    if (typeof launched === 'string') {
      console.log(`      (skipped: no Chromium to load the page in: ${launched})`);
      this.skip();
    }
    browser = launched;
  });
  after(async () => browser?.close());

  beforeEach(async () => {
    page = await browser!.newPage();
    await page.addInitScript(`
      window.__posted = [];
      window.__states = [];
      window.__getState = 0;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        setState: (s) => window.__states.push(JSON.stringify(s)),
        getState: () => { window.__getState++; return undefined; },
      });
    `);
    await page.goto(browser!.url);
    await page.waitForFunction('window.__posted.some((m) => m.type === "ready")', undefined, { timeout: 10_000 });
    const post = (m: object) => page.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
    await post({
      type: 'profile',
      directoryName: 'Contoso',
      user: { id: 'u1', displayName: 'Ada', signInName: 'ada@contoso.example', source: 'cloud', locked: true },
      actions: [
        { action: 'revokeSessions', label: `Sign Out ${HOSTILE}` },
        { action: 'unlockAccount', label: 'Unlock Account' },
      ],
      actionNotes: [`No unlock here ${HOSTILE}`],
    });
    await post({
      type: 'pass',
      pass: PASS,
      startDateTime: '2026-01-02T03:04:00.000Z',
      endDateTime: '2026-01-02T04:04:00.000Z',
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
  });

  it("knows every account action: media/profile.js's list is ACCOUNT_ACTIONS", () => {
    const source = readFileSync(path.join(__dirname, '../../../../media/profile.js'), 'utf8');
    const list = /const ACTIONS = (\[[^\]]*\]);/.exec(source)?.[1];
    assert.ok(list, 'media/profile.js has an ACTIONS list');
    assert.deepEqual(JSON.parse(list.replace(/'/g, '"')), ACCOUNT_ACTIONS);
  });

  const text = (id: string) => page.evaluate<string>(`document.getElementById(${JSON.stringify(id)}).textContent`);
  const html = () => page.evaluate<string>('document.documentElement.outerHTML');

  it('masks the pass until Reveal, shows when it starts and ends, and hides it again', async () => {
    assert.equal(await page.evaluate('document.getElementById("pass-section").hidden'), false);
    assert.equal(await text('pass-value'), '\u2022'.repeat([...PASS].length));
    assert.equal((await html()).includes('7hQ!'), false, 'the masked pass is nowhere in the page');
    assert.match(await text('pass-starts'), /2026/);
    assert.match(await text('pass-ends'), /2026/);
    assert.notEqual(await text('pass-starts'), await text('pass-ends'));
    assert.equal(await text('pass-use'), 'One sign-in');

    await page.evaluate('document.getElementById("pass-reveal").click()');
    assert.equal(await text('pass-value'), PASS, 'revealed as the text it is');
    assert.equal(await page.evaluate('document.querySelectorAll("#pass-value *").length'), 0, 'no markup from it');
    assert.equal(await page.evaluate('document.getElementById("pass-reveal").getAttribute("aria-pressed")'), 'true');
    await page.evaluate('document.getElementById("pass-reveal").click()');
    assert.equal(await text('pass-value'), '\u2022'.repeat([...PASS].length));
  });

  it('asks the host to copy without sending the pass, and never keeps it in state or storage', async () => {
    await page.evaluate('document.getElementById("pass-reveal").click(); document.getElementById("pass-copy").click()');
    const posted = await page.evaluate<Array<{ type: string }>>('window.__posted');
    assert.deepEqual(posted.at(-1), { type: 'copyPass' });
    assert.equal(JSON.stringify(posted).includes('7hQ!'), false, 'no message to the host carries the pass');
    await page.evaluate(`window.postMessage({ type: 'copied', what: 'pass' }, '*')`);
    assert.equal(await text('pass-copy-status'), 'Copied to the clipboard');
    assert.equal(await text('copy-status'), '', "the password's status line is untouched");

    const kept = await page.evaluate<{ states: string[]; getState: number; storage: string }>(`({
      states: window.__states,
      getState: window.__getState,
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    })`);
    assert.deepEqual(kept.states, [], 'setState is never called');
    assert.equal(kept.getState, 0);
    assert.equal(kept.storage.includes('7hQ!'), false);
  });

  it('drops the pass when the host says it is no longer known to work', async () => {
    await page.evaluate('document.getElementById("pass-reveal").click()');
    await page.evaluate(`window.postMessage({ type: 'passCleared' }, '*')`);
    assert.equal(await page.evaluate('document.getElementById("pass-section").hidden'), true);
    assert.equal((await html()).includes('7hQ!'), false);
  });

  it('shows outcomes, action buttons, notes and the lock state as text; a button only names its action', async () => {
    await page.evaluate(
      `window.postMessage(${JSON.stringify({
        type: 'outcomes',
        outcomes: [
          {
            action: 'revokeSessions',
            label: 'Sign Out Everywhere',
            status: 'done',
            message: `Done ${HOSTILE}`,
            at: '2026-01-02T03:05:00Z',
          },
          {
            action: 'unlockAccount',
            label: 'Unlock Account',
            status: 'unknown',
            message: 'It is unknown whether Ada was unlocked.',
            at: '2026-01-02T03:06:00Z',
          },
        ],
      })}, '*')`,
    );
    const state = await page.evaluate<{
      items: string[];
      buttons: string[];
      notes: string;
      locked: string;
      markup: number;
    }>(`({
      items: [...document.querySelectorAll('#outcomes li:not([hidden])')].map((li) => li.textContent),
      buttons: [...document.querySelectorAll('#account-actions button:not([hidden])')].map((b) => b.textContent),
      notes: document.getElementById('action-notes').textContent,
      locked: document.getElementById('f-locked').textContent,
      markup: document.querySelectorAll('#outcomes img, #account-actions img, #action-notes img').length,
    })`);
    assert.equal(state.items.length, 2);
    assert.match(state.items[0], /^Sign Out Everywhere: Done/);
    assert.ok(state.items[0].includes(HOSTILE), 'the message is shown as the text it is');
    assert.match(state.items[1], /^Unlock Account: Outcome unknown.*It is unknown whether Ada was unlocked\.$/);
    assert.deepEqual(state.buttons, [`Sign Out ${HOSTILE}`, 'Unlock Account']);
    assert.equal(state.notes, `No unlock here ${HOSTILE}`);
    assert.equal(state.locked, 'Locked after failed sign-ins');
    assert.equal(state.markup, 0);
    assert.equal(await page.evaluate('window.__pwned'), undefined);

    await page.evaluate('document.querySelector("#account-actions button:not([hidden])").click()');
    const posted = await page.evaluate<unknown[]>('window.__posted');
    assert.deepEqual(posted.at(-1), { type: 'runAction', action: 'revokeSessions' });
  });
});
