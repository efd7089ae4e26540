// Helpers for taking the server's canonical DDL (SHOW CREATE TABLE / VIEW) apart, built on the one
// lexer: string literals, quoted identifiers and comments are whole tokens, so a comma or parenthesis
// inside a COMMENT '...' or a DEFAULT value never splits a definition.
import { readDdlHead, type DdlHead } from '../sql/ddl-head.js';
import { isPunct, Lexer, quotedEnd, SqlSyntaxError, tokenize, type Token } from '../sql/lexer.js';

/** Index just past the quoted token starting at `start` (', " or `; doubled quotes and backslashes escape). */
export function endOfQuoted(text: string, start: number): number {
  const end = quotedEnd(text, start);
  if (end === -1) throw new SqlSyntaxError(`unterminated ${text[start]} in SQL text`);
  return end;
}

/** Index of the `)` matching the `(` at `open`. */
export function matchingParen(text: string, open: number): number {
  if (open < 0 || text[open] !== '(') throw new SqlSyntaxError('unbalanced parentheses in SQL text');
  const lx = new Lexer(text, open);
  let depth = 0;
  for (let t = lx.next(); t; t = lx.next()) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')') && --depth === 0) return t.start;
  }
  throw new SqlSyntaxError('unbalanced parentheses in SQL text');
}

/** Splits on `separator` where it is outside quotes, comments and parentheses; parts are trimmed. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (const t of tokenize(text)) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && isPunct(t, separator)) {
      parts.push(text.slice(from, t.start).trim());
      from = t.end;
    }
  }
  const last = text.slice(from).trim();
  if (last || parts.length) parts.push(last);
  return parts;
}

/** The text with every string literal and comment blanked out (same length), so keyword searches only see SQL. */
export function withoutLiterals(text: string): string {
  let out = '';
  let at = 0;
  const blank = (s: string) => s.replace(/\S/g, ' ');
  for (const t of tokenize(text)) {
    out += blank(text.slice(at, t.start)) + (t.kind === 'string' ? ' '.repeat(t.end - t.start) : t.text);
    at = t.end;
  }
  return out + blank(text.slice(at));
}

export interface QuotedIdentifier { readonly name: string; readonly start: number; readonly end: number }

/** Reads the backquoted identifier at `start` (after optional whitespace). */
export function readIdentifier(text: string, start: number): QuotedIdentifier {
  const t = new Lexer(text, start).next();
  if (!t || t.kind !== 'quoted') throw new SqlSyntaxError(`expected a quoted identifier at ${start}: ${text.slice(start, start + 30)}`);
  return { name: t.value, start: t.start, end: t.end };
}

/** Every backquoted identifier outside string literals and comments, in order. */
export const quotedIdentifiers = (text: string): string[] => tokenize(text).filter((t) => t.kind === 'quoted').map((t) => t.value);

/** The head of a canonical CREATE TABLE / CREATE VIEW, or null when the text is not one. */
export function createHead(text: string, object: 'TABLE' | 'VIEW'): DdlHead | null {
  const lx = new Lexer(text);
  const verb: Token | null = lx.next();
  if (!verb || verb.kind !== 'word' || verb.value !== 'CREATE') return null;
  const head = readDdlHead(lx, 'CREATE', verb.end);
  return head.object === object && head.names.length === 1 ? head : null;
}
