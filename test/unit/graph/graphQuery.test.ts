import * as assert from 'node:assert/strict';
import { buildSearch, odataString } from '../../../src/directory/graph/graphQuery';
import { queryString } from '../../../src/directory/kit/answers';

describe('Graph query building', () => {
  it('quotes each $search clause and ORs them', () => {
    assert.equal(buildSearch('alain'), '"displayName:alain" OR "userPrincipalName:alain" OR "mail:alain"');
  });

  it('backslash-escapes " and \\ inside a clause, and leaves apostrophes alone', () => {
    assert.equal(buildSearch(`O'Brien`).split(' OR ')[0], `"displayName:O'Brien"`);
    assert.equal(buildSearch('say "hi"').split(' OR ')[0], '"displayName:say \\"hi\\""');
    assert.equal(buildSearch('a\\b').split(' OR ')[0], '"displayName:a\\\\b"');
  });

  it('turns control characters into single spaces and trims', () => {
    assert.equal(buildSearch(' a\n\tb\u0000 ').split(' OR ')[0], '"displayName:a b"');
  });

  it('doubles single quotes in OData string literals', () => {
    assert.equal(odataString(`O'Brien`), `'O''Brien'`);
  });

  it('percent-encodes values, # included, and keeps $ option names', () => {
    const q = queryString({ $search: '"mail:a#b%c"', $top: 5, $count: undefined });
    assert.equal(q, '$search=%22mail%3Aa%23b%25c%22&$top=5');
  });
});
