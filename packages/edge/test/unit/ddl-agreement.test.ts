import { describe, expect, it } from 'vitest';
import { ddlCorpus } from '@localscale/mysql/testing';
import { analyze } from '../../src/sql/statement.js';

describe('the edge reads the shared DDL corpus', () => {
  it('as the branch classifier does: online DDL naming the same table', () => {
    for (const s of ddlCorpus()) {
      // The edge holds client text as latin1 bytes.
      const text = Buffer.from(s.sql, 'utf8').toString('latin1');
      expect({ sql: s.sql, statement: analyze(text) }).toEqual({
        sql: s.sql, statement: { kind: 'sql', access: 'ddl', plan: 'DDL', table: s.name, onlineDdl: true },
      });
    }
  });
});
