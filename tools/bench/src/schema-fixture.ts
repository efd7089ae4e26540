// Deterministic synthetic schemas for the schema benchmarks: tables of varied width with secondary
// indexes, unique keys and foreign keys to earlier tables, plus a set of changes to diff against.
const indexable = ['int NOT NULL DEFAULT 0', 'bigint unsigned', 'varchar(64) NOT NULL', "varchar(255) DEFAULT ''",
  'decimal(12,2) DEFAULT 0.00', 'datetime DEFAULT CURRENT_TIMESTAMP', "enum('a','b','c') DEFAULT 'a'", 'tinyint(1) NOT NULL DEFAULT 0'];
const types = [...indexable, 'text', 'json'];

export const tableName = (i: number) => `t${String(i).padStart(4, '0')}`;

/** CREATE TABLE statements for `count` tables; every fifth table references an earlier one. */
export function generateSchema(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const width = 5 + (i % 8);
    const cols = ['id bigint unsigned NOT NULL AUTO_INCREMENT'];
    for (let c = 0; c < width; c++) {
      const pool = c < 3 ? indexable : types;
      cols.push(`c${c} ${pool[(i + c) % pool.length]}`);
    }
    const extra = ['PRIMARY KEY (id)', `KEY k_c0 (c0)`];
    if (i % 3 === 0) extra.push('KEY k_multi (c0, c2)');
    if (i % 5 === 0 && i > 0) {
      cols.push('parent_id bigint unsigned');
      extra.push(`CONSTRAINT fk_${tableName(i)} FOREIGN KEY (parent_id) REFERENCES ${tableName(i - 5)} (id) ON DELETE SET NULL`);
    }
    out.push(`CREATE TABLE ${tableName(i)} (${[...cols, ...extra].join(', ')}) ENGINE=InnoDB COMMENT='table ${i}'`);
  }
  return out;
}

/** `count` changes spread over the schema: added/modified columns, indexes, new and dropped tables. */
export function generateChanges(tables: number, count: number): string[] {
  const out: string[] = [];
  const step = Math.max(1, Math.floor(tables / count));
  for (let n = 0; n < count; n++) {
    const t = tableName((n * step + 1) % tables);
    switch (n % 5) {
      case 0: out.push(`ALTER TABLE ${t} ADD COLUMN added_${n} varchar(32) DEFAULT NULL AFTER c1`); break;
      case 1: out.push(`ALTER TABLE ${t} ADD KEY k_added_${n} (c1, c0)`); break;
      case 2: out.push(`ALTER TABLE ${t} MODIFY c0 bigint NOT NULL DEFAULT 1, COMMENT='changed ${n}'`); break;
      case 3: out.push(`CREATE TABLE new_${n} (id bigint unsigned NOT NULL PRIMARY KEY, ref bigint unsigned, CONSTRAINT fk_new_${n} FOREIGN KEY (ref) REFERENCES ${t} (id))`); break;
      default: out.push(`ALTER TABLE ${t} DROP COLUMN c3, ADD CONSTRAINT chk_${n} CHECK (c0 IS NOT NULL)`); break;
    }
  }
  return out;
}
