import { describe, expect, it } from 'vitest';
import { branchDatabases, resolveTarget } from '../../src/session/routing.js';
import type { BranchRoute } from '../../src/types.js';

const route: BranchRoute = {
  organization: 'acme', database: 'shop', branch: 'dev', production: false, safeMigrations: false,
  keyspaces: [{ name: 'orders', databases: ['p_orders_0', 'p_orders_1'] }, { name: 'shop', databases: ['p_shop'] }],
};

describe('resolveTarget', () => {
  it('maps database and keyspace names, with shard and tablet-type suffixes', () => {
    expect(resolveTarget(route, 'shop')).toEqual({ keyspace: 'shop', shard: '-', database: 'p_shop', shardTargeted: false });
    expect(resolveTarget(route, 'orders')).toEqual({ keyspace: 'orders', shard: '-80', database: 'p_orders_0', shardTargeted: false });
    // Naming the shard targets it: statements then go there unrouted.
    expect(resolveTarget(route, 'orders:80-')).toEqual({ keyspace: 'orders', shard: '80-', database: 'p_orders_1', shardTargeted: true });
    expect(resolveTarget(route, 'orders/-80@replica')).toEqual({ keyspace: 'orders', shard: '-80', database: 'p_orders_0', shardTargeted: true });
    expect(resolveTarget(route, 'shop@primary')).toEqual({ keyspace: 'shop', shard: '-', database: 'p_shop', shardTargeted: false });
    expect(resolveTarget(route, 'INFORMATION_SCHEMA')).toBe('information_schema');
  });

  it('uses the keyspace named like the database, else the first unsharded one', () => {
    const other: BranchRoute = { ...route, database: 'store' };
    expect(resolveTarget(other, 'store')).toMatchObject({ keyspace: 'shop' });
  });

  it('refuses anything else', () => {
    for (const name of ['p_shop', 'mysql', 'orders:c0-', 'sho', 'shop@master', '']) expect(resolveTarget(route, name), name).toBeNull();
  });

  it('lists the branch databases', () => {
    expect(branchDatabases(route)).toEqual(['p_orders_0', 'p_orders_1', 'p_shop']);
  });
});
