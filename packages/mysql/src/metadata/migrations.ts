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
  {
    version: 2,
    name: 'deploy requests, reviews, throttler settings',
    statements: [
      `CREATE TABLE \`deploy_requests\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`database_id\` CHAR(12) NOT NULL,
        \`number\` INT UNSIGNED NOT NULL,
        \`branch\` VARCHAR(64) NOT NULL,
        \`branch_id\` CHAR(12) NOT NULL,
        \`into_branch\` VARCHAR(64) NOT NULL,
        \`state\` VARCHAR(16) NOT NULL,
        \`deployment_state\` VARCHAR(32) NOT NULL,
        \`deployment_id\` CHAR(12) NOT NULL,
        \`approved\` TINYINT(1) NOT NULL DEFAULT 0,
        \`notes\` TEXT NOT NULL,
        \`actor_id\` VARCHAR(128) NULL,
        \`closed_by\` VARCHAR(128) NULL,
        \`closed_at\` DATETIME(3) NULL,
        \`deployed_at\` DATETIME(3) NULL,
        \`queued_at\` DATETIME(3) NULL,
        \`branch_deleted\` TINYINT(1) NOT NULL DEFAULT 0,
        \`branch_deleted_at\` DATETIME(3) NULL,
        \`branch_deleted_by\` VARCHAR(128) NULL,
        \`finalized\` TINYINT(1) NOT NULL DEFAULT 0,
        \`deployment\` LONGTEXT NOT NULL,
        \`plan\` LONGTEXT NULL,
        \`actors\` LONGTEXT NOT NULL,
        \`version\` INT UNSIGNED NOT NULL DEFAULT 1,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_deploy_requests_number\` (\`database_id\`, \`number\`),
        KEY \`ix_deploy_requests_work\` (\`finalized\`, \`deployment_state\`),
        CONSTRAINT \`fk_deploy_requests_database\` FOREIGN KEY (\`database_id\`) REFERENCES \`databases\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`deploy_request_reviews\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`deploy_request_id\` CHAR(12) NOT NULL,
        \`state\` VARCHAR(16) NOT NULL,
        \`body\` TEXT NOT NULL,
        \`actor_id\` VARCHAR(128) NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        KEY \`ix_reviews_request\` (\`deploy_request_id\`, \`created_at\`),
        CONSTRAINT \`fk_reviews_request\` FOREIGN KEY (\`deploy_request_id\`) REFERENCES \`deploy_requests\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      'ALTER TABLE `databases` ADD COLUMN `throttler` LONGTEXT NULL',
    ],
  },
  {
    version: 3,
    name: 'branch passwords',
    statements: [
      `CREATE TABLE \`passwords\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`branch_id\` CHAR(12) NOT NULL,
        \`name\` VARCHAR(255) NOT NULL,
        \`role\` VARCHAR(16) NOT NULL,
        \`username\` VARCHAR(32) NOT NULL,
        \`native_stage2\` CHAR(40) NOT NULL,
        \`sha2_stage2\` CHAR(64) NOT NULL,
        \`ttl_seconds\` INT UNSIGNED NULL,
        \`expires_at\` DATETIME(3) NULL,
        \`last_used_at\` DATETIME(3) NULL,
        \`cidrs\` TEXT NULL,
        \`replica\` TINYINT(1) NOT NULL DEFAULT 0,
        \`actor_id\` VARCHAR(128) NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_passwords_username\` (\`username\`),
        KEY \`ix_passwords_branch\` (\`branch_id\`, \`created_at\`),
        CONSTRAINT \`fk_passwords_branch\` FOREIGN KEY (\`branch_id\`) REFERENCES \`branches\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
  {
    version: 4,
    name: 'webhooks and their delivery outbox, service tokens and their accesses',
    statements: [
      `CREATE TABLE \`webhooks\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`database_id\` CHAR(12) NOT NULL,
        \`url\` VARCHAR(2048) NOT NULL,
        \`secret\` VARCHAR(128) NOT NULL,
        \`enabled\` TINYINT(1) NOT NULL,
        \`events\` TEXT NOT NULL,
        \`last_sent_result\` TEXT NULL,
        \`last_sent_success\` TINYINT(1) NOT NULL DEFAULT 0,
        \`last_sent_at\` DATETIME(3) NULL,
        \`last_test_at\` DATETIME(3) NULL,
        \`consecutive_failures\` INT UNSIGNED NOT NULL DEFAULT 0,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        KEY \`ix_webhooks_database\` (\`database_id\`, \`created_at\`),
        CONSTRAINT \`fk_webhooks_database\` FOREIGN KEY (\`database_id\`) REFERENCES \`databases\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      // The outbox: one row per (webhook, event), written in the same transaction as the change that
      // caused it. The id gives the order a webhook's deliveries are made in.
      `CREATE TABLE \`webhook_deliveries\` (
        \`id\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        \`webhook_id\` CHAR(12) NOT NULL,
        \`event\` VARCHAR(64) NOT NULL,
        \`body\` LONGTEXT NOT NULL,
        \`state\` VARCHAR(16) NOT NULL,
        \`attempts\` INT UNSIGNED NOT NULL DEFAULT 0,
        \`next_attempt_at\` DATETIME(3) NOT NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`finished_at\` DATETIME(3) NULL,
        KEY \`ix_webhook_deliveries_queue\` (\`state\`, \`webhook_id\`, \`id\`),
        KEY \`ix_webhook_deliveries_webhook\` (\`webhook_id\`, \`id\`),
        CONSTRAINT \`fk_webhook_deliveries_webhook\` FOREIGN KEY (\`webhook_id\`) REFERENCES \`webhooks\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`webhook_delivery_attempts\` (
        \`id\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        \`delivery_id\` BIGINT UNSIGNED NOT NULL,
        \`attempt\` INT UNSIGNED NOT NULL,
        \`started_at\` DATETIME(3) NOT NULL,
        \`duration_ms\` INT UNSIGNED NULL,
        \`http_status\` INT NULL,
        \`success\` TINYINT(1) NOT NULL DEFAULT 0,
        \`error\` TEXT NULL,
        UNIQUE KEY \`uk_webhook_attempts\` (\`delivery_id\`, \`attempt\`),
        CONSTRAINT \`fk_webhook_attempts_delivery\` FOREIGN KEY (\`delivery_id\`) REFERENCES \`webhook_deliveries\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      // Only a digest of the token is kept; the plain token is shown once, when it is created.
      `CREATE TABLE \`service_tokens\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`organization_id\` CHAR(12) NOT NULL,
        \`name\` VARCHAR(255) NULL,
        \`token_sha256\` CHAR(64) NOT NULL,
        \`actor_id\` VARCHAR(128) NULL,
        \`expires_at\` DATETIME(3) NULL,
        \`last_used_at\` DATETIME(3) NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        KEY \`ix_service_tokens_organization\` (\`organization_id\`, \`created_at\`),
        CONSTRAINT \`fk_service_tokens_organization\` FOREIGN KEY (\`organization_id\`) REFERENCES \`organizations\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      // \`scope\` is the database's id, or '' for an organization-level access (a NULL would not be
      // unique); \`database_id\` is the same id with a foreign key, so a deleted database takes its accesses.
      `CREATE TABLE \`service_token_accesses\` (
        \`id\` CHAR(12) NOT NULL PRIMARY KEY,
        \`service_token_id\` CHAR(12) NOT NULL,
        \`database_id\` CHAR(12) NULL,
        \`scope\` CHAR(12) NOT NULL,
        \`access\` VARCHAR(64) NOT NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        UNIQUE KEY \`uk_service_token_accesses\` (\`service_token_id\`, \`scope\`, \`access\`),
        CONSTRAINT \`fk_service_token_accesses_token\` FOREIGN KEY (\`service_token_id\`) REFERENCES \`service_tokens\` (\`id\`) ON DELETE CASCADE,
        CONSTRAINT \`fk_service_token_accesses_database\` FOREIGN KEY (\`database_id\`) REFERENCES \`databases\` (\`id\`) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
];
