// Schema pairs for the differ: each is run in both directions (diff(a, b) applied to a yields b, and
// diff(b, a) applied to b yields a). `sameSchema` marks pairs whose two sides are the same schema
// written differently, where both diffs must be empty.
export interface SchemaPair {
  readonly name: string;
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly sameSchema?: boolean;
}

const users = (cols: string, extra = '') => `CREATE TABLE users (${cols})${extra}`;

export const corpus: readonly SchemaPair[] = [
  // ---- columns: add, drop, order
  { name: 'add a column at the end', a: [users('id int PRIMARY KEY, name varchar(50)')], b: [users('id int PRIMARY KEY, name varchar(50), email varchar(100) NOT NULL')] },
  { name: 'add a column in the middle', a: [users('id int PRIMARY KEY, name varchar(50), age int')], b: [users('id int PRIMARY KEY, name varchar(50), nick varchar(20), age int')] },
  { name: 'add a column first', a: [users('id int, name varchar(50)')], b: [users('seq bigint NOT NULL, id int, name varchar(50)')] },
  { name: 'drop columns', a: [users('id int PRIMARY KEY, a int, b int, c int, d int')], b: [users('id int PRIMARY KEY, b int, d int')] },
  { name: 'move the last column first', a: [users('a int, b int, c int, d int')], b: [users('d int, a int, b int, c int')] },
  { name: 'reverse the column order', a: [users('a int, b int, c int, d int, e int')], b: [users('e int, d int, c int, b int, a int')] },
  { name: 'reorder, add, drop and modify together', a: [users('a int, b int, c varchar(10), d int, e int')], b: [users('c varchar(20), x int, a int, e bigint, b int')] },
  { name: 'rename a column (drop and add)', a: [users('id int PRIMARY KEY, fullname varchar(100)')], b: [users('id int PRIMARY KEY, display_name varchar(100)')] },

  // ---- column types
  { name: 'integer widths and unsigned', a: [users('a tinyint, b smallint, c mediumint, d int, e bigint')], b: [users('a tinyint unsigned, b smallint NOT NULL DEFAULT 7, c mediumint unsigned zerofill, d bigint, e int')] },
  { name: 'decimal precision and default', a: [users('price decimal(10,2) DEFAULT 1.50, qty decimal(5,0)')], b: [users('price decimal(12,4) NOT NULL DEFAULT 0.0000, qty decimal(6,1) DEFAULT NULL')] },
  { name: 'float and double', a: [users('f float, d double')], b: [users('f double, d float(7,3) DEFAULT 1.5, r real')] },
  { name: 'char, varchar, text', a: [users("code char(3), title varchar(100) DEFAULT 'untitled', body text")], b: [users("code char(5) NOT NULL DEFAULT 'X', title text, body varchar(2000), note tinytext")] },
  { name: 'text sizes', a: [users('a tinytext, b text, c mediumtext, d longtext')], b: [users('a text, b mediumtext, c longtext, d tinytext')] },
  { name: 'blobs and binary', a: [users('a blob, b binary(16), c varbinary(32)')], b: [users('a longblob, b binary(20) NOT NULL, c varbinary(64), d tinyblob, e mediumblob')] },
  { name: 'enum and set values', a: [users("status enum('new','done') NOT NULL DEFAULT 'new', tags set('a','b')")], b: [users("status enum('new','active','done') NOT NULL DEFAULT 'active', tags set('a','b','c') DEFAULT 'a,c'")] },
  { name: 'date and time types', a: [users('d date, t time, dt datetime, y year')], b: [users("d date NOT NULL DEFAULT '2000-01-01', t time(3), dt datetime(6), y year NOT NULL DEFAULT 2024")] },
  { name: 'timestamp defaults and ON UPDATE', a: [users('id int PRIMARY KEY, created_at timestamp NULL')], b: [users('id int PRIMARY KEY, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP')] },
  { name: 'datetime with fractional defaults', a: [users('id int PRIMARY KEY, at datetime')], b: [users('id int PRIMARY KEY, at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)')] },
  { name: 'json columns', a: [users('id int PRIMARY KEY')], b: [users('id int PRIMARY KEY, doc json, meta json NOT NULL')] },
  { name: 'bit and boolean', a: [users('flags bit(4), ok boolean')], b: [users("flags bit(8) DEFAULT b'1', ok tinyint(1) NOT NULL DEFAULT 1")] },
  { name: 'spatial column types', a: [users('id int PRIMARY KEY, g geometry')], b: [users('id int PRIMARY KEY, g point NOT NULL, area polygon, path linestring')] },

  // ---- nullability, defaults, comments, charset
  { name: 'nullability', a: [users('a int, b varchar(10) NOT NULL')], b: [users('a int NOT NULL, b varchar(10)')] },
  { name: 'defaults added, changed, removed', a: [users("a int DEFAULT 1, b varchar(10) DEFAULT 'x', c int")], b: [users("a int DEFAULT 2, b varchar(10), c int NOT NULL DEFAULT 0")] },
  { name: 'expression defaults', a: [users('id int PRIMARY KEY, n int')], b: [users('id int PRIMARY KEY, n int DEFAULT (1 + 1), label varchar(20) DEFAULT (concat(\'a\', \'b\'))')] },
  { name: 'column comments', a: [users("id int PRIMARY KEY COMMENT 'key', n int")], b: [users("id int PRIMARY KEY COMMENT 'the key, (really)', n int COMMENT 'count'")] },
  { name: 'comments with quotes, newlines and parentheses', a: [users("id int PRIMARY KEY COMMENT 'one', n int")], b: [users("id int PRIMARY KEY COMMENT 'two\\nlines, it''s \\\\ (odd)', n int COMMENT '\\\"quoted\\\" ) ( ,'", " COMMENT='a) ENGINE=MyISAM ('")] },
  { name: 'column charset and collation', a: [users('a varchar(20), b varchar(20) CHARACTER SET latin1, c text')], b: [users('a varchar(20) COLLATE utf8mb4_bin, b varchar(20), c text CHARACTER SET latin1 COLLATE latin1_bin')] },
  { name: 'auto_increment column', a: [users('id int NOT NULL, name varchar(10)')], b: [users('id int NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(10)')] },

  // ---- generated columns
  { name: 'add a virtual generated column', a: [users('price int, qty int')], b: [users('price int, qty int, total int AS (price * qty) VIRTUAL')] },
  { name: 'change a stored generated expression', a: [users("first varchar(20), last varchar(20), full varchar(41) AS (concat(first, ' ', last)) STORED")], b: [users("first varchar(20), last varchar(20), full varchar(41) AS (concat(last, ', ', first)) STORED")] },
  { name: 'virtual becomes stored', a: [users('a int, b int AS (a + 1) VIRTUAL, c int')], b: [users('a int, b int AS (a + 1) STORED, c int')] },
  { name: 'plain column becomes generated', a: [users('a int, b int')], b: [users('a int, b int AS (a * 2) VIRTUAL')] },
  { name: 'index on a generated column', a: [users('id int PRIMARY KEY, doc varchar(100)')], b: [users("id int PRIMARY KEY, doc varchar(100), kind varchar(20) AS (substring_index(doc, ':', 1)) STORED, KEY kind (kind)")] },
  { name: 'generated column using a new column', a: [users('a int')], b: [users('a int, c int, g int AS (a + c) VIRTUAL')] },

  // ---- indexes
  { name: 'add a plain index', a: [users('id int PRIMARY KEY, email varchar(100)')], b: [users('id int PRIMARY KEY, email varchar(100), KEY email_idx (email)')] },
  { name: 'drop an index', a: [users('id int PRIMARY KEY, a int, b int, KEY ia (a), KEY ib (b)')], b: [users('id int PRIMARY KEY, a int, b int, KEY ib (b)')] },
  { name: 'multi-column index order', a: [users('id int PRIMARY KEY, a int, b int, c int, KEY abc (a, b, c)')], b: [users('id int PRIMARY KEY, a int, b int, c int, KEY abc (c, b, a)')] },
  { name: 'prefix index length', a: [users('id int PRIMARY KEY, name varchar(200), KEY n (name(10))')], b: [users('id int PRIMARY KEY, name varchar(200), KEY n (name(20)), KEY n2 (name(5), id)')] },
  { name: 'unique keys', a: [users('id int PRIMARY KEY, email varchar(100), handle varchar(30), UNIQUE KEY e (email)')], b: [users('id int PRIMARY KEY, email varchar(100), handle varchar(30), UNIQUE KEY h (handle), UNIQUE KEY eh (email, handle)')] },
  { name: 'unique key becomes plain', a: [users('id int PRIMARY KEY, a int, UNIQUE KEY ka (a)')], b: [users('id int PRIMARY KEY, a int, KEY ka (a)')] },
  { name: 'primary key becomes composite', a: [users('id int NOT NULL, tenant int NOT NULL, PRIMARY KEY (id)')], b: [users('id int NOT NULL, tenant int NOT NULL, PRIMARY KEY (tenant, id)')] },
  { name: 'add a primary key', a: [users('id int NOT NULL, v int')], b: [users('id int NOT NULL, v int, PRIMARY KEY (id)')] },
  { name: 'fulltext indexes', a: [users('id int PRIMARY KEY, title varchar(200), body text')], b: [users('id int PRIMARY KEY, title varchar(200), body text, FULLTEXT KEY ft_title (title), FULLTEXT KEY ft_all (title, body)')] },
  { name: 'spatial index', a: [users('id int PRIMARY KEY, g point NOT NULL')], b: [users('id int PRIMARY KEY, g point NOT NULL, SPATIAL KEY sg (g)')] },
  { name: 'index comment and descending part', a: [users('id int PRIMARY KEY, a int, KEY ka (a)')], b: [users("id int PRIMARY KEY, a int, KEY ka (a DESC) COMMENT 'newest first'")] },
  { name: 'drop a column that is indexed', a: [users('id int PRIMARY KEY, a int, b int, KEY ab (a, b), KEY bb (b)')], b: [users('id int PRIMARY KEY, a int, KEY ab (a)')] },
  {
    name: 'indexes created in another order are the same schema', sameSchema: true,
    a: [users('id int PRIMARY KEY, a int, b int, KEY ka (a), KEY kb (b)')],
    b: [users('id int PRIMARY KEY, a int, b int, KEY kb (b), KEY ka (a)')],
  },

  // ---- foreign keys
  {
    name: 'add a foreign key', a: ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int)'],
    b: ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p (id))'],
  },
  {
    name: 'foreign key actions change', a: ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE)'],
    b: ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p (id) ON DELETE SET NULL ON UPDATE CASCADE)'],
  },
  {
    name: 'foreign key renamed', a: ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, KEY kp (pid), CONSTRAINT fk_old FOREIGN KEY (pid) REFERENCES p (id))'],
    b: ['CREATE TABLE p (id int PRIMARY KEY)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, KEY kp (pid), CONSTRAINT fk_new FOREIGN KEY (pid) REFERENCES p (id) ON DELETE RESTRICT)'],
  },
  {
    name: 'self-referencing foreign key', a: ['CREATE TABLE node (id int PRIMARY KEY, parent_id int)'],
    b: ['CREATE TABLE node (id int PRIMARY KEY, parent_id int, CONSTRAINT node_parent FOREIGN KEY (parent_id) REFERENCES node (id) ON DELETE CASCADE)'],
  },
  {
    name: 'new parent and child tables', a: ['CREATE TABLE other (id int PRIMARY KEY)'],
    b: [
      'CREATE TABLE other (id int PRIMARY KEY)',
      'CREATE TABLE zparent (id int PRIMARY KEY)',
      'CREATE TABLE achild (id int PRIMARY KEY, pid int, CONSTRAINT achild_p FOREIGN KEY (pid) REFERENCES zparent (id))',
      'CREATE TABLE grandchild (id int PRIMARY KEY, cid int, CONSTRAINT gc_c FOREIGN KEY (cid) REFERENCES achild (id))',
    ],
  },
  {
    name: 'foreign key to a column that gets a new unique key',
    a: ['CREATE TABLE zp (id int PRIMARY KEY, code varchar(10))', 'CREATE TABLE ac (id int PRIMARY KEY, code varchar(10))'],
    b: ['CREATE TABLE zp (id int PRIMARY KEY, code varchar(10), UNIQUE KEY code (code))', 'CREATE TABLE ac (id int PRIMARY KEY, code varchar(10), CONSTRAINT ac_code FOREIGN KEY (code) REFERENCES zp (code))'],
  },
  {
    name: 'new table referenced by an existing table',
    a: ['CREATE TABLE orders (id int PRIMARY KEY, customer_id int)'],
    b: ['CREATE TABLE orders (id int PRIMARY KEY, customer_id int, CONSTRAINT o_c FOREIGN KEY (customer_id) REFERENCES customers (id))', 'CREATE TABLE customers (id int PRIMARY KEY)'],
  },
  {
    name: 'foreign keys in a cycle',
    a: ['CREATE TABLE keep (id int PRIMARY KEY)'],
    b: [
      'CREATE TABLE keep (id int PRIMARY KEY)',
      'CREATE TABLE cy_a (id int PRIMARY KEY, b_id int, CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES cy_b (id))',
      'CREATE TABLE cy_b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES cy_a (id))',
    ],
  },
  {
    name: 'foreign keys added in a cycle between existing tables',
    a: ['CREATE TABLE cx (id int PRIMARY KEY, y_id int)', 'CREATE TABLE cy (id int PRIMARY KEY, x_id int)'],
    b: [
      'CREATE TABLE cx (id int PRIMARY KEY, y_id int, note varchar(10), CONSTRAINT x_y FOREIGN KEY (y_id) REFERENCES cy (id))',
      'CREATE TABLE cy (id int PRIMARY KEY, x_id int, CONSTRAINT y_x FOREIGN KEY (x_id) REFERENCES cx (id) ON DELETE SET NULL)',
    ],
  },
  {
    name: 'multi-column foreign key moves to another parent',
    a: [
      'CREATE TABLE p1 (a int, b int, PRIMARY KEY (a, b))', 'CREATE TABLE p2 (a int, b int, PRIMARY KEY (a, b))',
      'CREATE TABLE c (id int PRIMARY KEY, a int, b int, CONSTRAINT c_p FOREIGN KEY (a, b) REFERENCES p1 (a, b))',
    ],
    b: [
      'CREATE TABLE p2 (a int, b int, PRIMARY KEY (a, b))',
      'CREATE TABLE c (id int PRIMARY KEY, a int, b int, CONSTRAINT c_p FOREIGN KEY (a, b) REFERENCES p2 (a, b) ON UPDATE CASCADE)',
    ],
  },
  {
    name: 'parent column type changes with its only child',
    a: ['CREATE TABLE p (id int PRIMARY KEY, v int)', 'CREATE TABLE c (id int PRIMARY KEY, pid int, CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p (id))'],
    b: ['CREATE TABLE p (id bigint PRIMARY KEY, v int)', 'CREATE TABLE c (id int PRIMARY KEY, pid bigint, v2 int)'],
  },

  // ---- checks
  { name: 'add a check', a: [users('id int PRIMARY KEY, age int')], b: [users('id int PRIMARY KEY, age int, CONSTRAINT age_ok CHECK (age >= 0)')] },
  { name: 'change a check', a: [users('id int PRIMARY KEY, age int, CONSTRAINT age_ok CHECK (age >= 0)')], b: [users('id int PRIMARY KEY, age int, CONSTRAINT age_ok CHECK (age between 0 and 150)')] },
  { name: 'column-level check and unnamed table check', a: [users('id int PRIMARY KEY, qty int')], b: [users('id int PRIMARY KEY, qty int CHECK (qty > 0), CHECK (id < 1000000)')] },
  { name: 'drop a check and its column', a: [users('id int PRIMARY KEY, lo int, hi int, CONSTRAINT range_ok CHECK (lo <= hi)')], b: [users('id int PRIMARY KEY, lo int')] },

  // ---- table options
  { name: 'engine change', a: [users('id int PRIMARY KEY, t text', ' ENGINE=InnoDB')], b: [users('id int PRIMARY KEY, t text', ' ENGINE=MyISAM')] },
  { name: 'default charset change converts implicit columns', a: [users("id int PRIMARY KEY, name varchar(20), kind enum('a','b'), body text", ' DEFAULT CHARSET=utf8mb4')], b: [users("id int PRIMARY KEY, name varchar(20), kind enum('a','b'), body text", ' DEFAULT CHARSET=latin1')] },
  { name: 'collation change', a: [users('id int PRIMARY KEY, name varchar(20)', ' DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci')], b: [users('id int PRIMARY KEY, name varchar(20)', ' DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci')] },
  { name: 'table comment', a: [users('id int PRIMARY KEY', " COMMENT='people'")], b: [users('id int PRIMARY KEY', " COMMENT='people who can log in; it''s (quoted)'")] },
  { name: 'table comment removed', a: [users('id int PRIMARY KEY', " COMMENT='gone soon'")], b: [users('id int PRIMARY KEY')] },
  { name: 'row format and stats options', a: [users('id int PRIMARY KEY', ' ROW_FORMAT=COMPACT')], b: [users('id int PRIMARY KEY', ' ROW_FORMAT=DYNAMIC STATS_PERSISTENT=0')] },
  { name: 'auto_increment counter is ignored', sameSchema: true, a: [users('id int AUTO_INCREMENT PRIMARY KEY', ' AUTO_INCREMENT=100')], b: [users('id int AUTO_INCREMENT PRIMARY KEY', ' AUTO_INCREMENT=5')] },
  { name: 'partitioning added', a: [users('id int PRIMARY KEY')], b: [users('id int PRIMARY KEY', ' PARTITION BY HASH (id) PARTITIONS 4')] },

  // ---- tables
  { name: 'create and drop tables', a: ['CREATE TABLE old1 (id int PRIMARY KEY)', 'CREATE TABLE shared (id int PRIMARY KEY)'], b: ['CREATE TABLE shared (id int PRIMARY KEY)', 'CREATE TABLE new1 (id int PRIMARY KEY, v varchar(5))'] },
  { name: 'rename a table (drop and create)', a: ['CREATE TABLE person (id int PRIMARY KEY, name varchar(10))'], b: ['CREATE TABLE people (id int PRIMARY KEY, name varchar(10))'] },
  { name: 'empty schema to tables', a: [], b: ['CREATE TABLE t1 (id int PRIMARY KEY)', 'CREATE TABLE t2 (id int PRIMARY KEY, t1 int, CONSTRAINT t2_t1 FOREIGN KEY (t1) REFERENCES t1 (id))'] },
  { name: 'tables with quoted names', a: ['CREATE TABLE `order` (`select` int PRIMARY KEY, `from` int)'], b: ['CREATE TABLE `order` (`select` int PRIMARY KEY, `from` int, `back``tick` int, `with space` int)'] },

  // ---- views
  { name: 'add a view', a: [users('id int PRIMARY KEY, name varchar(10)')], b: [users('id int PRIMARY KEY, name varchar(10)'), 'CREATE VIEW names AS SELECT name FROM users'] },
  { name: 'change a view', a: [users('id int PRIMARY KEY, name varchar(10)'), 'CREATE VIEW v AS SELECT id FROM users'], b: [users('id int PRIMARY KEY, name varchar(10)'), 'CREATE VIEW v AS SELECT id, name FROM users WHERE id > 10'] },
  { name: 'view options', a: [users('id int PRIMARY KEY'), 'CREATE VIEW v AS SELECT id FROM users'], b: [users('id int PRIMARY KEY'), 'CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v AS SELECT id FROM users WHERE id > 0 WITH CASCADED CHECK OPTION'] },
  {
    name: 'views over views', a: [users('id int PRIMARY KEY, name varchar(10)')],
    b: [users('id int PRIMARY KEY, name varchar(10)'), 'CREATE VIEW a_top AS SELECT id FROM m_mid WHERE id < 5', 'CREATE VIEW m_mid AS SELECT id, name FROM z_base', 'CREATE VIEW z_base AS SELECT id, name FROM users'],
  },
  {
    name: 'base view of a view changes', a: [users('id int PRIMARY KEY, name varchar(10), age int'), 'CREATE VIEW z_base AS SELECT id FROM users', 'CREATE VIEW a_top AS SELECT id FROM z_base'],
    b: [users('id int PRIMARY KEY, name varchar(10), age int'), 'CREATE VIEW z_base AS SELECT id, age FROM users', 'CREATE VIEW a_top AS SELECT id, age FROM z_base WHERE age > 18'],
  },
  { name: 'view follows a dropped column', a: [users('id int PRIMARY KEY, legacy int'), 'CREATE VIEW v AS SELECT id, legacy FROM users'], b: [users('id int PRIMARY KEY'), 'CREATE VIEW v AS SELECT id FROM users'] },
  { name: 'table replaced by a view of the same name', a: ['CREATE TABLE base (id int PRIMARY KEY)', 'CREATE TABLE report (id int PRIMARY KEY)'], b: ['CREATE TABLE base (id int PRIMARY KEY)', 'CREATE VIEW report AS SELECT id FROM base'] },
  {
    name: 'many changes at once',
    a: [
      'CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(100), plan varchar(10))',
      'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint, amount decimal(10,2), CONSTRAINT inv_acc FOREIGN KEY (account_id) REFERENCES accounts (id))',
      'CREATE TABLE legacy (id int PRIMARY KEY)',
      'CREATE VIEW big_invoices AS SELECT id, amount FROM invoices WHERE amount > 100',
    ],
    b: [
      "CREATE TABLE accounts (id bigint PRIMARY KEY, email varchar(200) NOT NULL, plan enum('free','pro') NOT NULL DEFAULT 'free', created_at datetime DEFAULT CURRENT_TIMESTAMP, UNIQUE KEY email (email)) COMMENT='customers'",
      'CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL, amount decimal(12,2) NOT NULL, currency char(3) NOT NULL DEFAULT \'USD\', KEY acc_amount (account_id, amount), CONSTRAINT inv_acc FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE, CONSTRAINT amount_pos CHECK (amount >= 0))',
      'CREATE TABLE payments (id bigint PRIMARY KEY, invoice_id bigint, CONSTRAINT pay_inv FOREIGN KEY (invoice_id) REFERENCES invoices (id))',
      "CREATE VIEW big_invoices AS SELECT id, amount, currency FROM invoices WHERE amount > 100",
      'CREATE VIEW account_totals AS SELECT account_id, sum(amount) AS total FROM invoices GROUP BY account_id',
    ],
  },
];
