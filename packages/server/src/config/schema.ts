// The JSON Schema of LocalScale's config file (JSON or YAML). Key names follow the upstream Go
// LocalScale where it has them, so existing config files keep working.
const duration = { anyOf: [{ type: 'string', format: 'duration' }, { type: 'number', minimum: 0 }] };
const name = (pattern: string) => ({ type: 'string', pattern });
const lowerName = '^[a-z0-9][a-z0-9-]{0,62}$';
const keyspaceName = '^[a-z0-9][a-z0-9_-]{0,62}$';

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'LocalScale configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    listen_addr: { type: 'string', pattern: '^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]*):\\d{1,5}$', description: 'host:port of the HTTP API, e.g. 127.0.0.1:8080 or :8080' },
    public_url: { type: 'string', format: 'uri', description: 'Base URL used in url/html_url fields when LocalScale runs behind a proxy' },
    mysql_url: { type: 'string', pattern: '^mysql://', description: 'Use this MySQL server instead of launching a private one' },
    data_dir: { type: 'string', minLength: 1, description: 'Persistent data directory for the private MySQL server' },
    metadata_schema: name('^[a-z][a-z0-9_]{0,63}$'),
    database_prefix: name('^[a-z][a-z0-9]{0,9}$'),
    log_level: { enum: ['debug', 'info', 'warn', 'error', 'silent'] },
    max_body_bytes: { type: 'integer', minimum: 1024, maximum: 104857600 },
    revert_window_duration: duration,
    processor_tick_interval: duration,
    branch_creation_delay: duration,
    deploy_request_delay: duration,
    default_throttle_ratio: { type: 'number', minimum: 0, maximum: 0.95 },
    edge_port: { type: 'integer', minimum: 0, maximum: 65535 },
    edge_host: { type: 'string' },
    proxy_advertise_host: { type: 'string' },
    branch_tls_mode: { enum: ['none', 'tls', 'mtls'] },
    http_port: {
      type: ['integer', 'null'], minimum: 0, maximum: 65535,
      description: 'The HTTP database API\'s own port (@planetscale/database): default the edge port + 1 (a free port when the edge port is picked freely); 0 = a free port; null = none',
    },
    http_detect_timeout: {
      ...duration,
      description: 'Serve the HTTP database API on the edge port too: how long a new connection there waits for an HTTP client\'s first bytes before it is greeted as MySQL (every MySQL connection pays it); default 0 = MySQL only there, no wait',
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: { enum: ['permissive', 'strict'] },
        service_tokens: {
          type: 'array',
          items: {
            type: 'object', additionalProperties: false, required: ['id', 'token'],
            properties: {
              id: { type: 'string', minLength: 1 }, token: { type: 'string', minLength: 8 }, name: { type: 'string' },
              accesses: { type: 'array', items: { type: 'string' }, description: 'PlanetScale access names this token holds on every organization and database; without the list, every access' },
            },
          },
        },
        access_tokens: { type: 'array', items: { type: 'string', minLength: 8 } },
      },
    },
    organizations: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: lowerName },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['databases'],
        properties: {
          billing_email: { type: 'string' },
          databases: {
            type: 'object',
            propertyNames: { pattern: lowerName },
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              properties: {
                region: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
                require_approval: { type: 'boolean' },
                safe_migrations: { type: 'boolean' },
                keyspaces: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name'],
                    properties: {
                      name: name(keyspaceName),
                      shards: { type: 'integer', minimum: 0, maximum: 128 },
                      sharded: { type: 'boolean' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
