// Config files: JSON and YAML, precise messages for mistakes, env/flags over the file, defaults.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveConfig, validateRawConfig } from '../src/config/load.js';

const problemsOf = (raw: unknown) => {
  try { validateRawConfig(raw, 'test'); } catch (err) { if (err instanceof ConfigError) return err.problems; throw err; }
  return [];
};

describe('config validation messages', () => {
  it('names unknown keys, bad types and bad names with their path', () => {
    expect(problemsOf({ listen_adr: ':8080' })).toEqual(['(top level): unknown key "listen_adr"']);
    expect(problemsOf({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'ks', shards: 'two' }] } } } } }))
      .toEqual(['organizations.acme.databases.shop.keyspaces[0].shards: must be integer']);
    expect(problemsOf({ organizations: { acme: { databases: { shop: { keyspaces: [{ shards: 2 }] } } } } }))
      .toEqual(['organizations.acme.databases.shop.keyspaces[0]: missing required key "name"']);
    expect(problemsOf({ organizations: { 'Bad Org': { databases: {} } } })).toEqual(['organizations: invalid name "Bad Org" (lowercase letters, digits and dashes)']);
    expect(problemsOf({ revert_window_duration: 'soon' })).toEqual(['revert_window_duration: must be a duration such as "500ms", "2s", "30m" or a number of milliseconds']);
    expect(problemsOf({ auth: { mode: 'lenient' } })).toEqual(['auth.mode: must be one of "permissive", "strict"']);
    expect(problemsOf({ default_throttle_ratio: 2 })).toEqual(['default_throttle_ratio: must be <= 0.95']);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ log_level: 'loud', max_body_bytes: 1, extra: true })).toHaveLength(3);
  });

  it('refuses strict auth without tokens and duplicate keyspaces', () => {
    expect(() => resolveConfig({ auth: { mode: 'strict' } })).toThrow(/strict mode needs at least one/);
    expect(() => resolveConfig({ organizations: { a: { databases: { b: { keyspaces: [{ name: 'k' }, { name: 'k' }] } } } } })).toThrow(/duplicate keyspace "k"/);
  });
});

describe('loading', () => {
  it('uses one organization, one database and one unsharded keyspace by default', () => {
    const c = resolveConfig({});
    expect(c.isDefault).toBe(true);
    expect(c.organizations).toEqual([{ name: 'localscale', billingEmail: null, databases: [{ name: 'app', region: 'us-east', requireApproval: false, safeMigrations: true, keyspaces: [{ name: 'app', shards: 1, sharded: false }] }] }]);
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.edge.port).toBe(3310);
    expect(resolveConfig({}, { port: 0 }).edge.port).toBe(0);
    expect(c.revertWindowMs).toBe(30 * 60_000);
    expect(c.auth.mode).toBe('permissive');
  });

  it('reads YAML and JSON files, and flags and env override them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ls-config-'));
    const yamlFile = path.join(dir, 'c.yaml');
    await writeFile(yamlFile, 'listen_addr: ":9000"\nrevert_window_duration: 2s\norganizations:\n  acme:\n    databases:\n      shop:\n        keyspaces: [{name: shop, shards: 4}]\n');
    const fromYaml = await loadConfig({ file: yamlFile, env: {} });
    expect(fromYaml.listen.port).toBe(9000);
    expect(fromYaml.revertWindowMs).toBe(2000);
    expect(fromYaml.organizations[0]!.databases[0]!.keyspaces[0]).toEqual({ name: 'shop', shards: 4, sharded: true });

    const jsonFile = path.join(dir, 'c.json');
    await writeFile(jsonFile, JSON.stringify({ listen_addr: '0.0.0.0:9001', log_level: 'warn' }));
    const overridden = await loadConfig({ file: jsonFile, env: { LOCALSCALE_PORT: '9100', LOCALSCALE_LOG_LEVEL: 'debug' }, overrides: { port: 9200 } });
    expect(overridden.listen).toEqual({ host: '0.0.0.0', port: 9200 });
    expect(overridden.logLevel).toBe('debug');

    const viaEnv = await loadConfig({ env: { CONFIG_FILE: jsonFile } });
    expect(viaEnv.listen.port).toBe(9001);
  });

  it('explains unreadable and unparsable files', async () => {
    await expect(loadConfig({ file: '/nonexistent/x.yaml', env: {} })).rejects.toThrow(/cannot read the file/);
    const dir = await mkdtemp(path.join(tmpdir(), 'ls-config-'));
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{ nope');
    await expect(loadConfig({ file: bad, env: {} })).rejects.toThrow(/not valid JSON/);
    await expect(loadConfig({ env: { LOCALSCALE_PORT: 'eighty' } })).rejects.toThrow(/LOCALSCALE_PORT: must be an integer/);
  });
});
