// The History on disk: JSON lines in <globalStorage>/history.jsonl. No 'vscode' import (tested in plain Node).
// One writer at a time (a promise queue). A record is one appendFile of a complete line; a crash mid-append leaves at
// most a torn last line, which reading skips and the next append starts after. Past the bound the oldest records are
// dropped by writing the kept ones to history.jsonl.tmp, fsync, and a rename over the file: a crash leaves either
// the old file or the new one, never half of one.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { sanitise, type HistoryRecord } from './record';

export const HISTORY_FILE = 'history.jsonl';
export const DEFAULT_MAX_RECORDS = 10_000;
export const MIN_MAX_RECORDS = 100;
const MAX_MAX_RECORDS = 1_000_000;

/** The setting's value as a bound: 100 to 1,000,000 records; the default when unset or not a number. */
export function maxRecordsFrom(value: unknown): number {
  const n = Number(value);
  if (value === undefined || value === null || !Number.isFinite(n)) return DEFAULT_MAX_RECORDS;
  return Math.min(MAX_MAX_RECORDS, Math.max(MIN_MAX_RECORDS, Math.floor(n)));
}

/** The records of a file's text, oldest first; lines that are not a whole, valid record are skipped. */
export function parseLines(text: string): HistoryRecord[] {
  const records: HistoryRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = sanitise(JSON.parse(line));
      if (record) records.push(record);
    } catch {
      // A torn line (a crash mid-append) or anything else that is not JSON: skipped, never fatal.
    }
  }
  return records;
}

export type HistoryFileSystem = Pick<typeof nodeFs, 'appendFile' | 'readFile' | 'mkdir' | 'open' | 'rename' | 'rm'>;

export class HistoryStore {
  readonly file: string;
  readonly tmpFile: string;
  private queue: Promise<unknown> = Promise.resolve();
  /** Lines in the file (valid or not) and whether it ends with a newline; unknown until first needed. */
  private lines?: number;
  private endsWithNewline = true;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly directory: string,
    /** The bound, read at every append (the setting may change). */
    private readonly maxRecords: () => unknown = () => DEFAULT_MAX_RECORDS,
    /** node:fs/promises; tests hand in one that watches the rename. */
    private readonly fs: HistoryFileSystem = nodeFs,
  ) {
    this.file = path.join(directory, HISTORY_FILE);
    this.tmpFile = `${this.file}.tmp`;
  }

  /** Called after each change of the file (append, trim, clear). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Appends one record (sanitised: only its known fields, bounded); resolves when it is on disk. */
  append(input: HistoryRecord): Promise<void> {
    const record = sanitise(input);
    if (!record) return Promise.reject(new Error('Not a history record.'));
    return this.enqueue(async () => {
      await this.load();
      const line = `${this.endsWithNewline ? '' : '\n'}${JSON.stringify(record)}\n`;
      await this.fs.appendFile(this.file, line, { encoding: 'utf8', mode: 0o600 });
      this.endsWithNewline = true;
      this.lines = (this.lines ?? 0) + 1;
      const max = maxRecordsFrom(this.maxRecords());
      if (this.lines > max) await this.rewrite((await this.readFile()).slice(-max));
      this.changed();
    });
  }

  /** Every record, oldest first. A missing file is an empty history. */
  async read(): Promise<HistoryRecord[]> {
    return this.enqueue(() => this.readFile());
  }

  /** Waits for every write queued so far. */
  async flush(): Promise<void> {
    await this.enqueue(() => Promise.resolve());
  }

  /** Removes every record (tests; a person's history is bounded, not cleared). */
  async clear(): Promise<void> {
    await this.enqueue(async () => {
      await this.fs.rm(this.file, { force: true });
      await this.fs.rm(this.tmpFile, { force: true });
      this.lines = undefined; // counted again (and the folder made) at the next append
      this.changed();
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  private async readFile(): Promise<HistoryRecord[]> {
    return parseLines(await this.readText());
  }

  private async readText(): Promise<string> {
    try {
      return await this.fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw e;
    }
  }

  /** Counts the lines once, and notes a torn last line so the next record starts on a line of its own. */
  private async load(): Promise<void> {
    if (this.lines !== undefined) return;
    await this.fs.mkdir(this.directory, { recursive: true });
    const text = await this.readText();
    this.lines = text.split('\n').filter((l) => l.trim()).length;
    this.endsWithNewline = text === '' || text.endsWith('\n');
  }

  /** Replaces the file with `records`: tmp file, fsync, rename over (atomic on the same file system). */
  private async rewrite(records: readonly HistoryRecord[]): Promise<void> {
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    const handle = await this.fs.open(this.tmpFile, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.fs.rename(this.tmpFile, this.file);
    this.lines = records.length;
    this.endsWithNewline = true;
  }
}
