// A corpus of DDL statements for the agreement tests: every reader of SQL (the branch's DDL
// classifier here, the embedded engine's parser in @localscale/vitess, the edge's statement analysis)
// runs over the same statements and must read the same object and name from each. The statements are
// generated from templates crossed with name spellings, keyword casing and the trivia MySQL allows
// between tokens, so a reader that mishandles a comment, a quote or an executable comment shows up.
import type { DdlKind } from '../schema/ddl.js';

export interface CorpusName {
  /** As written in the statement. */
  readonly sql: string;
  /** The identifier it names. */
  readonly name: string;
}

export interface CorpusStatement {
  readonly sql: string;
  /** The table or view the statement changes (for INDEX statements, the table). */
  readonly name: string;
  /** What the branch's classifier calls it. */
  readonly branchKind: DdlKind;
  /** What the embedded engine's parser calls it. */
  readonly engineKind: 'create_table' | 'create_view' | 'alter_table' | 'alter_view' | 'drop_table' | 'drop_view';
}

export const corpusNames: readonly CorpusName[] = [
  { sql: 't', name: 't' },
  { sql: 'orders_2024$', name: 'orders_2024$' },
  { sql: '`my table`', name: 'my table' },
  { sql: '`a``b`', name: 'a`b' },
  { sql: '`semi;colon`', name: 'semi;colon' },
  { sql: '`x.y`', name: 'x.y' },
  { sql: "`it's`", name: "it's" },
  { sql: '`--not a comment`', name: '--not a comment' },
  { sql: '`/*x*/`', name: '/*x*/' },
  { sql: '`café`', name: 'café' },
  { sql: '`select`', name: 'select' },
];

interface Template {
  readonly words: readonly string[];
  readonly branchKind: DdlKind;
  readonly engineKind: CorpusStatement['engineKind'];
}

// `{}` is where the name goes; every other element is one token, so trivia can go between any two.
const templates: readonly Template[] = [
  { words: ['CREATE', 'TABLE', '{}', '(id int primary key, note varchar(20) default \';\')'], branchKind: 'create_table', engineKind: 'create_table' },
  { words: ['CREATE', 'TABLE', 'IF', 'NOT', 'EXISTS', '{}', '(id int)'], branchKind: 'create_table', engineKind: 'create_table' },
  { words: ['ALTER', 'TABLE', '{}', 'ADD', 'COLUMN', 'c', 'int', "COMMENT 'x, y'"], branchKind: 'alter_table', engineKind: 'alter_table' },
  { words: ['DROP', 'TABLE', '{}'], branchKind: 'drop_table', engineKind: 'drop_table' },
  { words: ['DROP', 'TABLE', 'IF', 'EXISTS', '{}'], branchKind: 'drop_table', engineKind: 'drop_table' },
  { words: ['CREATE', 'VIEW', '{}', 'AS', 'SELECT', '1'], branchKind: 'create_view', engineKind: 'create_view' },
  { words: ['CREATE', 'OR', 'REPLACE', 'ALGORITHM', '=', 'MERGE', 'VIEW', '{}', 'AS', 'SELECT', '1'], branchKind: 'alter_view', engineKind: 'create_view' },
  { words: ['ALTER', 'DEFINER', '=', "'u'@'%'", 'SQL', 'SECURITY', 'INVOKER', 'VIEW', '{}', 'AS', 'SELECT', '2'], branchKind: 'alter_view', engineKind: 'alter_view' },
  { words: ['DROP', 'VIEW', 'IF', 'EXISTS', '{}'], branchKind: 'drop_view', engineKind: 'drop_view' },
  { words: ['CREATE', 'UNIQUE', 'INDEX', 'u1', 'ON', '{}', '(a, b)'], branchKind: 'alter_table', engineKind: 'alter_table' },
  { words: ['DROP', 'INDEX', 'u1', 'ON', '{}'], branchKind: 'alter_table', engineKind: 'alter_table' },
];

/** What may separate two tokens: MySQL reads every one of these as a single space. */
const separators = [' ', '\n\t ', ' /* a comment; with a semicolon */ ', ' -- to the end of the line;\n', ' # hash comment\n'];

const casings: ReadonlyArray<(w: string) => string> = [(w) => w, (w) => w.toLowerCase(), (w) => w[0] + w.slice(1).toLowerCase()];

const isKeyword = (w: string) => /^[A-Z]+$/.test(w);

/**
 * The corpus: each template with each name, under a rotating choice of separator and keyword casing,
 * and once more inside an executable comment (`/*!50000 ... *\/`), whose content MySQL runs.
 */
export function ddlCorpus(): CorpusStatement[] {
  const out: CorpusStatement[] = [];
  let n = 0;
  for (const template of templates) {
    for (const name of corpusNames) {
      for (let variant = 0; variant < separators.length; variant++) {
        const parts = template.words.map((w, i) => {
          if (w === '{}') return name.sql;
          const casing = casings[(n + i) % casings.length]!;
          return isKeyword(w) ? casing(w) : w;
        });
        const sep = separators[(variant + n) % separators.length]!;
        const body = parts.join(sep);
        const sql = variant === separators.length - 1 ? `/*!50000 ${body} */` : body;
        out.push({ sql, name: name.name, branchKind: template.branchKind, engineKind: template.engineKind });
        n++;
      }
    }
  }
  return out;
}
