// The parts of a Pact V4 file this package reads: interactions with their provider states, request
// line and expected status. Everything else is carried through untouched when a copy is written.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface ProviderState { name: string; params?: Record<string, unknown> }

export interface PactInteraction {
  description: string;
  type: string;
  providerStates?: ProviderState[];
  request: { method: string; path: string; [key: string]: unknown };
  response: { status: number; [key: string]: unknown };
  [key: string]: unknown;
}

export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  [key: string]: unknown;
}

function isPactFile(value: unknown): value is PactFile {
  const v = value as Partial<PactFile> | null;
  return !!v && typeof v === 'object' && typeof v.consumer?.name === 'string' && typeof v.provider?.name === 'string' && Array.isArray(v.interactions);
}

export async function readPact(file: string): Promise<PactFile> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isPactFile(parsed)) throw new Error(`${file} is not a pact file (consumer, provider and interactions expected)`);
  return parsed;
}

/** Writes a pact (for example a filtered or tampered copy) where the verifier can read it. */
export async function writePact(file: string, pact: PactFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(pact, null, 2) + '\n');
}

export const stateNames = (interaction: PactInteraction) => (interaction.providerStates ?? []).map((s) => s.name);
