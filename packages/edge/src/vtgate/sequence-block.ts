// Vitess sequences, the decisions: vttablet hands out ids from a block it holds in memory and, when
// the block cannot cover a request, reserves the next block by moving the sequence table's next_id
// forward by `cache` (as often as needed). Pure state transitions; sequences.ts does the SQL.

/** The block in hand: ids from `nextVal` up to (not including) `lastVal`; 0/0 before the first load. */
export interface SequenceBlock {
  readonly nextVal: bigint;
  readonly lastVal: bigint;
}

export const emptyBlock: SequenceBlock = { nextVal: 0n, lastVal: 0n };

/** Serves `count` ids from the block, or says a reload is needed first. */
export function serve(block: SequenceBlock, count: bigint): { first: bigint; block: SequenceBlock } | null {
  if (block.nextVal === 0n || block.nextVal + count > block.lastVal) return null;
  return { first: block.nextVal, block: { nextVal: block.nextVal + count, lastVal: block.lastVal } };
}

export class SequenceError extends Error {}

/**
 * After reading the sequence row (`next_id`, `cache`): the new next_id to write and the block once it
 * is written. A next_id that moved underneath (someone reset it) restarts the block there, never below
 * what was already handed out.
 */
export function reload(block: SequenceBlock, row: { nextId: bigint; cache: bigint }, count: bigint, table: string): { newLast: bigint; block: SequenceBlock } {
  let { nextVal, lastVal } = block;
  let nextId = row.nextId;
  if (lastVal !== nextId) {
    if (nextId < lastVal) nextId = lastVal;
    nextVal = nextId;
    lastVal = nextId;
  }
  if (row.cache < 1n) throw new SequenceError(`invalid cache value for sequence ${table}: ${row.cache}`);
  let newLast = nextId + row.cache;
  while (newLast < nextVal + count) newLast += row.cache;
  return { newLast, block: { nextVal, lastVal: newLast } };
}
