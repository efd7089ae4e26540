// The differ's round trip over the corpus: for every pair and both directions, applying diff(x, y) to a
// database holding x leaves exactly y (by the server's canonical SHOW CREATE of every object), and
// diffing the result against y, or y against itself, finds nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { applyStatements, diffSchemas, loadStatements, snapshotSchema, type SchemaSnapshot } from '../../src/index.js';
import { corpus } from './corpus.js';
import { comparable, databases, testPool } from './support.js';

const pool = testPool();
const dbs = databases(pool);

async function load(suffix: string, ddl: readonly string[]): Promise<{ db: string; snapshot: SchemaSnapshot }> {
  const db = await dbs.fresh(suffix);
  await loadStatements(pool, db, ddl);
  return { db, snapshot: await snapshotSchema(pool, db) };
}

async function roundTrip(from: { db: string; snapshot: SchemaSnapshot }, to: SchemaSnapshot) {
  const changes = diffSchemas(from.snapshot, to);
  await applyStatements(pool, from.db, changes);
  const result = await snapshotSchema(pool, from.db);
  return { changes, result };
}

describe('differ corpus', () => {
  beforeAll(() => expect(corpus.length).toBeGreaterThanOrEqual(60));

  it.each(corpus.map((pair) => [pair.name, pair] as const))('%s', async (_name, pair) => {
    const a = await load('a', pair.a);
    const b = await load('b', pair.b);

    expect(diffSchemas(a.snapshot, a.snapshot)).toEqual([]);
    expect(diffSchemas(b.snapshot, b.snapshot)).toEqual([]);

    const forward = await roundTrip(a, b.snapshot);
    const backward = await roundTrip(b, a.snapshot);
    if (pair.sameSchema) {
      expect(forward.changes).toEqual([]);
      expect(backward.changes).toEqual([]);
    } else {
      expect(forward.changes.length).toBeGreaterThan(0);
      expect(backward.changes.length).toBeGreaterThan(0);
    }
    expect(comparable(forward.result)).toEqual(comparable(b.snapshot));
    expect(diffSchemas(forward.result, b.snapshot)).toEqual([]);
    expect(comparable(backward.result)).toEqual(comparable(a.snapshot));
    expect(diffSchemas(backward.result, a.snapshot)).toEqual([]);
  });
});
