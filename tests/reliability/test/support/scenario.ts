// The shape every fault test shares: a table on main with rows and a client writing to it, a deploy
// request changing it, a fault, and then the checks: the request in the state it should be in, every
// row the client wrote there exactly once, and nothing of the engine's left behind.
import { expect } from 'vitest';
import { holdTable, runningStatements } from './blocker.js';
import type { Cluster } from './cluster.js';
import { nothingLeft } from './leftovers.js';
import { scale } from './scale.js';
import { checkTable, insertSeed, seedModel, startWriter, type TableCheck, type Writer } from './writer.js';

export const table = 'items';
export const createItems = `CREATE TABLE ${table} (id bigint NOT NULL PRIMARY KEY, v varchar(64) NOT NULL, n int NOT NULL)`;

/** Seeds `items` on main with `rows` rows and starts the writer on it. */
export async function tableUnderWrites(cluster: Cluster, rows = scale.rows): Promise<Writer> {
  await cluster.seed([createItems]);
  const seed = seedModel(rows);
  await insertSeed(cluster.admin, cluster.mainDatabase, table, seed);
  const writer = startWriter(cluster.mysqlUrl, cluster.mainDatabase, table, seed, { workers: scale.writers, pauseMs: scale.writerPauseMs });
  await writer.progressed(20);
  return writer;
}

/** Stops the writer and compares the table with everything it wrote. */
export async function expectNoRowLost(cluster: Cluster, writer: Writer): Promise<TableCheck & { ops: number }> {
  await writer.progressed(20);
  const ops = writer.ops();
  const model = await writer.stop();
  expect(writer.errors, 'the writer saw errors other than connection loss and lock conflicts').toEqual([]);
  const check = await checkTable(cluster.admin, cluster.mainDatabase, table, model);
  expect({ missing: check.missing.slice(0, 20), extra: check.extra.slice(0, 20), changed: check.changed.slice(0, 20), rows: check.rows })
    .toEqual({ missing: [], extra: [], changed: [], rows: model.size });
  expect(check.checksum).toBe(check.expectedChecksum);
  return { ...check, ops };
}

/** Waits until the engine has collected every artifact and no lock is held (GC runs every few seconds). */
export async function expectNothingLeft(cluster: Cluster, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await cluster.leftovers();
  while (JSON.stringify(last) !== JSON.stringify(nothingLeft) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    last = await cluster.leftovers();
  }
  expect(last).toEqual(nothingLeft);
}

/**
 * Starts a cut-over (`act`) while a reader holds the table, so that its RENAME waits; once it does,
 * SIGKILLs LocalScale, waits until MySQL has dropped the dead process's RENAME (so it cannot happen
 * behind the test's back), lets the table go and restarts. Resolves to the deploy request's stored
 * state at the kill and the RENAME's processlist state.
 */
export async function killDuringRename(cluster: Cluster, number: number, act: () => Promise<unknown>, writer: Writer): Promise<{ stateAtKill: string | undefined; renameState: string }> {
  const renaming = async () => runningStatements(cluster.admin, cluster.mainDatabase, 'RENAME TABLE');
  const hold = await holdTable(cluster.admin, cluster.mainDatabase, table);
  await act();
  const rename = await cluster.until('the RENAME to wait for the table', async () => { const r = await renaming(); return r.length ? r : undefined; }, 60_000, 20);
  const stateAtKill = await cluster.storedState(number);
  await cluster.killAndRestart(async () => {
    await cluster.until('the dead RENAME to end', async () => ((await renaming()).length ? undefined : true), 30_000);
    await hold.release();
    await writer.progressed(50);
  });
  return { stateAtKill, renameState: rename[0]!.state };
}
