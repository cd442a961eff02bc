// The SCIM provider's pure parts: filter strings, error mapping, user mapping.
import * as assert from 'node:assert/strict';
import { NOT_JSON, type ErrorResponse } from '../../../src/directory/http/jsonClient';
import {
  cleanDetail,
  mapScimError,
  readScimError,
  resetErrorFromAnswer,
  type ScimErrorContext,
} from '../../../src/directory/scim/scimErrors';
import { queryString } from '../../../src/directory/kit/answers';
import { clampPageSize } from '../../../src/directory/kit/paging';
import { normalizeSearchText } from '../../../src/directory/kit/searchText';
import { buildUserSearchFilter, scimString } from '../../../src/directory/scim/scimFilter';
import { MAX_PAGE_SIZE } from '../../../src/directory/scim/scimProvider';
import { primaryEmail, toDirectoryUser } from '../../../src/directory/scim/scimUser';

function answer(status: number, json: unknown, text = JSON.stringify(json)): ErrorResponse {
  return { status, headers: {}, json, text };
}

function scimError(status: number, scimType?: string, detail?: string) {
  return answer(status, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    ...(detail ? { detail } : {}),
  });
}

const ctx = (operation: ScimErrorContext['operation'], extra: Partial<ScimErrorContext> = {}): ScimErrorContext => ({
  directoryName: 'Acme SCIM',
  baseUrl: 'https://acme.example/scim/v2',
  operation,
  ...extra,
});

describe('SCIM filter strings', () => {
  it('escapes " and \\ as JSON does, and leaves apostrophes literal', () => {
    assert.equal(scimString(`O'Brien`), `"O'Brien"`);
    assert.equal(scimString('Quentin "Q"'), '"Quentin \\"Q\\""');
    assert.equal(scimString('CORP\\rita'), '"CORP\\\\rita"');
    assert.equal(scimString('a\u0001b'), '"a\\u0001b"');
    assert.equal(JSON.parse(scimString(`"\\'`)), `"\\'`);
  });

  it('builds userName sw / displayName co, or nothing for blank text', () => {
    assert.equal(buildUserSearchFilter('Seán'), 'userName sw "Seán" or displayName co "Seán"');
    assert.equal(buildUserSearchFilter('a "b"'), 'userName sw "a \\"b\\"" or displayName co "a \\"b\\""');
    assert.equal(buildUserSearchFilter('  '), undefined);
    assert.equal(buildUserSearchFilter(undefined), undefined);
    assert.equal(normalizeSearchText(' a\t\n b '), 'a b');
  });

  it('percent-encodes every value (spaces, quotes, +, &, #)', () => {
    const q = queryString({ startIndex: 1, count: 10, filter: 'userName sw "a+b&c#d" or x', skipped: undefined });
    assert.equal(q, 'startIndex=1&count=10&filter=userName%20sw%20%22a%2Bb%26c%23d%22%20or%20x');
    assert.equal(new URLSearchParams(q).get('filter'), 'userName sw "a+b&c#d" or x');
  });

  it('clamps the page size to 1..500', () => {
    assert.equal(clampPageSize(0, MAX_PAGE_SIZE), 100); // not a size: the default
    assert.equal(clampPageSize(-5, MAX_PAGE_SIZE), 1);
    assert.equal(clampPageSize(999, MAX_PAGE_SIZE), 500);
    assert.equal(clampPageSize(37.9, MAX_PAGE_SIZE), 37);
  });
});

describe('SCIM error mapping', () => {
  it('reads the RFC 7644 error body, with status as a string or a number', () => {
    assert.deepEqual(readScimError(scimError(400, 'invalidValue', 'bad').json), {
      status: 400,
      scimType: 'invalidValue',
      detail: 'bad',
    });
    assert.deepEqual(readScimError({ status: 409, detail: 'taken' }), {
      status: 409,
      scimType: undefined,
      detail: 'taken',
    });
    assert.equal(readScimError(NOT_JSON), undefined);
    assert.equal(readScimError({ error: { code: 'x' } }), undefined);
  });

  it('401 -> signInRequired with "sign in with a new token"', () => {
    const e = mapScimError(scimError(401, undefined, 'token expired'), ctx('list'));
    assert.equal(e.kind, 'signInRequired');
    assert.match(e.message, /Acme SCIM did not accept the bearer token.*token expired/);
    assert.match(e.nextStep, /new token.*Directory: Sign In/);
  });

  it('403 -> forbidden, worded for a list and for a reset', () => {
    assert.match(mapScimError(scimError(403), ctx('list')).message, /lacks the right to read users/);
    const reset = mapScimError(scimError(403), ctx('reset', { userLabel: 'Ann' }));
    assert.equal(reset.kind, 'forbidden');
    assert.match(reset.message, /change the password of Ann.*Nothing was changed/);
  });

  it('404 -> a wrong baseUrl on the list, a missing user elsewhere', () => {
    const list = mapScimError(answer(404, NOT_JSON, '<html>Not found</html>'), ctx('list'));
    assert.equal(list.kind, 'configuration');
    assert.match(list.message, /no SCIM Users endpoint at https:\/\/acme\.example\/scim\/v2\/Users/);
    const read = mapScimError(scimError(404), ctx('read', { userLabel: 'Ann' }));
    assert.equal(read.kind, 'notFound');
    assert.match(read.message, /Ann no longer exists in Acme SCIM/);
  });

  it('429 -> throttled; 5xx -> unavailable; 501 on a reset -> not supported', () => {
    assert.equal(mapScimError(scimError(429), ctx('list')).kind, 'throttled');
    for (const s of [500, 502, 503, 504]) assert.equal(mapScimError(scimError(s), ctx('list')).kind, 'unavailable');
    const e = mapScimError(scimError(501), ctx('reset'));
    assert.equal(e.kind, 'configuration');
    assert.match(e.message, /does not support changing passwords over SCIM/);
  });

  it('a web page instead of SCIM JSON -> badResponse naming a proxy or baseUrl', () => {
    const e = mapScimError(answer(400, NOT_JSON, '<!doctype html><p>Blocked'), ctx('list'));
    assert.equal(e.kind, 'badResponse');
    assert.match(e.nextStep, /proxy|baseUrl/);
  });

  it('reset 400s: invalidValue / invalidSyntax / none -> passwordRejected; mutability / noTarget -> refused', () => {
    for (const t of ['invalidValue', 'invalidSyntax', undefined]) {
      const e = resetErrorFromAnswer(scimError(400, t, 'Password too short'), ctx('reset', { userLabel: 'Ann' }));
      assert.equal(e?.kind, 'passwordRejected', String(t));
      assert.match(
        e.message,
        /password policy rejected the generated password for Ann: Password too short\. Nothing was changed\./,
      );
    }
    for (const t of ['mutability', 'noTarget', 'invalidPath']) {
      assert.equal(resetErrorFromAnswer(scimError(400, t), ctx('reset'))?.kind, 'refused', t);
    }
    assert.equal(resetErrorFromAnswer(scimError(400, 'tooMany'), ctx('reset')), undefined);
    assert.equal(resetErrorFromAnswer(scimError(403), ctx('reset')), undefined);
  });

  it('quotes the service detail on one short line, never the password', () => {
    assert.equal(cleanDetail('a\n\tb  c'), 'a b c');
    assert.equal(cleanDetail('x'.repeat(1000)).length, 300);
    assert.equal(cleanDetail("password 'Secret-123' is weak", 'Secret-123'), "password '[password]' is weak");
    const e = resetErrorFromAnswer(
      scimError(400, 'invalidValue', 'Secret-123 reuses history'),
      ctx('reset', { secret: 'Secret-123' }),
    );
    assert.ok(!e!.fullMessage.includes('Secret-123'));
  });
});

describe('SCIM users -> directory users', () => {
  it('picks the primary email, else a work one, else the first', () => {
    assert.equal(primaryEmail([{ value: 'a@x' }, { value: 'b@x', primary: true }]), 'b@x');
    assert.equal(
      primaryEmail([
        { value: 'h@x', type: 'home' },
        { value: 'w@x', type: 'work' },
      ]),
      'w@x',
    );
    assert.equal(primaryEmail([{ value: 'h@x', type: 'home' }]), 'h@x');
    assert.equal(primaryEmail([{ primary: true }, 'junk', null]), undefined);
    assert.equal(primaryEmail(undefined), undefined);
  });

  it('maps names with fallbacks, title, userType, active and the enterprise department', () => {
    const u = toDirectoryUser({
      id: '42',
      userName: 'ann@acme.example',
      name: { givenName: 'Ann', familyName: 'Lee' },
      title: 'Nurse',
      userType: 'Employee',
      active: false,
      externalId: 'E-42',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Ward 3' },
    });
    assert.deepEqual(
      u,
      {
        id: '42',
        displayName: 'Ann Lee',
        signInName: 'ann@acme.example',
        mail: undefined,
        jobTitle: 'Nurse',
        department: 'Ward 3',
        accountEnabled: false,
        userType: 'Employee',
        source: 'cloud',
      },
      'exactly the model: no raw SCIM field (externalId) comes along',
    );
    assert.equal(toDirectoryUser({ id: '7' }).displayName, '7');
    assert.throws(() => toDirectoryUser({ userName: 'no-id' }), /without an id/);
  });
});
