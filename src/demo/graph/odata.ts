// OData query options of the test directory: the query string, $select, $search and $filter, as strict as Graph.

import type { DemoUser } from '../seed';
import { badRequest, decodeComponent, graphErrorReply, HttpError, type Ctx } from './http';

/** Properties $search accepts on users. */
const SEARCHABLE: ReadonlySet<string> = new Set(['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);
/** Properties startsWith() accepts in $filter (graph-api.md). */
const STARTSWITH_FILTERABLE: ReadonlySet<string> = new Set(['displayName', 'userPrincipalName', 'mail']);

export interface ParsedQuery {
  /** name -> decoded value */
  options: Map<string, string>;
  /** raw segments, in order, with their decoded names */
  segments: { name: string; raw: string }[];
}

/** Words a user's displayName is searched by: lower-cased runs of letters and digits. */
function tokenize(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** The $-options of the query string; anything not in `allowed`, repeated or badly encoded is an error. */
export function parseQuery(ctx: Ctx, allowed: ReadonlySet<string>, expands = false): ParsedQuery {
  const options = new Map<string, string>();
  const segments: { name: string; raw: string }[] = [];
  for (const raw of ctx.rawQuery.split('&')) {
    if (!raw) continue;
    const eq = raw.indexOf('=');
    const name = decodeComponent(eq < 0 ? raw : raw.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : raw.slice(eq + 1));
    if (name === undefined || value === undefined) {
      throw badRequest('The query string is badly percent-encoded.', 'BadRequest');
    }
    if (!name.startsWith('$')) continue; // Graph ignores custom query parameters
    if (name === '$skip') throw badRequest("'$skip' is not supported by the service.");
    if (!allowed.has(name)) {
      throw badRequest(`The query parameter '${name}' is not supported.`, 'BadRequest');
    }
    if (options.has(name)) {
      throw badRequest(
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
        'BadRequest',
      );
    }
    options.set(name, value);
    segments.push({ name, raw });
  }
  if (options.has('$expand') && !expands) {
    throw badRequest("Expand is not supported by this test directory's users.", 'Request_UnsupportedQuery');
  }
  return { options, segments };
}

/** The names of a $select (undefined when absent or empty); unknown names are an error. */
export function parseSelect(value: string | undefined, known: ReadonlySet<string>, type: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim());
  if (names.length === 1 && names[0] === '') return undefined;
  const out: string[] = [];
  for (const name of names) {
    if (!known.has(name)) {
      throw badRequest(`Could not find a property named '${name}' on type '${type}'.`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// $search: "displayName:wa" OR "mail:wa"

type SearchClause = { property: string; term: string; tokens: string[] };
/** OR of ANDs of clauses. */
export type SearchExpr = SearchClause[][];

function searchSyntaxError(detail: string): HttpError {
  return new HttpError(graphErrorReply(400, 'Request_UnsupportedQuery', `Syntax error: ${detail}`));
}

export function parseSearch(value: string): SearchExpr {
  const ors: SearchExpr = [[]];
  let i = 0;
  const n = value.length;
  const skipWs = () => {
    while (i < n && /\s/.test(value[i])) i++;
  };
  skipWs();
  if (i >= n) throw searchSyntaxError('the $search value is empty.');
  for (;;) {
    skipWs();
    if (value[i] !== '"') {
      throw searchSyntaxError(
        `expected '"' at position ${i}; each search clause must be in double quotes, e.g. "displayName:term".`,
      );
    }
    i++;
    let text = '';
    let closed = false;
    while (i < n) {
      const ch = value[i];
      if (ch === '\\') {
        const next = value[i + 1];
        if (next === '"' || next === '\\') {
          text += next;
          i += 2;
          continue;
        }
        throw searchSyntaxError(`invalid escape sequence at position ${i}; only \\" and \\\\ are allowed.`);
      }
      if (ch === '"') {
        closed = true;
        i++;
        break;
      }
      text += ch;
      i++;
    }
    if (!closed) throw searchSyntaxError('unbalanced double quotes.');
    const colon = text.indexOf(':');
    if (colon <= 0) {
      throw searchSyntaxError('a search clause must start with a property name, e.g. "displayName:term".');
    }
    const property = text.slice(0, colon);
    if (!SEARCHABLE.has(property)) {
      throw searchSyntaxError(`'${property}' is not a searchable property of 'microsoft.graph.user'.`);
    }
    const term = text.slice(colon + 1).trim();
    if (term.length === 0) throw searchSyntaxError('a search clause has an empty search term.');
    ors[ors.length - 1].push({ property, term: term.toLowerCase(), tokens: tokenize(term) });

    skipWs();
    if (i >= n) break;
    if (value.startsWith('AND', i) && /[\s"]/.test(value[i + 3] ?? '')) {
      i += 3;
    } else if (value.startsWith('OR', i) && /[\s"]/.test(value[i + 2] ?? '')) {
      i += 2;
      ors.push([]);
    } else {
      throw searchSyntaxError(`expected AND or OR (upper case) at position ${i}.`);
    }
    skipWs();
    if (i >= n) throw searchSyntaxError('the $search value ends with an operator.');
  }
  return ors;
}

function clauseMatches(u: DemoUser, c: SearchClause): boolean {
  if (c.property === 'displayName') {
    if (c.tokens.length === 0) return false;
    const words = tokenize(u.displayName);
    return c.tokens.every((t) => words.some((w) => w.startsWith(t)));
  }
  const v = (u as unknown as Record<string, unknown>)[c.property];
  return typeof v === 'string' && v.toLowerCase().startsWith(c.term);
}

export function searchMatches(u: DemoUser, expr: SearchExpr): boolean {
  return expr.some((ands) => ands.every((c) => clauseMatches(u, c)));
}

// ---------------------------------------------------------------------------------------------------------------
// $filter: startsWith(displayName|userPrincipalName|mail,'x'), userType eq 'Guest', and / or / ( )

export type FilterExpr =
  | { op: 'startsWith'; property: string; value: string }
  | { op: 'eq'; property: string; value: string }
  | { op: 'and' | 'or'; left: FilterExpr; right: FilterExpr };

type FilterToken = { t: 'ident' | 'string' | '(' | ')' | ','; v: string; pos: number };

function filterError(message: string): HttpError {
  return new HttpError(graphErrorReply(400, 'Request_UnsupportedQuery', message));
}

function tokenizeFilter(s: string): FilterToken[] {
  const out: FilterToken[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch, pos: i });
      i++;
    } else if (ch === "'") {
      const start = i;
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length)
          throw filterError(`Invalid filter clause: unterminated string literal at position ${start}.`);
        if (s[i] === "'") {
          if (s[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i];
        i++;
      }
      out.push({ t: 'string', v, pos: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < s.length && /[A-Za-z0-9_./]/.test(s[i])) i++;
      out.push({ t: 'ident', v: s.slice(start, i), pos: start });
    } else {
      throw filterError(`Invalid filter clause: syntax error at position ${i} in '${s}'.`);
    }
  }
  return out;
}

export function parseFilter(s: string): FilterExpr {
  const toks = tokenizeFilter(s);
  let k = 0;
  const peek = () => toks[k];
  const expect = (t: FilterToken['t']): FilterToken => {
    const tok = toks[k];
    if (!tok || tok.t !== t) {
      throw filterError(`Invalid filter clause: syntax error at position ${tok ? tok.pos : s.length} in '${s}'.`);
    }
    k++;
    return tok;
  };
  const parseOr = (): FilterExpr => {
    let left = parseAnd();
    while (peek()?.t === 'ident' && peek().v === 'or') {
      k++;
      left = { op: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpr => {
    let left = parsePrimary();
    while (peek()?.t === 'ident' && peek().v === 'and') {
      k++;
      left = { op: 'and', left, right: parsePrimary() };
    }
    return left;
  };
  const parsePrimary = (): FilterExpr => {
    const tok = peek();
    if (!tok) throw filterError(`Invalid filter clause: unexpected end of '${s}'.`);
    if (tok.t === '(') {
      k++;
      const e = parseOr();
      expect(')');
      return e;
    }
    if (tok.t !== 'ident') {
      throw filterError(`Invalid filter clause: syntax error at position ${tok.pos} in '${s}'.`);
    }
    k++;
    if (tok.v.toLowerCase() === 'startswith' && peek()?.t === '(') {
      k++;
      const prop = expect('ident');
      expect(',');
      const lit = expect('string');
      expect(')');
      if (!STARTSWITH_FILTERABLE.has(prop.v)) {
        throw filterError(
          `Unsupported or invalid query filter clause specified for property '${prop.v}' of resource 'User'.`,
        );
      }
      return { op: 'startsWith', property: prop.v, value: lit.v.toLowerCase() };
    }
    const opTok = peek();
    if (opTok?.t === 'ident' && opTok.v === 'eq') {
      k++;
      const lit = peek();
      if (tok.v === 'userType' && lit?.t === 'string') {
        k++;
        return { op: 'eq', property: 'userType', value: lit.v.toLowerCase() };
      }
      throw filterError(
        `Unsupported or invalid query filter clause specified for property '${tok.v}' of resource 'User'.`,
      );
    }
    throw filterError(`Unsupported query: '${s}'.`);
  };
  const e = parseOr();
  if (k !== toks.length) {
    throw filterError(`Invalid filter clause: syntax error at position ${toks[k].pos} in '${s}'.`);
  }
  return e;
}

export function filterMatches(u: DemoUser, e: FilterExpr): boolean {
  switch (e.op) {
    case 'and':
      return filterMatches(u, e.left) && filterMatches(u, e.right);
    case 'or':
      return filterMatches(u, e.left) || filterMatches(u, e.right);
    case 'eq': {
      const v = (u as unknown as Record<string, unknown>)[e.property];
      return typeof v === 'string' && v.toLowerCase() === e.value;
    }
    case 'startsWith': {
      const v = (u as unknown as Record<string, unknown>)[e.property];
      return typeof v === 'string' && v.toLowerCase().startsWith(e.value);
    }
  }
}
