// The History's store, records and CSV in plain Node (src/history has no 'vscode' import): one JSON line per
// record, the bound drops the oldest through a tmp file renamed over, a torn last line (a crash mid-append) is
// skipped and the next record starts on a line of its own, records keep only their known fields, bounded, and the
// CSV is RFC 4180 with every cell a spreadsheet would run as a formula made text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DirectoryError } from '../../../src/directory/errors';
import { silentLogger } from '../../../src/directory/types';
import type { OpenDirectory } from '../../../src/directoryManager';
import { csvCell, toCsv } from '../../../src/history/csv';
import { matchesFilter, sanitise, type HistoryRecord } from '../../../src/history/record';
import { HistoryRecorder, passOptions, resetOptions } from '../../../src/history/recorder';
import { HistoryStore, maxRecordsFrom, parseLines } from '../../../src/history/store';

function record(n: number, overrides: Partial<HistoryRecord> = {}): HistoryRecord {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    directory: 'Contoso',
    directoryKind: 'microsoftGraph',
    actor: 'helpdesk@contoso.example',
    target: { id: `u-${n}`, displayName: `User ${n}`, signInName: `user${n}@contoso.example` },
    action: 'resetPassword',
    options: [],
    result: 'done',
    ...overrides,
  };
}

describe('History store', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-history-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appends one JSON line per record and reads them back oldest first', async () => {
    const store = new HistoryStore(path.join(dir, 'nested'));
    await store.append(record(1));
    await store.append(record(2, { action: 'disableAccount', result: 'refused', reason: 'Already disabled.' }));
    const lines = fs.readFileSync(store.file, 'utf8').split('\n');
    assert.equal(lines.length, 3, 'two complete lines');
    assert.equal(lines[2], '');
    assert.deepEqual(JSON.parse(lines[0]), record(1));
    const read = await store.read();
    assert.deepEqual(
      read.map((r) => [r.target.id, r.result, r.reason]),
      [
        ['u-1', 'done', undefined],
        ['u-2', 'refused', 'Already disabled.'],
      ],
    );
  });

  it('writes one record at a time: concurrent appends each land on a line of their own', async () => {
    const store = new HistoryStore(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(record(i))));
    const read = await store.read();
    assert.equal(read.length, 50);
    assert.deepEqual(
      read.map((r) => r.target.id),
      Array.from({ length: 50 }, (_, i) => `u-${i}`),
    );
  });

  it('keeps at most the bound: the oldest are dropped, through history.jsonl.tmp renamed over the file', async () => {
    const renames: Array<[string, string]> = [];
    const files = {
      ...fsp,
      rename: async (from: fs.PathLike, to: fs.PathLike) => {
        renames.push([String(from), String(to)]);
        assert.equal(fs.readFileSync(String(from), 'utf8').split('\n').length, 101, 'the tmp file is complete');
        return fsp.rename(from, to);
      },
    };
    const store = new HistoryStore(dir, () => 100, files);
    for (let i = 0; i < 100; i++) await store.append(record(i));
    assert.deepEqual(renames, [], 'no rewrite up to the bound');
    await store.append(record(100));
    await store.append(record(101));
    assert.deepEqual(renames, [
      [store.tmpFile, store.file],
      [store.tmpFile, store.file],
    ]);
    assert.equal(store.tmpFile, path.join(dir, 'history.jsonl.tmp'));
    assert.equal(fs.existsSync(store.tmpFile), false);
    const read = await store.read();
    assert.equal(read.length, 100);
    assert.equal(read[0].target.id, 'u-2', 'the two oldest were dropped');
    assert.equal(read.at(-1)?.target.id, 'u-101');
  });

  it('the bound is the setting, at least 100; 10,000 when unset', () => {
    assert.equal(maxRecordsFrom(undefined), 10_000);
    assert.equal(maxRecordsFrom('many'), 10_000);
    assert.equal(maxRecordsFrom(5), 100);
    assert.equal(maxRecordsFrom(250.7), 250);
    assert.equal(maxRecordsFrom(1e12), 1_000_000);
  });

  it('skips a torn last line (a crash mid-append), and the next record starts on a new line', async () => {
    const store = new HistoryStore(dir);
    fs.writeFileSync(store.file, `${JSON.stringify(record(1))}\n${JSON.stringify(record(2)).slice(0, 40)}`);
    assert.deepEqual(
      (await store.read()).map((r) => r.target.id),
      ['u-1'],
    );
    await store.append(record(3));
    assert.deepEqual(
      (await new HistoryStore(dir).read()).map((r) => r.target.id),
      ['u-1', 'u-3'],
    );
  });

  it('reads a missing file as an empty history, and skips lines that are not records', async () => {
    assert.deepEqual(await new HistoryStore(path.join(dir, 'none')).read(), []);
    assert.deepEqual(parseLines('not json\n{"a":1}\n[]\nnull\n'), []);
  });

  it('keeps only the known fields of a record, each bounded', async () => {
    const store = new HistoryStore(dir);
    const hostile = {
      ...record(1),
      temporaryPassword: 'Secret-Pa55word!',
      token: 'eyJ.token',
      target: { id: 'u-1', displayName: 'x'.repeat(5000), signInName: 'a', temporaryAccessPass: 'TAP-123' },
      reason: 'r'.repeat(5000),
    } as unknown as HistoryRecord;
    await store.append(hostile);
    const text = fs.readFileSync(store.file, 'utf8');
    for (const secret of ['Secret-Pa55word!', 'eyJ.token', 'TAP-123', 'temporaryPassword', 'temporaryAccessPass']) {
      assert.ok(!text.includes(secret), `${secret} is not stored`);
    }
    const [read] = await store.read();
    assert.equal(Array.from(read.target.displayName).length, 256);
    assert.equal(Array.from(read.reason ?? '').length, 1000);
    assert.equal(sanitise({ ...record(1), action: 'deleteUser' }), undefined);
    assert.equal(sanitise({ ...record(1), result: 'maybe' }), undefined);
  });

  it('filters case-insensitively over every text of a record', () => {
    const r = record(1, { reason: 'The Account is Locked', ticket: 'INC-42', requestId: 'req-9' });
    for (const text of ['locked', 'inc-42', 'REQ-9', 'user1@contoso', 'contoso', 'resetpassword', '']) {
      assert.ok(matchesFilter(r, text), text);
    }
    assert.ok(!matchesFilter(r, 'nobody'));
    assert.ok(matchesFilter(r, 'zurücksetzen', ['Passwort zurücksetzen']));
  });
});

describe('History recorder', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-history-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const directory = {
    name: 'Contoso',
    isDemo: false,
    config: { provider: 'microsoftGraph' },
    connection: { account: () => 'helpdesk@contoso.example' },
  } as unknown as OpenDirectory;
  const user = { id: 'u-1', displayName: 'Ada', signInName: 'ada@contoso.example', mail: 'private@example.com' };

  it('records refused, done, failed and unknown with explicit fields only', async () => {
    const store = new HistoryStore(dir);
    const recorder = new HistoryRecorder(store, silentLogger, () => new Date('2026-01-02T03:04:05Z'));
    recorder.refused(directory, user, 'enableAccount', 'Already enabled.');
    recorder.done(directory, user, 'resetPassword', { options: resetOptions('resetPassword', true) });
    recorder.done(directory, user, 'issueTemporaryAccessPass', {
      requestId: 'req-1',
      options: passOptions({ lifetimeInMinutes: 60, isUsableOnce: true }),
    });
    recorder.failed(directory, user, 'disableAccount', new DirectoryError('forbidden', 'No role.', 'Ask.'));
    recorder.failed(directory, user, 'unlockAccount', new DirectoryError('outcomeUnknown', 'Lost.', ''));
    recorder.refused(directory, undefined, 'unlockAccount');
    await store.flush();
    const read = await store.read();
    assert.deepEqual(
      read.map((r) => [r.action, r.result, r.reason, r.requestId, r.options]),
      [
        ['enableAccount', 'refused', 'Already enabled.', undefined, []],
        ['resetPassword', 'done', undefined, undefined, ['method=resetPassword', 'mustChangeAtNextSignIn=true']],
        ['issueTemporaryAccessPass', 'done', undefined, 'req-1', ['lifetimeInMinutes=60', 'isUsableOnce=true']],
        ['disableAccount', 'failed', 'No role. Ask.', undefined, []],
        ['unlockAccount', 'unknown', 'Lost.', undefined, []],
        ['unlockAccount', 'refused', undefined, undefined, []],
      ],
    );
    assert.deepEqual(read[0].target, { id: 'u-1', displayName: 'Ada', signInName: 'ada@contoso.example' });
    assert.equal(read[0].actor, 'helpdesk@contoso.example');
    assert.equal(read[0].directoryKind, 'microsoftGraph');
    assert.equal(read[0].at, '2026-01-02T03:04:05.000Z');
    assert.ok(!fs.readFileSync(store.file, 'utf8').includes('private@example.com'));
  });

  it('never throws when the History cannot be written: it logs', async () => {
    fs.writeFileSync(path.join(dir, 'file'), '');
    const errors: string[] = [];
    const store = new HistoryStore(path.join(dir, 'file', 'below-a-file'));
    const recorder = new HistoryRecorder(store, { ...silentLogger, error: (m) => errors.push(m) });
    recorder.done(directory, user, 'revokeSessions');
    await store.flush();
    await new Promise((r) => setImmediate(r));
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^History: could not write the record/);
  });
});

describe('History CSV', () => {
  it('quotes per RFC 4180: quotes doubled, commas and line breaks inside quotes', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(undefined), '');
  });

  it('neutralises every cell a spreadsheet would run as a formula: = + - @ tab CR', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil","x")'), '"\'=HYPERLINK(""http://evil"",""x"")"');
    assert.equal(csvCell('+1+1'), "'+1+1");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tcmd'), "'\tcmd");
    assert.equal(csvCell('\rcmd'), '"\'\rcmd"');
    assert.equal(csvCell('a=b'), 'a=b', 'only the first character counts');
  });

  it('writes a header and one CRLF-ended row per record', () => {
    const csv = toCsv([
      record(1, { target: { id: 'u-1', displayName: '=cmd|"/c calc"!A1', signInName: 'x' }, options: ['a', 'b'] }),
    ]);
    const [header, row, end] = csv.split('\r\n');
    assert.equal(
      header,
      'at,directory,directoryKind,actor,targetId,targetDisplayName,targetSignInName,action,options,result,reason,requestId,ticket',
    );
    assert.equal(
      row,
      '2026-01-01T00:00:01.000Z,Contoso,microsoftGraph,helpdesk@contoso.example,u-1,"\'=cmd|""/c calc""!A1",x,resetPassword,a; b,done,,,',
    );
    assert.equal(end, '');
  });
});
