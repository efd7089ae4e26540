// The verification itself can fail: a copy of a pact that expects something LocalScale does not do
// (a tampered response) is rejected, with the mismatch named, while the untouched copy passes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planetscaleContract, pactFileOf } from '../src/parties.js';
import { readPact, type PactFile, type PactInteraction } from '../src/pact-file.js';
import { narrowPact } from '../src/plan.js';
import { stateCatalog } from '../src/states/catalog.js';
import { VerificationFailed, verifyPact, type Provider } from '../src/verify.js';
import { runLocalScale } from './support.js';

const local = runLocalScale();
let provider: Provider;
let pact: PactFile;
let original: PactInteraction;
let workDir: string;

beforeAll(async () => {
  provider = { baseUrl: local.url, world: local.world, states: stateCatalog, timeoutMs: 120_000 };
  pact = await readPact(pactFileOf(planetscaleContract));
  const found = pact.interactions.find((i) => i.description === 'a request to get a database');
  if (!found) throw new Error('the pact has no interaction "a request to get a database"');
  original = found;
  workDir = await mkdtemp(join(tmpdir(), 'localscale-contracts-tamper-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
  await local.world.close();
});

/** A deep copy of the interaction with `change` applied to it. */
const tampered = (change: (i: PactInteraction & { response: { body: { content: Record<string, unknown> } } }) => void) => {
  const copy = structuredClone(original) as PactInteraction & { response: { body: { content: Record<string, unknown> } } };
  change(copy);
  return copy;
};

const verify = (interaction: PactInteraction, name: string) => verifyPact(provider, narrowPact(pact, [interaction]), join(workDir, `${name}.json`));

describe('provider verification', () => {
  it('passes the interaction as committed', async () => {
    await expect(verify(original, 'original')).resolves.toBeUndefined();
  });

  it('rejects a pact expecting a different value, naming the field', async () => {
    const sleeping = tampered((i) => { i.response.body.content.state = 'sleeping'; });
    const failure = await verify(sleeping, 'state').then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(VerificationFailed);
    expect((failure as VerificationFailed).mismatches.map((m) => m.path)).toContain('$.state');
  });

  it('rejects a pact expecting a field LocalScale does not send', async () => {
    const extra = tampered((i) => { i.response.body.content.no_such_field = 'x'; });
    const failure = await verify(extra, 'field').then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(VerificationFailed);
    expect(String((failure as Error).message)).toMatch(/no_such_field/);
  });

  it('rejects a pact expecting another status', async () => {
    const created = tampered((i) => { i.response.status = 201; });
    await expect(verify(created, 'status')).rejects.toThrow(/expected 201 but was 200/);
  });
});
