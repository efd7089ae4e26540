// The one statement splitter: a multi-statement text is cut at top-level semicolons. A stored-program
// definition (CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT, MariaDB's BEGIN NOT ATOMIC) has semicolons
// inside its body, so it runs to the end of the text, as MySQL's parser reads it. A statement starts
// at its first code, which may be an executable comment's marker (`/*!50100 ... */`).
import { isWord, Lexer, skipQuoted, skipTrivia, type TriviaState } from './lexer.js';

export interface StatementRange {
  start: number;
  /** Exclusive; the separating semicolon is not included. */
  end: number;
}

export function splitStatements(text: string): StatementRange[] {
  const out: StatementRange[] = [];
  const trivia: TriviaState = { exec: 0 };
  let i = 0;
  for (;;) {
    const start = skipTrivia(text, i, trivia, false);
    if (start >= text.length) break;
    if (text.charCodeAt(start) === 0x3b) { i = start + 1; continue; }
    if (isStoredProgram(text, start)) {
      out.push({ start, end: trimEnd(text, start, text.length) });
      break;
    }
    let j = start;
    let end = text.length;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 0x27 || c === 0x22 || c === 0x60) { j = skipQuoted(text, j); continue; }
      if (c === 0x3b) { end = j; break; }
      if (c === 0x23 || c === 0x2d || c === 0x2f || c === 0x2a) {
        const after = skipTrivia(text, j, trivia);
        if (after !== j) { j = after; continue; }
      }
      j++;
    }
    out.push({ start, end: trimEnd(text, start, end) });
    i = end + 1;
    if (end >= text.length) break;
  }
  return out;
}

/** The statements of `text` as strings (for callers that do not splice the original text). */
export const statementTexts = (text: string): string[] => splitStatements(text).map((r) => text.slice(r.start, r.end));

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s;]/.test(text[e - 1]!)) e--;
  return e;
}

const programKinds = ['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT'];

function isStoredProgram(text: string, start: number): boolean {
  const lx = new Lexer(text, start);
  const first = lx.next();
  if (!first || first.kind !== 'word') return false;
  if (first.value === 'BEGIN') return lx.acceptWord('NOT') !== null && lx.acceptWord('ATOMIC') !== null;
  if (first.value !== 'CREATE') return false;
  for (let n = 0; n < 12; n++) {
    const t = lx.next();
    if (!t || (t.kind === 'punct' && t.text === '(')) return false;
    if (isWord(t, ...programKinds)) return true;
    if (isWord(t, 'TABLE', 'VIEW', 'INDEX')) return false;
  }
  return false;
}
