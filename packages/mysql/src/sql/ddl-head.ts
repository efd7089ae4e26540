// The one reader of a DDL statement's head: the verb's modifiers, the object keyword, IF [NOT] EXISTS,
// and the names the statement changes with their spans. The edge's analysis (what access a statement
// needs, whether it is online DDL), the embedded engine's DDL parser and the branch's DDL classifier
// all read heads here, then apply their own rules to what they got: this reader accepts more than any
// of them and reports what it saw rather than judging it.
import { identifierOf, isPunct, isWord, type Token } from './lexer.js';

/** A source of tokens: the streaming Lexer, or a cursor over a token array. */
export interface TokenStream {
  peek(): Token | null;
  next(): Token | null;
}

export type DdlVerb = 'CREATE' | 'ALTER' | 'DROP' | 'RENAME' | 'TRUNCATE';

export const ddlVerbs: readonly DdlVerb[] = ['CREATE', 'ALTER', 'DROP', 'RENAME', 'TRUNCATE'];

/** `name` or `qualifier.name`, with the spans a rewrite needs. */
export interface NameRef {
  qualifier: string | null;
  name: string;
  /** Start of the whole reference (the qualifier's start when there is one). */
  start: number;
  /** Start of the name part. */
  nameStart: number;
  end: number;
}

export interface TextSpan { start: number; end: number }

export interface DdlHead {
  verb: DdlVerb;
  /** TABLE (TABLES too), VIEW, INDEX (KEY too), DATABASE (SCHEMA too), USER, TRIGGER...; null when none came. */
  object: string | null;
  orReplace: boolean;
  temporary: boolean;
  /** Other words between the verb and the object: ONLINE, OFFLINE, IGNORE, UNIQUE, FULLTEXT, SPATIAL, AGGREGATE... */
  modifiers: string[];
  /** ALGORITHM = x, DEFINER = user and SQL SECURITY x, where they were written. */
  viewAttributes: TextSpan | null;
  ifExists: boolean;
  ifNotExists: boolean;
  /** CREATE/DROP INDEX: the index name. */
  index: NameRef | null;
  /** CREATE INDEX: the text between INDEX and ON (the name and any USING clause). */
  indexDefinition: TextSpan | null;
  /** The tables or views the statement changes: for INDEX statements the table after ON; RENAME lists each pair in order. */
  names: NameRef[];
  /** Offset just past the head: the body starts at the next token. */
  end: number;
}

/** Object keywords after which no plain name follows. */
const unnamedObjects = new Set(['USER', 'ROLE', 'VITESS_MIGRATION', 'VSCHEMA', 'INSTANCE', 'LOGFILE']);

const objectWords = new Set([
  'TABLE', 'TABLES', 'VIEW', 'INDEX', 'KEY', 'DATABASE', 'SCHEMA', 'USER', 'ROLE', 'TRIGGER', 'PROCEDURE', 'FUNCTION',
  'EVENT', 'SEQUENCE', 'TABLESPACE', 'SERVER', 'LOGFILE', 'VITESS_MIGRATION', 'VSCHEMA', 'INSTANCE',
]);

/** Spellings that name the same object. */
const aliases: Record<string, string> = { KEY: 'INDEX', SCHEMA: 'DATABASE', TABLES: 'TABLE' };

/** Reads the head after `verb` (already consumed) and leaves the stream at the body's first token. */
export function readDdlHead(src: TokenStream, verb: DdlVerb, verbEnd: number): DdlHead {
  const head: DdlHead = {
    verb, object: null, orReplace: false, temporary: false, modifiers: [], viewAttributes: null,
    ifExists: false, ifNotExists: false, index: null, indexDefinition: null, names: [], end: verbEnd,
  };
  const consume = (): Token => {
    const t = src.next()!;
    head.end = t.end;
    return t;
  };
  if (verb === 'RENAME' || verb === 'TRUNCATE') {
    const t = src.peek();
    if (isWord(t, 'TABLE', 'TABLES', 'USER')) head.object = consume().value === 'USER' ? 'USER' : 'TABLE';
    else if (verb === 'TRUNCATE') head.object = 'TABLE';
    if (head.object === 'TABLE') readNames(src, head, consume, verb === 'RENAME' ? 'pairs' : 'one');
    return head;
  }
  for (let t = src.peek(); t && head.object === null; t = src.peek()) {
    if (t.kind === 'word' && objectWords.has(t.value)) {
      consume();
      head.object = aliases[t.value] ?? t.value;
      break;
    }
    if (readViewAttribute(src, consume)) {
      head.viewAttributes = { start: head.viewAttributes?.start ?? t.start, end: head.end };
      continue;
    }
    consume();
    if (isWord(t, 'OR') && isWord(src.peek(), 'REPLACE')) { consume(); head.orReplace = true; continue; }
    if (isWord(t, 'TEMPORARY')) { head.temporary = true; continue; }
    head.modifiers.push(t.kind === 'word' ? t.value : t.text);
  }
  const object = head.object;
  if (object === null || unnamedObjects.has(object)) return head;
  readIfExists(src, head, consume);
  if (object === 'INDEX') {
    const index = readName(src, consume);
    if (!index) return head;
    head.index = index;
    const definitionStart = index.start;
    while (src.peek() && !isWord(src.peek(), 'ON')) consume();
    if (verb === 'CREATE') head.indexDefinition = { start: definitionStart, end: head.end };
    if (!isWord(src.peek(), 'ON')) return head;
    consume();
    readNames(src, head, consume, 'one');
    return head;
  }
  readNames(src, head, consume, verb === 'DROP' && (object === 'TABLE' || object === 'VIEW') ? 'list' : 'one');
  return head;
}

/** ALGORITHM = x, DEFINER = user, SQL SECURITY x; false (nothing consumed) when none starts here. */
function readViewAttribute(src: TokenStream, consume: () => Token): boolean {
  const t = src.peek();
  if (!isWord(t, 'ALGORITHM', 'DEFINER', 'SQL')) return false;
  // Only the keyword itself can be peeked; the attribute is recognised by what follows it.
  consume();
  const next = src.peek();
  if (t!.value === 'SQL') {
    if (!isWord(next, 'SECURITY')) return true;
    consume();
    if (src.peek()?.kind === 'word') consume();
    return true;
  }
  if (!isPunct(next, '=')) return true;
  consume();
  if (t!.value === 'ALGORITHM') {
    if (src.peek()?.kind === 'word') consume();
    return true;
  }
  // DEFINER = 'user'@'host' | user@host | CURRENT_USER[()]
  const user = src.peek();
  if (!user) return true;
  consume();
  if (src.peek()?.kind === 'variable') consume();
  if (isWord(user, 'CURRENT_USER') && isPunct(src.peek(), '(')) {
    consume();
    if (isPunct(src.peek(), ')')) consume();
  }
  return true;
}

function readIfExists(src: TokenStream, head: DdlHead, consume: () => Token): void {
  if (!isWord(src.peek(), 'IF')) return;
  consume();
  if (isWord(src.peek(), 'NOT')) { consume(); head.ifNotExists = true; }
  if (isWord(src.peek(), 'EXISTS')) { consume(); if (!head.ifNotExists) head.ifExists = true; }
}

function readNames(src: TokenStream, head: DdlHead, consume: () => Token, shape: 'one' | 'list' | 'pairs'): void {
  for (;;) {
    const name = readName(src, consume);
    if (!name) return;
    head.names.push(name);
    if (shape === 'pairs') {
      if (!isWord(src.peek(), 'TO')) return;
      consume();
      const to = readName(src, consume);
      if (!to) return;
      head.names.push(to);
    }
    if (shape === 'one' || !isPunct(src.peek(), ',')) return;
    consume();
  }
}

/** `name` or `a.b`: the last part is the name, the one before it the qualifier (three parts keep the last two). */
function readName(src: TokenStream, consume: () => Token): NameRef | null {
  const first = src.peek();
  if (identifierOf(first) === null) return null;
  consume();
  let ref: NameRef = { qualifier: null, name: identifierOf(first)!, start: first!.start, nameStart: first!.start, end: first!.end };
  while (isPunct(src.peek(), '.')) {
    consume();
    const part = src.peek();
    if (identifierOf(part) === null) break;
    consume();
    ref = { qualifier: ref.name, name: identifierOf(part)!, start: ref.start, nameStart: part!.start, end: part!.end };
  }
  return ref;
}
