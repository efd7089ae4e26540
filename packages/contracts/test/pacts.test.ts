// The pact files are reviewed like code: the ones the consumer run just generated must be the
// committed ones (run `nx run contracts:consumer` and commit packages/contracts/pacts).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { contracts, pactDir, pactFileOf } from '../src/parties.js';
import { readPact } from '../src/pact-file.js';

const git = (...args: string[]) => spawnSync('git', args, { cwd: pactDir, encoding: 'utf8' });

describe('pact files', () => {
  it('are Pact V4 files, one per contract', async () => {
    for (const parties of contracts) {
      const pact = await readPact(pactFileOf(parties));
      expect(pact.consumer.name).toBe(parties.consumer);
      expect(pact.provider.name).toBe(parties.provider);
      expect((pact.metadata as { pactSpecification?: { version?: string } }).pactSpecification?.version).toBe('4.0');
      expect(pact.interactions.length).toBeGreaterThan(0);
    }
  });

  it('are committed as generated', (ctx) => {
    if (git('rev-parse', '--is-inside-work-tree').stdout.trim() !== 'true') ctx.skip('not a git checkout');
    const status = git('status', '--porcelain', '--', '.');
    expect(status.status).toBe(0);
    expect(status.stdout, 'the consumer tests changed the pact files: review and commit packages/contracts/pacts').toBe('');
  });
});
