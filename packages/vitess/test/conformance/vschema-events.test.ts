import { expect, it } from 'vitest';
import type { MigrationEvent } from '../../src/index.js';
import { eachAdapter } from './each-adapter.js';
import { settle, submitOne, tableName } from './harness.js';

eachAdapter('keyspaces, VSchema and events', (h) => {
  it('lists keyspaces with their shards', async () => {
    const keyspaces = await h().engine.keyspaces();
    const unsharded = keyspaces.find((k) => k.name === h().keyspace);
    expect(unsharded).toMatchObject({ sharded: false });
    expect(unsharded!.shards).toHaveLength(1);
    if (h().sharded) expect(keyspaces.find((k) => k.name === h().sharded)).toMatchObject({ sharded: true, shards: ['-80', '80-'] });
  });

  it('applies and reads back a VSchema', async ({ skip }) => {
    if (!h().sharded || !h().capabilities.vschemaSql) skip();
    const t = tableName('vs');
    const vschema = { sharded: true, vindexes: { hash: { type: 'hash' } }, tables: { [t]: { column_vindexes: [{ column: 'id', name: 'hash' }] } } };
    await h().engine.applyVSchema(h().sharded!, vschema);
    const back = await h().engine.getVSchema(h().sharded!);
    expect(back).toMatchObject({ sharded: true, vindexes: { hash: { type: 'hash' } } });
    expect((back.tables as Record<string, unknown>)[t]).toMatchObject({ column_vindexes: [{ column: 'id', name: 'hash' }] });
  });

  it('reports submissions and every status change to subscribers', async () => {
    const events: MigrationEvent[] = [];
    const stop = h().engine.subscribe((e) => events.push(e));
    const uuid = await submitOne(h(), `create table ${tableName('ev')} (id int primary key)`, 'vitess', 'ctx-events');
    await settle(h(), h().keyspace, uuid);
    const mine = () => events.filter((e) => ('uuids' in e ? e.uuids.includes(uuid) : 'uuid' in e && e.uuid === uuid));
    // Events follow row changes (an adapter may poll for them); wait for the last one.
    const deadline = Date.now() + h().waitMs;
    while (!mine().some((e) => e.type === 'changed' && e.status === 'complete') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(mine()[0]).toMatchObject({ type: 'submitted', context: 'ctx-events' });
    const statuses = mine().flatMap((e) => (e.type === 'changed' ? [e.status] : []));
    expect(statuses[statuses.length - 1]).toBe('complete');
    expect(mine().some((e) => e.type === 'changed' && e.readyToComplete)).toBe(true);
  });
});
