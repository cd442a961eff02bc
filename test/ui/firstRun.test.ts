// Journey 1, on a VS Code where nothing is configured: the person finds the Directory icon, reads the welcome,
// and tries the built-in demo directory.
import * as assert from 'node:assert/strict';
import { Session, until } from '../support/harness';

describe('first run, nothing configured', function () {
  let session: Session;

  before(async function () {
    this.timeout(120_000);
    session = await Session.start({ name: 'first-run' });
  });

  afterEach(async function () {
    await session?.keepIfFailed(this.currentTest);
  });

  after(async () => {
    await session?.stop();
  });

  it('1. the Directory icon, the welcome, "Try the demo directory" fills the tree with the first page', async () => {
    const { wb, page } = session;
    const icon = page.locator('.activitybar .action-item a[aria-label^="Directory"]');
    await icon.waitFor();
    await icon.click();

    // The welcome says what to do; nothing is listed and nothing was started.
    await wb.welcome.getByText('No directory is configured yet.').waitFor();
    const tryDemo = wb.welcome.getByRole('button', { name: 'Try the demo directory' });
    await tryDemo.waitFor();
    assert.ok(
      await wb.welcome.getByRole('button', { name: 'Open Settings' }).isVisible(),
      'the welcome offers Open Settings',
    );
    assert.equal(await wb.rows.count(), 0, 'no rows before a directory is chosen');
    assert.equal(await wb.titleButton('Search Users...').count(), 0, 'no Search button while nothing is configured');

    await tryDemo.click();

    // The first page: 100 users (the default page size) and a "Load more..." row at its end.
    const first = wb.rows.first();
    await first.waitFor();
    assert.equal(await first.getAttribute('aria-posinset'), '1');
    assert.equal(await first.getAttribute('aria-setsize'), '101', '100 users + "Load more..."');
    const all = await wb.allRows();
    assert.equal(all.length, 101);
    assert.match(all[100], /^Load more\.\.\. 100 shown$/);
    const labels = await wb.rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(labels.length > 10, `several rows are drawn (${labels.length})`);
    for (const label of labels.slice(0, 10)) {
      assert.match(
        label,
        /, (member|guest or external account|synced from on-premises|disabled account), \S+@\S+$/,
        label,
      );
    }
    assert.equal(await wb.welcome.isVisible(), false, 'the welcome is gone');
    await until('the Search button on the view title', () => wb.titleButton('Search Users...').isVisible());
    await session.screenshot('first-run-demo');
  });

  it('2. the demo signs in as a Helpdesk Administrator: a Global Administrator is marked, the menu explains instead of offering the reset, an allowed reset names the role', async () => {
    const { wb, page } = session;
    await wb.searchFromTitle('Gloria');
    const gloria = wb.row('Gloria Global');
    await gloria.waitFor();
    // The row is marked once the check has read the roles (after the page is shown).
    await until('Gloria marked as "you may not reset"', async () =>
      /you may not reset/.test((await gloria.getAttribute('aria-label')) ?? ''),
    );
    await gloria.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Why Some Actions Are Missing...', exact: true }).waitFor();
    const items = await page.getByRole('menuitem').allInnerTexts();
    assert.ok(!items.some((i) => /^Reset Password/.test(i.trim())), `no Reset Password... in ${items.join(' | ')}`);
    assert.ok(
      !items.some((i) => /Temporary Access Pass|Sign Out Everywhere|Disable Account/.test(i)),
      items.join(' | '),
    );
    await page.keyboard.press('Escape');
    await wb.contextMenu(gloria, 'Why Some Actions Are Missing...');
    await wb.dialog.waitFor();
    assert.match(await wb.dialog.locator('.dialog-message-text').innerText(), /What you may not do for Gloria Global/);
    const why = await wb.dialog.locator('.dialog-message-detail').innerText();
    assert.match(
      why,
      /You may not reset the password of Gloria Global\. Gloria Global holds Global Administrator, so only someone with one of these roles may: Privileged Authentication Administrator or Global Administrator\./,
    );
    assert.match(why, /Privileged Identity Management/);
    await session.screenshot('preflight-why', true);
    await page.keyboard.press('Escape');
    await wb.dialog.waitFor({ state: 'detached' });

    await wb.searchFromTitle('Harper');
    const harper = wb.row('Harper Helpdesk');
    await harper.waitFor();
    await wb.contextMenu(harper, 'Reset Password...');
    await wb.dialog.waitFor();
    assert.match(
      await wb.dialog.locator('.dialog-message-detail').innerText(),
      /Allowed by your role: Helpdesk Administrator/,
    );
    await wb.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await wb.dialog.waitFor({ state: 'detached' });
  });
});
