// Search as you type (the palette's user picker): answers that arrive out of order are discarded, so the list never
// shows users for a text the person is no longer looking at; older requests are cancelled; errors of older texts
// are not shown.
import * as assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { seedUsers } from '../../../src/demo/seed';
import { SearchAsYouType } from '../../../src/directory/searchAsYouType';
import type { UserPage } from '../../../src/directory/types';
import { directoryFixture } from '../../support/directoryFixture';

interface Pending {
  text: string;
  signal: AbortSignal;
  resolve(v: string): void;
  reject(e: unknown): void;
}

function controlled() {
  const pending: Pending[] = [];
  const shown: Array<[string, string]> = [];
  const errors: Array<[string, unknown]> = [];
  const search = new SearchAsYouType<string>({
    search: (text, signal) => new Promise((resolve, reject) => pending.push({ text, signal, resolve, reject })),
    onResult: (text, result) => shown.push([text, result]),
    onError: (text, e) => errors.push([text, e]),
    debounceMs: 5,
  });
  return { search, pending, shown, errors };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Security: search answers in order', () => {
  it('an older answer that arrives last is discarded; only the latest text is shown', async () => {
    const { search, pending, shown } = controlled();
    void search.now('a');
    void search.now('ab');
    void search.now('abc');
    assert.equal(pending.length, 3);
    pending[2].resolve('result for abc');
    pending[0].resolve('result for a');
    pending[1].resolve('result for ab');
    await tick();
    assert.deepEqual(shown, [['abc', 'result for abc']]);
    assert.equal(search.stats.dropped, 2);
  });

  it('fifty searches answered in random order: exactly one result shown, for the last text', async () => {
    const { search, pending, shown } = controlled();
    const texts = Array.from({ length: 50 }, (_, i) => `text ${i}`);
    for (const t of texts) void search.now(t);
    const order = [...pending].sort(() => randomInt(3) - 1);
    for (const p of order) p.resolve(`result for ${p.text}`);
    await tick();
    assert.deepEqual(shown, [['text 49', 'result for text 49']]);
    assert.equal(pending.filter((p) => p.signal.aborted).length, 49, 'every older request was cancelled');
  });

  it("an older search's error is not shown, and a cancelled request's is never reported", async () => {
    const { search, pending, shown, errors } = controlled();
    void search.now('old');
    void search.now('new');
    pending[0].reject(new Error('old failed'));
    pending[1].resolve('new result');
    await tick();
    assert.deepEqual(errors, []);
    assert.deepEqual(shown, [['new', 'new result']]);
  });

  it('typing quickly sends one request, for the text where typing paused', async () => {
    const { search, pending } = controlled();
    for (const t of ['a', 'al', 'ala', 'alai', 'alain']) search.update(t);
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(
      pending.map((p) => p.text),
      ['alain'],
    );
    search.dispose();
  });

  describe('against the test directory', () => {
    const fx = directoryFixture({ users: seedUsers(300, 4), latencyMs: 3 });

    it('fifty texts, each answer racing the next: the list shows the last text, with users that match it', async () => {
      const provider = fx.delegated();
      const shown: Array<[string, UserPage]> = [];
      const search = new SearchAsYouType<UserPage>({
        search: (text, signal) => provider.listUsers({ search: text || undefined, pageSize: 25, signal }),
        onResult: (text, page) => shown.push([text, page]),
        onError: (text, e) => assert.fail(`error for ${text}: ${String(e)}`),
      });
      const texts = Array.from({ length: 50 }, (_, i) => 'abcdefghijklmnoprstvwyz'[i % 23] + (i % 2 ? 'a' : ''));
      const runs = texts.map((t) => search.now(t));
      await Promise.all(runs);
      assert.equal(shown.length, 1);
      const [text, page] = shown[0];
      assert.equal(text, texts[49]);
      for (const u of page.users) {
        const words = u.displayName.toLowerCase().split(/[^\p{L}\p{N}]+/u);
        const hit =
          words.some((w) => w.startsWith(text)) ||
          u.signInName.toLowerCase().startsWith(text) ||
          (u.mail ?? '').toLowerCase().startsWith(text);
        assert.ok(hit, `${u.displayName} shown for "${text}"`);
      }
    });
  });
});
