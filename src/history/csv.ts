// The History as CSV (RFC 4180: comma-separated, CRLF line ends, a cell with a quote, comma or line break quoted
// with its quotes doubled). A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a
// formula: such a cell gets a leading apostrophe, so a display name like "=HYPERLINK(...)" stays text.
// No 'vscode' import (tested in plain Node).
import { recordFields, type HistoryRecord } from './record';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised, then quoted when it has to be. */
export function csvCell(value: string | undefined): string {
  let s = value ?? '';
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** In the order of recordFields (record.ts). */
export const CSV_COLUMNS = [
  'at',
  'directory',
  'directoryKind',
  'actor',
  'targetId',
  'targetDisplayName',
  'targetSignInName',
  'action',
  'options',
  'result',
  'reason',
  'requestId',
  'ticket',
] as const;

function row(record: HistoryRecord): string[] {
  return recordFields(record).map((field) => (typeof field === 'string' ? field : field.join('; ')));
}

/** The header and one row per record, in the order given. */
export function toCsv(records: readonly HistoryRecord[]): string {
  return [[...CSV_COLUMNS], ...records.map(row)].map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
}
