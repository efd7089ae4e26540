// Just enough SQL scanning to take the server's canonical DDL apart: string literals, quoted identifiers,
// comments and parentheses are skipped as units, so a comma or parenthesis inside a COMMENT '...' or a
// DEFAULT value never splits a definition.

/** Index just past the quoted token starting at `start` (', " or `; doubled quotes and backslashes escape). */
export function endOfQuoted(text: string, start: number): number {
  const quote = text[start]!;
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && quote !== '`') { i += 2; continue; }
    if (ch === quote) {
      if (text[i + 1] === quote) { i += 2; continue; }
      return i + 1;
    }
    i++;
  }
  throw new Error(`unterminated ${quote} in SQL text`);
}

function endOfComment(text: string, start: number): number {
  const end = text.indexOf('*/', start + 2);
  if (end < 0) throw new Error('unterminated comment in SQL text');
  return end + 2;
}

/** Where an atomic token (quoted text or comment) starting at `i` ends, or -1 when none starts there. */
function atomEnd(text: string, i: number): number {
  const ch = text[i];
  if (ch === "'" || ch === '"' || ch === '`') return endOfQuoted(text, i);
  if (ch === '/' && text[i + 1] === '*') return endOfComment(text, i);
  return -1;
}

/** Index of the `)` matching the `(` at `open`. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length;) {
    const end = atomEnd(text, i);
    if (end >= 0) { i = end; continue; }
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
    i++;
  }
  throw new Error('unbalanced parentheses in SQL text');
}

/** Splits on `separator` where it is outside quotes, comments and parentheses; parts are trimmed. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length;) {
    const end = atomEnd(text, i);
    if (end >= 0) { i = end; continue; }
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(from, i).trim());
      from = i + 1;
    }
    i++;
  }
  const last = text.slice(from).trim();
  if (last || parts.length) parts.push(last);
  return parts;
}

/** The text with every string literal and comment blanked out, so keyword searches only see SQL. */
export function withoutLiterals(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"' || (ch === '/' && text[i + 1] === '*')) {
      const end = atomEnd(text, i);
      out += ' '.repeat(end - i);
      i = end;
    } else if (ch === '`') {
      const end = endOfQuoted(text, i);
      out += text.slice(i, end);
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

export interface QuotedIdentifier { readonly name: string; readonly start: number; readonly end: number }

/** Reads the backquoted identifier at `start` (after optional whitespace). */
export function readIdentifier(text: string, start: number): QuotedIdentifier {
  let i = start;
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\t') i++;
  if (text[i] !== '`') throw new Error(`expected a quoted identifier at ${i}: ${text.slice(i, i + 30)}`);
  const end = endOfQuoted(text, i);
  return { name: text.slice(i + 1, end - 1).replace(/``/g, '`'), start: i, end };
}

/** Every backquoted identifier outside string literals and comments, in order. */
export function quotedIdentifiers(text: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < text.length;) {
    const ch = text[i];
    if (ch === '`') {
      const end = endOfQuoted(text, i);
      names.push(text.slice(i + 1, end - 1).replace(/``/g, '`'));
      i = end;
      continue;
    }
    const end = atomEnd(text, i);
    i = end >= 0 ? end : i + 1;
  }
  return names;
}

/** Reads a list of backquoted identifiers in parentheses, e.g. "(`a`,`b`)" at `open`. */
export function readIdentifierList(text: string, open: number): { names: string[]; end: number } {
  const close = matchingParen(text, open);
  const names = splitTopLevel(text.slice(open + 1, close)).map((part) => readIdentifier(part, 0).name);
  return { names, end: close + 1 };
}
