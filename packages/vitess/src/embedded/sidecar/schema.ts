// The engine's own tables, in the sidecar database it owns. `schema_migrations` mirrors Vitess v22's
// `_vt.schema_migrations` column for column and in order (text columns get '' defaults so inserts
// stay short); one table holds every shard's rows, so the uuid is unique per shard. The other tables
// are LocalScale's: copy positions (for resuming after a restart), user throttle rules (Vitess keeps
// these in topo) and writes the sync triggers could not apply.
import { qualified, quoteIdentifier, type Queryable } from '@localscale/mysql';

const schemaMigrations = `(
  \`id\`                              bigint unsigned  NOT NULL AUTO_INCREMENT,
  \`migration_uuid\`                  varchar(64)      NOT NULL,
  \`keyspace\`                        varchar(256)     NOT NULL,
  \`shard\`                           varchar(255)     NOT NULL,
  \`mysql_schema\`                    varchar(128)     NOT NULL,
  \`mysql_table\`                     varchar(128)     NOT NULL,
  \`migration_statement\`             text             NOT NULL,
  \`strategy\`                        varchar(128)     NOT NULL,
  \`options\`                         varchar(8192)    NOT NULL,
  \`added_timestamp\`                 timestamp        NOT NULL DEFAULT CURRENT_TIMESTAMP,
  \`requested_timestamp\`             timestamp        NOT NULL DEFAULT CURRENT_TIMESTAMP,
  \`ready_timestamp\`                 timestamp        NULL     DEFAULT NULL,
  \`started_timestamp\`               timestamp        NULL     DEFAULT NULL,
  \`liveness_timestamp\`              timestamp        NULL     DEFAULT NULL,
  \`completed_timestamp\`             timestamp(6)     NULL     DEFAULT NULL,
  \`cleanup_timestamp\`               timestamp        NULL     DEFAULT NULL,
  \`migration_status\`                varchar(128)     NOT NULL,
  \`log_path\`                        varchar(1024)    NOT NULL DEFAULT '',
  \`artifacts\`                       text             NOT NULL DEFAULT '',
  \`retries\`                         int unsigned     NOT NULL DEFAULT '0',
  \`tablet\`                          varchar(128)     NOT NULL DEFAULT '',
  \`tablet_failure\`                  tinyint unsigned NOT NULL DEFAULT '0',
  \`progress\`                        float            NOT NULL DEFAULT '0',
  \`migration_context\`               varchar(1024)    NOT NULL DEFAULT '',
  \`ddl_action\`                      varchar(16)      NOT NULL DEFAULT '',
  \`message\`                         text             NOT NULL DEFAULT '',
  \`message_timestamp\`               timestamp(6)     NULL     DEFAULT NULL,
  \`eta_seconds\`                     bigint           NOT NULL DEFAULT '-1',
  \`rows_copied\`                     bigint unsigned  NOT NULL DEFAULT '0',
  \`vreplication_lag_seconds\`        bigint unsigned  NOT NULL DEFAULT '0',
  \`table_rows\`                      bigint           NOT NULL DEFAULT '0',
  \`added_unique_keys\`               int unsigned     NOT NULL DEFAULT '0',
  \`removed_unique_keys\`             int unsigned     NOT NULL DEFAULT '0',
  \`log_file\`                        varchar(1024)    NOT NULL DEFAULT '',
  \`retain_artifacts_seconds\`        bigint           NOT NULL DEFAULT '0',
  \`postpone_completion\`             tinyint unsigned NOT NULL DEFAULT '0',
  \`removed_unique_key_names\`        text             NOT NULL DEFAULT '',
  \`dropped_no_default_column_names\` text             NOT NULL DEFAULT '',
  \`expanded_column_names\`           text             NOT NULL DEFAULT '',
  \`revertible_notes\`                text             NOT NULL DEFAULT '',
  \`allow_concurrent\`                tinyint unsigned NOT NULL DEFAULT '0',
  \`reverted_uuid\`                   varchar(64)      NOT NULL DEFAULT '',
  \`is_view\`                         tinyint unsigned NOT NULL DEFAULT '0',
  \`ready_to_complete\`               tinyint unsigned NOT NULL DEFAULT '0',
  \`vitess_liveness_indicator\`       bigint           NOT NULL DEFAULT '0',
  \`user_throttle_ratio\`             float            NOT NULL DEFAULT '0',
  \`special_plan\`                    text             NOT NULL DEFAULT '',
  \`last_throttled_timestamp\`        timestamp        NULL     DEFAULT NULL,
  \`component_throttled\`             tinytext         NOT NULL DEFAULT '',
  \`reason_throttled\`                text             NOT NULL DEFAULT '',
  \`cancelled_timestamp\`             timestamp        NULL     DEFAULT NULL,
  \`postpone_launch\`                 tinyint unsigned NOT NULL DEFAULT '0',
  \`stage\`                           text             NOT NULL DEFAULT '',
  \`cutover_attempts\`                int unsigned     NOT NULL DEFAULT '0',
  \`is_immediate_operation\`          tinyint unsigned NOT NULL DEFAULT '0',
  \`reviewed_timestamp\`              timestamp        NULL     DEFAULT NULL,
  \`ready_to_complete_timestamp\`     timestamp        NULL     DEFAULT NULL,
  \`shadow_analyzed_timestamp\`       timestamp        NULL     DEFAULT NULL,
  \`removed_foreign_key_names\`       text             NOT NULL DEFAULT '',
  \`last_cutover_attempt_timestamp\`  timestamp        NULL     DEFAULT NULL,
  \`force_cutover\`                   tinyint unsigned NOT NULL DEFAULT '0',
  \`cutover_threshold_seconds\`       int unsigned     NOT NULL DEFAULT '0',
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`uuid_idx\` (\`migration_uuid\`, \`shard\`(64)),
  KEY \`keyspace_shard_idx\` (\`keyspace\`(64), \`shard\`(64)),
  KEY \`status_idx\` (\`migration_status\`, \`liveness_timestamp\`),
  KEY \`cleanup_status_idx\` (\`cleanup_timestamp\`, \`migration_status\`),
  KEY \`table_complete_idx\` (\`migration_status\`, \`keyspace\`(64), \`mysql_table\`(64), \`completed_timestamp\`),
  KEY \`migration_context_idx\` (\`migration_context\`(64)),
  KEY \`reverted_uuid_idx\` (\`reverted_uuid\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

const copyState = `(
  \`migration_uuid\`  varchar(64)     NOT NULL,
  \`shard\`           varchar(255)    NOT NULL,
  \`shadow_table\`    varchar(128)    NOT NULL,
  \`lastpk\`          text            NULL,
  \`rows_copied\`     bigint unsigned NOT NULL DEFAULT '0',
  \`done\`            tinyint unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (\`migration_uuid\`, \`shard\`(64))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

const throttledApps = `(
  \`keyspace\`   varchar(256) NOT NULL,
  \`app\`        varchar(128) NOT NULL,
  \`ratio\`      double       NOT NULL,
  \`expire_at\`  timestamp(6) NULL DEFAULT NULL,
  PRIMARY KEY (\`keyspace\`(128), \`app\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

const syncErrors = `(
  \`migration_uuid\`  varchar(64)  NOT NULL,
  \`shard\`           varchar(255) NOT NULL,
  \`side\`            char(1)      NOT NULL,
  \`errors\`          int unsigned NOT NULL DEFAULT '0',
  \`last_error\`      text         NOT NULL DEFAULT '',
  PRIMARY KEY (\`migration_uuid\`, \`shard\`(64), \`side\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

export const sidecarTables = { schema_migrations: schemaMigrations, copy_state: copyState, throttled_apps: throttledApps, sync_errors: syncErrors } as const;
export type SidecarTable = keyof typeof sidecarTables;

export async function ensureSidecar(db: Queryable, database: string): Promise<void> {
  await db.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)} DEFAULT CHARACTER SET utf8mb4`);
  for (const [table, body] of Object.entries(sidecarTables)) {
    await db.query(`CREATE TABLE IF NOT EXISTS ${qualified(database, table)} ${body}`);
  }
}
