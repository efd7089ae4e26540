import { describe, expect, it } from 'vitest';
import {
  Cursor, Lexer, latin1Text, readDdlHead, splitStatements, SqlSyntaxError, statementTexts, tokenize, type DdlVerb,
} from '../../src/index.js';
import { ddlCorpus } from '../../src/testing/ddl-corpus.js';
import { classifyDdl } from '../../src/schema/ddl.js';

const kinds = (sql: string) => tokenize(sql).map((t) => `${t.kind}:${t.kind === 'word' ? t.value : t.text}`);

describe('the lexer', () => {
  it('reads words, quoted names, strings, numbers, variables and operators', () => {
    expect(kinds("select `a``b`, 'it''s', 1.5e3, @@session.x, @v, a<=>b")).toEqual([
      'word:SELECT', 'quoted:`a``b`', 'punct:,', "string:'it''s'", 'punct:,', 'number:1.5e3', 'punct:,',
      'variable:@@session.x', 'punct:,', 'variable:@v', 'punct:,', 'word:A', 'punct:<=>', 'word:B',
    ]);
    expect(tokenize('`a``b`')[0]!.value).toBe('a`b');
    expect(tokenize("'a\\nb\\%'")[0]!.value).toBe('a\nb\\%');
  });

  it('skips the three comment styles and reads executable comments as code', () => {
    expect(kinds('a /* x */ b -- y\n c # z\n d')).toEqual(['word:A', 'word:B', 'word:C', 'word:D']);
    expect(kinds('/*!50000 ALTER TABLE t */ /*M!100000 x */')).toEqual(['word:ALTER', 'word:TABLE', 'word:T', 'word:X']);
    // `--` starts a comment only when whitespace follows it.
    expect(kinds('1--2')).toEqual(['number:1', 'punct:-', 'punct:-', 'number:2']);
  });

  it('reports what never closes', () => {
    for (const [sql, what] of [["'abc", 'string'], ['`abc', 'identifier'], ['a /* b', 'comment']] as const) {
      expect(() => tokenize(sql)).toThrow(SqlSyntaxError);
      expect(() => tokenize(sql)).toThrow(`unterminated ${what}`);
    }
  });

  it('decodes values from latin1 bytes only when asked to', () => {
    const bytes = Buffer.from("`café` 'naïve'", 'utf8').toString('latin1');
    const lx = new Lexer(bytes, 0, bytes.length, latin1Text);
    expect([lx.next()!.ident, lx.next()!.value]).toEqual(['café', 'naïve']);
    expect(tokenize('`café`')[0]!.ident).toBe('café');
  });
});

describe('the statement splitter', () => {
  it('cuts at top-level semicolons, keeps stored programs whole, and starts at the first code', () => {
    expect(statementTexts("SELECT ';'; -- c;\n/*!40101 SET x=1 */; CREATE PROCEDURE p() BEGIN SELECT 1; END")).toEqual([
      "SELECT ';'", '/*!40101 SET x=1 */', 'CREATE PROCEDURE p() BEGIN SELECT 1; END',
    ]);
    expect(splitStatements(' ; ;')).toEqual([]);
  });
});

const head = (sql: string) => {
  const c = Cursor.of(sql);
  const verb = c.next()!;
  return readDdlHead(c, verb.value as DdlVerb, verb.end);
};

describe('the DDL head reader', () => {
  it('reads the object, its flags and the names with their spans', () => {
    const h = head('create or replace algorithm = merge definer = `u`@`h` sql security invoker view app.`v 1` as select 1');
    expect(h).toMatchObject({ object: 'VIEW', orReplace: true, modifiers: [], names: [{ qualifier: 'app', name: 'v 1' }] });
    expect(h.viewAttributes).not.toBeNull();
    const d = head('DROP TABLE IF EXISTS a, `b`');
    expect(d).toMatchObject({ object: 'TABLE', ifExists: true, names: [{ name: 'a' }, { name: 'b' }] });
    const i = head('create unique index `i` using btree on t (a)');
    expect(i).toMatchObject({ object: 'INDEX', modifiers: ['UNIQUE'], index: { name: 'i' }, names: [{ name: 't' }] });
    expect(head('rename table a to b, c to d').names.map((n) => n.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(head('create temporary table t (id int)')).toMatchObject({ object: 'TABLE', temporary: true });
    const q = head('alter table app.t add x int');
    expect(q.names[0]).toMatchObject({ start: 12, nameStart: 16, end: 17 });
  });
});

describe('the corpus', () => {
  it('is read the same way by the head reader, the classifier and the splitter', () => {
    const corpus = ddlCorpus();
    expect(corpus.length).toBeGreaterThan(500);
    for (const s of corpus) {
      const ddl = classifyDdl(s.sql);
      expect({ sql: s.sql, kind: ddl.kind, name: ddl.names[0] }).toEqual({ sql: s.sql, kind: s.branchKind, name: s.name });
      expect(statementTexts(`${s.sql};\n${s.sql}`)).toEqual([s.sql, s.sql]);
    }
  });
});
