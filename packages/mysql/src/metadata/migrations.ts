// The metadata schema's history. Append new versions; never edit a released one, because existing
// data directories have already applied it.
export interface Migration { readonly version: number; readonly name: string; readonly statements: readonly string[] }

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'organizations, databases, branches, keyspaces',
    statements: [
      `CREATE TABLE \`organizations\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`name\` VARCHAR(64) NOT NULL,
        \`billing_email\` VARCHAR(255) NULL,
        \`plan\` VARCHAR(32) NOT NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_organizations_name\` (\`name\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`databases\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`organization_id\` CHAR(12) NOT NULL,
        \`name\` VARCHAR(64) NOT NULL,
        \`region\` VARCHAR(64) NOT NULL,
        \`cluster_size\` VARCHAR(32) NOT NULL,
        \`state\` VARCHAR(32) NOT NULL,
        \`default_branch\` VARCHAR(64) NOT NULL,
        \`require_approval_for_deploy\` TINYINT(1) NOT NULL DEFAULT 0,
        \`allow_data_branching\` TINYINT(1) NOT NULL DEFAULT 0,
        \`notes\` TEXT NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_databases_name\` (\`organization_id\`, \`name\`),
        CONSTRAINT \`fk_databases_organization\` FOREIGN KEY (\`organization_id\`) REFERENCES \`organizations\` (\`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`branches\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`database_id\` CHAR(12) NOT NULL,
        \`name\` VARCHAR(64) NOT NULL,
        \`parent_branch\` VARCHAR(64) NULL,
        \`production\` TINYINT(1) NOT NULL DEFAULT 0,
        \`safe_migrations\` TINYINT(1) NOT NULL DEFAULT 0,
        \`ready\` TINYINT(1) NOT NULL DEFAULT 0,
        \`region\` VARCHAR(64) NOT NULL,
        \`error_message\` TEXT NULL,
        \`actor_id\` VARCHAR(128) NULL,
        \`schema_last_updated_at\` DATETIME(3) NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_branches_name\` (\`database_id\`, \`name\`),
        CONSTRAINT \`fk_branches_database\` FOREIGN KEY (\`database_id\`) REFERENCES \`databases\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`keyspaces\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`branch_id\` CHAR(12) NOT NULL,
        \`name\` VARCHAR(64) NOT NULL,
        \`shards\` INT UNSIGNED NOT NULL,
        \`sharded\` TINYINT(1) NOT NULL,
        \`vschema\` LONGTEXT NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_keyspaces_name\` (\`branch_id\`, \`name\`),
        CONSTRAINT \`fk_keyspaces_branch\` FOREIGN KEY (\`branch_id\`) REFERENCES \`branches\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
];
