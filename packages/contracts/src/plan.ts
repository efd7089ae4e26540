// Decides, before anything runs, which interactions a verification can hold a provider to. LocalScale
// is held to every interaction whose operation it implements (does not answer 501) and whose provider
// states only use implemented operations; the rest are skipped, by name, with the reason, and become
// strict by themselves when their handlers land. PlanetScale is held to every interaction of the
// PlanetScale contract.
import { operationFor, type Operation } from './operations.js';
import type { PactFile, PactInteraction } from './pact-file.js';
import type { StateDefinition } from './states/catalog.js';
import type { Target } from './states/world.js';

export interface PlannedInteraction {
  interaction: PactInteraction;
  operation: Operation;
  /** Why the interaction is not verified, when it is not. */
  skip?: string;
}

export interface PlanContext {
  target: Target;
  /** Operations the provider implements; for LocalScale, from probing it. */
  implemented?: ReadonlySet<string>;
  states: Readonly<Record<string, StateDefinition>>;
}

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

export function planInteraction(interaction: PactInteraction, context: PlanContext): PlannedInteraction {
  const { method, path } = interaction.request;
  const operation = operationFor(method, path);
  if (!operation) throw new PlanError(`"${interaction.description}": ${method} ${path} is no operation LocalScale declares`);
  const states = (interaction.providerStates ?? []).map((s) => {
    const definition = context.states[s.name];
    if (!definition) throw new PlanError(`"${interaction.description}": no state handler for "${s.name}"`);
    return { name: s.name, definition };
  });
  const planned: PlannedInteraction = { interaction, operation };
  if (context.target === 'planetscale') {
    if (operation.surface === 'localscale') return { ...planned, skip: `${operation.operationId} is LocalScale's own; PlanetScale does not have it` };
    return planned;
  }
  const implemented = context.implemented;
  if (!implemented) return planned;
  if (!implemented.has(operation.operationId)) return { ...planned, skip: `${operation.operationId} answers 501 (not implemented yet)` };
  for (const state of states) {
    const missing = state.definition.uses.filter((op) => !implemented.has(op));
    if (missing.length) return { ...planned, skip: `state "${state.name}" needs ${missing.join(', ')}, which ${missing.length > 1 ? 'answer' : 'answers'} 501 (not implemented yet)` };
  }
  return planned;
}

export const planPact = (pact: PactFile, context: PlanContext): PlannedInteraction[] =>
  pact.interactions.map((interaction) => planInteraction(interaction, context));

/** A copy of `pact` holding only `interactions`, for the verifier. */
export const narrowPact = (pact: PactFile, interactions: readonly PactInteraction[]): PactFile => ({ ...pact, interactions: [...interactions] });
