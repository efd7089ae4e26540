// @localscale/contracts: the Pact contracts that pin LocalScale to PlanetScale, and the machinery that
// verifies a provider against them (see README.md).
export { contracts, planetscaleContract, localscaleContract, pactDir, pactFileOf, type Parties } from './parties.js';
export { declaredOperations, operationFor, type Operation } from './operations.js';
export { probeOperations, implementedSet, type ProbeResult } from './probe.js';
export { coverageOf, type Coverage } from './coverage.js';
export { planPact, planInteraction, narrowPact, type PlannedInteraction, type PlanContext } from './plan.js';
export { verifyPact, VerificationFailed, type Provider, type Mismatch } from './verify.js';
export { readPact, writePact, type PactFile, type PactInteraction } from './pact-file.js';
export { stateCatalog, type StateDefinition } from './states/catalog.js';
export type { World, Target } from './states/world.js';
export { startVerifiedLocalScale, type VerifiedLocalScale } from './localscale.js';
export { planetScaleTarget, missingEnvironment } from './planetscale.js';
