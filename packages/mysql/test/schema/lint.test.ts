import { describe, expect, it } from 'vitest';
import { lintSchema, snapshotStatements, type SchemaLintError } from '../../src/index.js';
import { testPool } from './support.js';

const pool = testPool();

const codes = (errors: SchemaLintError[]) => errors.map((e) => [e.table_name, e.lint_error]);

describe('lintSchema', () => {
  it('accepts a clean schema', async () => {
    const snapshot = await snapshotStatements(pool, [
      'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(100))',
      'CREATE TABLE tokens (token char(32) NOT NULL, user_id bigint, UNIQUE KEY token (token))',
    ]);
    expect(lintSchema(snapshot, 'app')).toEqual([]);
  });

  it('reports PlanetScale lint errors with the SchemaLintError shape', async () => {
    const snapshot = await snapshotStatements(pool, [
      'CREATE TABLE no_key (a int, b int)',
      'CREATE TABLE nullable_unique (a int, UNIQUE KEY a (a))',
      'CREATE TABLE prefix_pk (email varchar(255) NOT NULL, PRIMARY KEY (email(32)))',
      'CREATE TABLE blob_pk (body text NOT NULL, PRIMARY KEY (body(100)))',
      'CREATE TABLE myisam (id int PRIMARY KEY) ENGINE=MyISAM',
      'CREATE TABLE utf16_table (id int PRIMARY KEY, s varchar(10) CHARACTER SET utf16) DEFAULT CHARSET=utf16',
      'CREATE TABLE listed (id int PRIMARY KEY) PARTITION BY LIST (id) (PARTITION p0 VALUES IN (1, 2))',
    ]);
    const errors = lintSchema(snapshot, 'app');
    expect(codes(errors)).toEqual([
      ['blob_pk', 'BLOB_IN_UNIQUE_KEY'],
      ['blob_pk', 'NO_UNIQUE_KEY'],
      ['listed', 'UNSUPPORTED_PARTITIONING_FEATURE'],
      ['myisam', 'UNSUPPORTED_FEATURE'],
      ['no_key', 'NO_UNIQUE_KEY'],
      ['nullable_unique', 'NO_UNIQUE_KEY'],
      ['prefix_pk', 'PARTIAL_KEY_IN_UNIQUE_KEY'],
      ['prefix_pk', 'NO_UNIQUE_KEY'],
      ['utf16_table', 'INVALID_CHARSET'],
    ]);
    expect(errors.find((e) => e.table_name === 'no_key')).toEqual({
      lint_error: 'NO_UNIQUE_KEY', subject_type: 'table', keyspace_name: 'app', table_name: 'no_key',
      error_description: 'table "no_key" has no non-null unique key: all tables must have at least one unique, not-null key without using text / blob columns or partial indexes.',
      docs_url: 'https://planetscale.com/docs/vitess/schema-changes/schema-lint-errors/no-unique-key',
      column_name: '', foreign_key_column_names: [], auto_increment_column_names: [], charset_name: '', engine_name: '', vindex_name: '',
      json_path: '', check_constraint_name: '', enum_value: '', partitioning_type: '', partition_name: '',
    });
    expect(errors.find((e) => e.lint_error === 'UNSUPPORTED_FEATURE')).toMatchObject({ engine_name: 'MyISAM' });
    expect(errors.find((e) => e.lint_error === 'INVALID_CHARSET')).toMatchObject({ charset_name: 'utf16' });
    expect(errors.find((e) => e.lint_error === 'PARTIAL_KEY_IN_UNIQUE_KEY')).toMatchObject({ column_name: 'email' });
    expect(errors.find((e) => e.lint_error === 'UNSUPPORTED_PARTITIONING_FEATURE')).toMatchObject({ partitioning_type: 'LIST' });
  });

  it('reports foreign keys when the database disallows them, and dangling ones otherwise', async () => {
    const snapshot = await snapshotStatements(pool, [
      'CREATE TABLE users (id int PRIMARY KEY)',
      'CREATE TABLE posts (id int PRIMARY KEY, author_id int, editor_id int, CONSTRAINT p_a FOREIGN KEY (author_id) REFERENCES users (id), CONSTRAINT p_e FOREIGN KEY (editor_id) REFERENCES editors (id))',
    ]);
    expect(lintSchema(snapshot, 'blog', { foreignKeysEnabled: false }).map((e) => [e.lint_error, e.foreign_key_column_names])).toEqual([
      ['FOREIGN_KEYS_DISALLOWED', ['author_id']],
      ['FOREIGN_KEYS_DISALLOWED', ['editor_id']],
    ]);
    expect(lintSchema(snapshot, 'blog').map((e) => [e.lint_error, e.error_description])).toEqual([
      ['FOREIGN_KEYS_NONEXISTENT_TABLE', 'table `posts` foreign key references nonexistent table `editors`'],
    ]);
  });
});
