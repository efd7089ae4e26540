import { describe, expect, it } from 'vitest';
import { ddlCorpus } from '@localscale/mysql/testing';
import { parseDdl } from '../../src/embedded/ddl/parse.js';

describe('the embedded engine reads the shared DDL corpus', () => {
  it('as the branch classifier does: the same object, the same name', () => {
    for (const s of ddlCorpus()) {
      const [stmt] = parseDdl(s.sql, 'app');
      expect({ sql: s.sql, kind: stmt!.kind, table: stmt!.kind === 'direct' ? null : stmt!.table }).toEqual({ sql: s.sql, kind: s.engineKind, table: s.name });
    }
  });
});
