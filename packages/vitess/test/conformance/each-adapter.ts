// Declares a scenario group once per adapter; an unavailable adapter's group is skipped with its reason
// in the group's name, so the test report shows what did not run and why.
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { adapters } from './adapters.js';
import type { Harness } from './harness.js';

export function eachAdapter(title: string, body: (h: () => Harness) => void): void {
  for (const adapter of adapters) {
    const name = adapter.skipReason ? `${title} [${adapter.name}] (skipped: ${adapter.skipReason})` : `${title} [${adapter.name}]`;
    describe.skipIf(adapter.skipReason !== null)(name, () => {
      let harness: Harness | undefined;
      beforeAll(async () => { harness = await adapter.start(); });
      afterAll(async () => { await harness?.close(); });
      // Scenarios leave nothing pending behind them, so the next one's singleton and ordering rules
      // see a quiet keyspace.
      afterEach(async () => {
        if (!harness) return;
        await harness.engine.unthrottle(harness.keyspace, { all: true });
        await harness.engine.cancel(harness.keyspace, { all: true });
        if (harness.sharded) await harness.engine.cancel(harness.sharded, { all: true });
      });
      body(() => harness!);
    });
  }
}
