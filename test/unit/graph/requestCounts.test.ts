// What reaches the directory, and when: the cheap, deterministic parts of the benchmark (bench/, issue 4) as tests.
// Search as you type, the two reset methods and a throttling directory, against the test directory over real HTTP.
// They assert counts and order, and that no request comes before the Retry-After it was given; never how fast.
// Times are the directory's arrival times (Date.now(), whole milliseconds); the timer clock and Date.now() may
// disagree by a millisecond, hence the 1 ms allowance on the waits.
import * as assert from 'node:assert/strict';
import { StaticTokenSource } from '../../../src/auth/staticTokenSource';
import {
  startGraphServer,
  type GraphServer,
  type GraphServerOptions,
  type RecordedRequest,
} from '../../../src/demo/graphServer';
import { FIXED_USERS, seedUsers } from '../../../src/demo/seed';
import { GraphProvider, type GraphProviderOptions } from '../../../src/directory/graph/graphProvider';
import { buildSearch } from '../../../src/directory/graph/graphQuery';
import { SearchAsYouType } from '../../../src/directory/searchAsYouType';
import { silentLogger, type DirectoryUser, type UserPage } from '../../../src/directory/types';

const CLOCK_SLACK_MS = 1;
const DEBOUNCE_MS = 250; // SearchAsYouType's default, which the palette's picker uses

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('request counts and Retry-After (what reaches the directory)', function () {
  this.timeout(15_000);
  let server: GraphServer | undefined;
  const providers: GraphProvider[] = [];
  const searches: SearchAsYouType<UserPage>[] = [];

  async function directory(options: GraphServerOptions = {}): Promise<GraphServer> {
    server = await startGraphServer({ users: seedUsers(600, 11), ...options });
    return server;
  }

  function provider(s: GraphServer, options: Partial<GraphProviderOptions> = {}): GraphProvider {
    const p = new GraphProvider({
      name: 'Test directory',
      graphEndpoint: s.url,
      tokenSource: new StaticTokenSource(() => s.delegatedToken, true),
      logger: silentLogger,
      ...options,
    });
    providers.push(p);
    return p;
  }

  const graphRequests = (s: GraphServer): RecordedRequest[] => s.requests.filter((r) => r.path.startsWith('/v1.0/'));

  afterEach(async () => {
    searches.splice(0).forEach((s) => s.dispose());
    await Promise.all(providers.splice(0).map((p) => p.dispose()));
    await server?.close();
    server = undefined;
  });

  describe('search as you type (the palette picker)', () => {
    /**
     * A picker wired like src/commands/pickUser.ts, recording what it shows and how many of its requests were
     * live (sent and not cancelled) at once.
     */
    function picker(p: GraphProvider) {
      const shown: string[] = [];
      const errors: unknown[] = [];
      const live = new Set<AbortSignal>();
      let mostLive = 0;
      const sat = new SearchAsYouType<UserPage>({
        search: async (text, signal) => {
          for (const s of live) if (s.aborted) live.delete(s);
          live.add(signal);
          mostLive = Math.max(mostLive, live.size);
          try {
            return await p.listUsers({ search: text || undefined, pageSize: 25, signal });
          } finally {
            live.delete(signal);
          }
        },
        onResult: (text) => shown.push(text),
        onError: (_text, e) => errors.push(e),
      });
      searches.push(sat);
      return { sat, shown, errors, mostLive: () => mostLive };
    }

    /** Types `text` one character every 30 ms; returns how many pauses were long enough for the debounce to fire. */
    async function type(sat: SearchAsYouType<UserPage>, text: string): Promise<number> {
      let stalls = 0;
      let last = Date.now();
      for (let i = 1; i <= text.length; i++) {
        await sleep(30);
        const t = Date.now();
        // A machine too busy to run a 30 ms timer within the debounce would legitimately search in between.
        if (i > 1 && t - last >= DEBOUNCE_MS) stalls++;
        last = t;
        sat.update(text.slice(0, i));
      }
      return stalls;
    }

    const searchRequests = (s: GraphServer) =>
      s.requests.filter((r) => r.method === 'GET' && r.path === '/v1.0/users' && r.query.$search !== undefined);

    it('20 keystrokes 30 ms apart: only the last text reaches the directory, and only it is shown', async () => {
      const s = await directory();
      const text = s.users.get(FIXED_USERS.alainCharon)!.userPrincipalName.slice(0, 20);
      assert.equal(text.length, 20);
      const { sat, shown, errors, mostLive } = picker(provider(s));
      const stalls = await type(sat, text);
      await until('the result for the last text', () => shown.includes(text));
      await sleep(DEBOUNCE_MS + 50); // nothing else may follow

      const sent = searchRequests(s);
      assert.equal(sent.length, 1 + stalls, `searches sent: ${sent.map((r) => r.query.$search).join(' | ')}`);
      assert.equal(sent[sent.length - 1].query.$search, buildSearch(text));
      assert.equal(sent[sent.length - 1].headers.consistencylevel, 'eventual');
      assert.deepEqual(shown.slice(-1), [text], 'the last thing shown is the last text');
      assert.ok(mostLive() <= 1, `${mostLive()} requests were live at once`);
      assert.deepEqual(errors, []);
      if (stalls === 0) assert.deepEqual(sat.stats, { started: 1, cancelled: 0, dropped: 0 });
    });

    it('drops the opening list when it arrives after typing began (one request in flight at most)', async () => {
      const s = await directory({ latencyMs: 150 });
      const text = s.users.get(FIXED_USERS.alainCharon)!.userPrincipalName.slice(0, 20);
      const { sat, shown, errors, mostLive } = picker(provider(s));
      const opening = sat.now(''); // the picker lists the directory when it opens; its answer comes after 150 ms
      const stalls = await type(sat, text);
      await opening;
      await until('the result for the last text', () => shown.includes(text));
      await sleep(DEBOUNCE_MS + 50);

      const listed = s.requests.filter((r) => r.method === 'GET' && r.path === '/v1.0/users');
      assert.equal(listed.length, 2 + stalls, 'the opening list and the last text');
      assert.equal(listed[0].query.$search, undefined);
      assert.equal(listed[listed.length - 1].query.$search, buildSearch(text));
      assert.ok(!shown.includes(''), 'the stale opening list is never shown');
      assert.deepEqual(shown.slice(-1), [text]);
      assert.ok(sat.stats.dropped >= 1, `stats: ${JSON.stringify(sat.stats)}`);
      assert.ok(mostLive() <= 1, `${mostLive()} requests were live at once`);
      assert.deepEqual(errors, []);
    });

    it('cancels the request for an older text when a newer one starts, and never shows the older answer', async () => {
      const s = await directory({ latencyMs: 600 });
      const { sat, shown, errors, mostLive } = picker(provider(s));
      sat.update('ala'); // searched after the debounce; the directory takes 600 ms to answer
      await until('the first search to reach the directory', () => searchRequests(s).length === 1);
      sat.update('alain'); // a newer text while the first search is still in flight
      await until('the result for the newer text', () => shown.includes('alain'));

      assert.equal(sat.stats.cancelled, 1);
      assert.deepEqual(shown, ['alain']);
      assert.deepEqual(
        searchRequests(s).map((r) => r.query.$search),
        [buildSearch('ala'), buildSearch('alain')],
      );
      assert.ok(mostLive() <= 1, `${mostLive()} requests were live at once`);
      assert.deepEqual(errors, [], 'a cancelled search is not an error');
    });
  });

  describe('reset', () => {
    async function member(p: GraphProvider): Promise<DirectoryUser> {
      const user = await p.getUser(FIXED_USERS.alainCharon);
      assert.equal(user.resetRefusal, undefined);
      return user;
    }

    it('passwordProfile: exactly one request, the PATCH', async () => {
      const s = await directory();
      const p = provider(s, { resetMethod: 'passwordProfile' });
      const user = await member(p);
      s.clearRequests();

      const result = await p.resetPassword(user);

      const sent = graphRequests(s);
      assert.deepEqual(
        sent.map((r) => `${r.method} ${r.path}`),
        [`PATCH /v1.0/users/${user.id}`],
      );
      assert.equal(s.resets.length, 1);
      assert.equal(s.resets[0].password, result.temporaryPassword);
      assert.equal(s.resets[0].forceChangePasswordNextSignIn, true);
    });

    it('resetPassword: one POST, then polls, each sent no sooner than the Retry-After it was given', async () => {
      const retryAfterMs = 150;
      const s = await directory({ operationPolls: 2, operationRetryAfter: String(retryAfterMs / 1000) });
      const p = provider(s, { resetMethod: 'systemGenerated' });
      const user = await member(p);
      s.clearRequests();

      const result = await p.resetPassword(user);

      const sent = graphRequests(s);
      const posts = sent.filter((r) => r.method === 'POST');
      const polls = sent.filter((r) => r.method === 'GET');
      assert.equal(posts.length, 1, 'one resetPassword request');
      assert.ok(posts[0].path.endsWith('/resetPassword'));
      assert.equal(sent[0], posts[0], 'the POST comes first');
      // The directory answers 'running' twice (Retry-After each time), then 'succeeded': three polls, no more.
      assert.equal(polls.length, 3);
      assert.ok(polls.every((r) => /\/authentication\/operations\/[^/]+$/.test(r.path)));
      for (let i = 1; i < sent.length; i++) {
        const gap = sent[i].at - sent[i - 1].at;
        assert.ok(
          gap >= retryAfterMs - CLOCK_SLACK_MS,
          `request ${i + 1} came ${gap} ms after the answer that said wait ${retryAfterMs} ms`,
        );
      }
      assert.equal(s.resets.length, 1);
      assert.equal(s.resets[0].password, result.temporaryPassword);
    });
  });

  describe('throttling', () => {
    it('429 with Retry-After: 0.2 on every third request: no request before its Retry-After, every page right', async () => {
      const retryAfterMs = 200;
      const users = 600;
      const listAll = async (p: GraphProvider): Promise<string[]> => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await p.listUsers({ pageSize: 100, cursor });
          ids.push(...page.users.map((u) => u.id));
          cursor = page.nextCursor;
        } while (cursor);
        return ids;
      };
      const plain = await startGraphServer({ users: seedUsers(users, 11) });
      let expected: string[];
      try {
        const reference = new GraphProvider({
          name: 'Reference',
          graphEndpoint: plain.url,
          tokenSource: new StaticTokenSource(() => plain.delegatedToken, true),
          logger: silentLogger,
        });
        expected = await listAll(reference);
        await reference.dispose();
      } finally {
        await plain.close();
      }

      const s = await directory({ throttle: { every: 3, retryAfter: String(retryAfterMs / 1000) } });
      const ids = await listAll(provider(s));

      assert.deepEqual(ids, expected, 'every user once, in the directory order');
      const sent = graphRequests(s);
      const throttled = sent.filter((r) => r.status === 429);
      assert.ok(throttled.length >= 2, `${throttled.length} answers were 429`);
      assert.equal(sent.length, 6 + throttled.length, 'six pages, plus one retry per 429');
      sent.forEach((r, i) => {
        if (r.status !== 429) return;
        const next = sent[i + 1];
        assert.ok(next, 'a 429 is retried');
        assert.equal(next.search, r.search, 'the retry asks for the same page');
        const gap = next.at - r.at;
        assert.ok(
          gap >= retryAfterMs - CLOCK_SLACK_MS,
          `the retry of request ${i + 1} came after ${gap} ms, Retry-After said ${retryAfterMs} ms`,
        );
      });
    });
  });
});
