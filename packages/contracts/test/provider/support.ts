// Declares one vitest test per interaction of every pact: verified against the provider, or skipped
// with the reason in its title, so that what is not held to the contract is listed in every run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { contracts, pactFileOf } from '../../src/parties.js';
import { readPact } from '../../src/pact-file.js';
import { narrowPact, planPact, type PlanContext } from '../../src/plan.js';
import { stateCatalog } from '../../src/states/catalog.js';
import { verifyPact, type Provider } from '../../src/verify.js';

export interface Verification {
  name: string;
  context: Omit<PlanContext, 'states'>;
  provider: Omit<Provider, 'states'>;
  stop(): Promise<void>;
}

export async function declareVerification(v: Verification) {
  const workDir = await mkdtemp(join(tmpdir(), 'localscale-contracts-'));
  const pacts = await Promise.all(contracts.map(async (parties) => readPact(pactFileOf(parties))));
  const provider: Provider = { ...v.provider, states: stateCatalog };
  const skipped: string[] = [];

  afterAll(async () => {
    if (skipped.length) console.info(`${v.name}: ${skipped.length} interaction(s) not verified:\n${skipped.map((s) => `  - ${s}`).join('\n')}`);
    await rm(workDir, { recursive: true, force: true });
    await v.stop();
  });

  let n = 0;
  for (const pact of pacts) {
    describe(`${v.name}: ${pact.consumer.name} -> ${pact.provider.name}`, () => {
      for (const planned of planPact(pact, { ...v.context, states: stateCatalog })) {
        const title = `${planned.interaction.description} [${planned.operation.operationId}]`;
        const file = join(workDir, `${String(++n).padStart(3, '0')}.json`);
        if (planned.skip) {
          skipped.push(`${title}: ${planned.skip}`);
          it.skip(`${title} (skipped: ${planned.skip})`, () => undefined);
        } else {
          it(title, () => verifyPact(provider, narrowPact(pact, [planned.interaction]), file));
        }
      }
    });
  }
}
