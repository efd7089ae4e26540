import { describe, expect, it } from 'vitest';
import { parseCreateTable, stripAutoIncrement } from '../../src/index.js';
import { splitTopLevel, withoutLiterals } from '../../src/schema/canonical-text.js';

// Canonical MariaDB text, including values that contain the separators the parser splits on.
const canonical = `CREATE TABLE \`odd, (name)\` (
  \`id\` int(11) NOT NULL AUTO_INCREMENT COMMENT 'a, b) c\\nd',
  \`tag\` varchar(10) DEFAULT 'x,y' COMMENT 'it''s',
  \`g\` int(11) GENERATED ALWAYS AS (\`id\` * 2) VIRTUAL,
  \`s\` int(11) GENERATED ALWAYS AS (\`id\` + 1) STORED,
  \`pid\` int(11) DEFAULT NULL,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`tag\` (\`tag\`(5),\`id\`),
  KEY \`fk\` (\`pid\`),
  FULLTEXT KEY \`ft\` (\`tag\`),
  CONSTRAINT \`fk\` FOREIGN KEY (\`pid\`) REFERENCES \`other\`.\`parent\` (\`id\`) ON DELETE CASCADE,
  CONSTRAINT \`ck\` CHECK (\`tag\` <> ',')
) ENGINE=InnoDB AUTO_INCREMENT=17 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='x) ENGINE=y'
 PARTITION BY HASH (\`id\`)
PARTITIONS 2`;

describe('lexer', () => {
  it('splits only at top-level separators', () => {
    expect(splitTopLevel("a, 'b,c', (d, e), `f,g`, /* h, */ i")).toEqual(['a', "'b,c'", '(d, e)', '`f,g`', '/* h, */ i']);
    expect(withoutLiterals("x 'NOT NULL' `y` \"z\"")).toBe(`x${' '.repeat(12)}\`y\`${' '.repeat(4)}`);
  });
});

describe('parseCreateTable', () => {
  it('parses canonical SHOW CREATE TABLE text', () => {
    const t = parseCreateTable(canonical);
    expect(t.name).toBe('odd, (name)');
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'tag', 'g', 's', 'pid']);
    expect(t.columns[0]!.definition).toBe("int(11) NOT NULL AUTO_INCREMENT COMMENT 'a, b) c\\nd'");
    expect(t.indexes.map((i) => [i.name, i.kind, i.parts])).toEqual([
      ['PRIMARY', 'primary', [{ column: 'id', prefixLength: null }]],
      ['tag', 'unique', [{ column: 'tag', prefixLength: 5 }, { column: 'id', prefixLength: null }]],
      ['fk', 'key', [{ column: 'pid', prefixLength: null }]],
      ['ft', 'fulltext', [{ column: 'tag', prefixLength: null }]],
    ]);
    expect(t.foreignKeys).toEqual([{
      name: 'fk', columns: ['pid'], referencedDatabase: 'other', referencedTable: 'parent', referencedColumns: ['id'],
      line: 'CONSTRAINT `fk` FOREIGN KEY (`pid`) REFERENCES `other`.`parent` (`id`) ON DELETE CASCADE',
    }]);
    expect(t.checks).toEqual([{ name: 'ck', line: "CONSTRAINT `ck` CHECK (`tag` <> ',')" }]);
    expect(t.options).toEqual([
      { name: 'ENGINE', value: 'InnoDB' }, { name: 'DEFAULT CHARSET', value: 'utf8mb4' },
      { name: 'COLLATE', value: 'utf8mb4_general_ci' }, { name: 'COMMENT', value: "'x) ENGINE=y'" },
    ]);
    expect(t.partitioning).toBe('PARTITION BY HASH (`id`)\nPARTITIONS 2');
  });

  it('strips only the AUTO_INCREMENT table option', () => {
    const stripped = stripAutoIncrement(canonical);
    expect(stripped).not.toContain('AUTO_INCREMENT=17');
    expect(stripped).toContain('NOT NULL AUTO_INCREMENT COMMENT');
    expect(stripped).toContain(') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4');
  });

  it('refuses text it does not understand', () => {
    expect(() => parseCreateTable('CREATE VIEW v AS select 1')).toThrow();
    expect(() => parseCreateTable('CREATE TABLE `t` (\n  PERIOD FOR p (`a`,`b`)\n) ENGINE=InnoDB')).toThrow(/cannot parse/);
  });
});
