// Runs Pact's verifier for some interactions of one pact against a provider, with the provider
// states of the catalog set up through a World, and turns its report into a readable error.
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { writePact, type PactFile } from './pact-file.js';
import type { StateDefinition } from './states/catalog.js';
import type { World } from './states/world.js';

export interface Provider {
  /** The server root the pacts' paths (`/v1/...`, `/admin/...`) are relative to. */
  baseUrl: string;
  world: World;
  states: Readonly<Record<string, StateDefinition>>;
  /** Replaces the pacts' example credential on requests that carry one (real PlanetScale). */
  authorization?: string;
  /** How long a request or a state change may take. */
  timeoutMs: number;
}

export interface Mismatch { interaction: string; path?: string; mismatch: string }

export class VerificationFailed extends Error {
  override readonly name = 'VerificationFailed';
  constructor(readonly mismatches: Mismatch[], detail: string) {
    super(mismatches.length
      ? `the provider does not honour the contract:\n${mismatches.map((m) => `  - ${m.interaction}: ${m.path ? `${m.path}: ` : ''}${m.mismatch}`).join('\n')}`
      : `verification failed: ${detail}`);
  }
}

interface RawReport { errors?: { interaction?: string; mismatch?: { mismatches?: { path?: string; mismatch?: string; type?: string }[]; message?: string } }[] }

function mismatchesOf(error: unknown): { mismatches: Mismatch[]; detail: string } {
  const detail = error instanceof Error ? error.message : String(error);
  let report: RawReport;
  try { report = JSON.parse(detail) as RawReport; } catch { return { mismatches: [], detail }; }
  const mismatches = (report.errors ?? []).flatMap((e) => {
    const interaction = e.interaction ?? '(unknown interaction)';
    const listed = e.mismatch?.mismatches ?? [];
    if (!listed.length) return [{ interaction, mismatch: e.mismatch?.message ?? 'failed' }];
    return listed.map((m) => ({ interaction, path: m.path, mismatch: m.mismatch ?? m.type ?? 'mismatch' }));
  });
  return { mismatches, detail };
}

function stateHandlers(provider: Provider): NonNullable<VerifierOptions['stateHandlers']> {
  return Object.fromEntries(Object.entries(provider.states).map(([name, definition]) => [name, {
    setup: async () => definition.setup(provider.world),
    teardown: async () => { await provider.world.cleanup(); },
  }]));
}

/** Verifies `pact` (already narrowed to the interactions to hold the provider to), written to `file`. */
export async function verifyPact(provider: Provider, pact: PactFile, file: string): Promise<void> {
  await writePact(file, pact);
  const authorization = provider.authorization;
  const verifier = new Verifier({
    provider: pact.provider.name,
    providerBaseUrl: provider.baseUrl,
    pactUrls: [file],
    stateHandlers: stateHandlers(provider),
    requestFilter: (req, _res, next) => {
      if (authorization && req.headers.authorization) req.headers.authorization = authorization;
      next();
    },
    timeout: provider.timeoutMs,
    logLevel: 'warn',
  });
  try {
    await verifier.verifyProvider();
  } catch (error) {
    const { mismatches, detail } = mismatchesOf(error);
    throw new VerificationFailed(mismatches, detail);
  }
}
