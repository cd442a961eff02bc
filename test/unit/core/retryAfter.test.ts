import * as assert from 'node:assert/strict';
import { parseRetryAfter, sleep } from '../../../src/directory/http/retryAfter';

describe('Retry-After', () => {
  it('reads integer and fractional seconds', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0.2'), 200);
    assert.equal(parseRetryAfter(['1.5']), 1500);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    const now = Date.parse('Wed, 25 Nov 2026 10:00:00 GMT');
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 10:00:07 GMT', now), 7000);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now), 0);
  });

  it('ignores absent or unreadable values', () => {
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter(''), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter('-1'), undefined);
  });

  it('sleep stops as soon as the signal aborts', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 20);
    await assert.rejects(sleep(10_000, abort.signal));
    assert.ok(Date.now() - started < 1000);
  });
});
