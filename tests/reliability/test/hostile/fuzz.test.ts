// Property-based hostile input against every operation of the generated route table (fixed seed, so
// a CI run is repeatable): whatever arrives, the answer is a success or a 4xx PlanetScale envelope
// (501 for operations without a handler), never another 5xx, never a crash or a hang. Afterwards the
// metadata is consistent and canary tables planted beside every database the names could reach are
// intact, so none of the SQL-injection attempts ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routes, type RouteSpec } from '@localscale/server';
import { checkConsistency, consistent } from '../support/consistency.js';
import { describeAnswer, isEnvelope, rawCall, type Answer } from '../support/http.js';
import { requestFor, type Context, type HostileRequest } from '../support/hostile.js';
import { note, scale } from '../support/scale.js';
import { startServer, type Server } from '../support/server.js';
import { canariesAlive, plantCanaries, removeCanarySchema, seedFixtures } from '../support/fixtures.js';

const seed = Number(process.env.LOCALSCALE_FUZZ_SEED ?? 20261127);
/** Wipes everything: it has its own test (the state it leaves is the configured one). */
const excluded = new Set(['admin_reset_state']);

let server: Server;
let ctx: Context;
const tally = { requests: 0, unsent: 0, byClass: {} as Record<string, number>, byStatus: {} as Record<number, number> };

beforeAll(async () => {
  server = await startServer({ organizations: { acme: { databases: { shop: { keyspaces: [{ name: 'app' }] }, scratch: { keyspaces: [{ name: 'scratch' }] } } } } });
  // Canaries first: a branch made afterwards holds them too, so no deploy request plans to drop them.
  const canarySchema = await plantCanaries(server);
  const fixtures = await seedFixtures(server);
  ctx = {
    canarySchema,
    valid: {
      organization: ['acme'], database: ['shop', 'scratch'], branch: ['main', 'feature'], keyspace: ['app'],
      number: ['1', String(fixtures.deployRequest)], id: [fixtures.passwordId, fixtures.webhookId, fixtures.serviceTokenId],
    },
  };
});
afterAll(async () => {
  if (server) await removeCanarySchema(server);
  await server?.stop();
});

/** What every answer must be: never a hang, never a 5xx other than 501, errors as envelopes. */
function problemWith(a: Answer): string | null {
  if (a.hung) return 'no answer within the timeout';
  if (a.status === 0) return null;
  if (a.status === 501) return isEnvelope(a.body) && a.body.code === 'not_implemented' ? null : '501 without the envelope';
  if (a.status >= 500) return `server error ${a.status}`;
  if (a.status >= 400 && !isEnvelope(a.body)) return `${a.status} without the {code,message} envelope`;
  return null;
}

async function send(req: HostileRequest): Promise<Answer> {
  const answer = await rawCall(server.ls.url, req.path, { method: req.method, headers: { authorization: '', ...req.headers }, raw: req.body, timeoutMs: 30_000 });
  if (answer.status === 0 && !answer.hung) {
    tally.unsent++; // the client refused to send it (e.g. a header Node cannot encode): nothing reached the server
    return answer;
  }
  tally.requests++;
  const cls = `${Math.floor(answer.status / 100)}xx`;
  tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
  tally.byStatus[answer.status] = (tally.byStatus[answer.status] ?? 0) + 1;
  return answer;
}

const fuzzed = (routes as readonly RouteSpec[]).filter((r) => !excluded.has(r.operationId));

describe('every operation under hostile input', () => {
  it.each(fuzzed.map((r) => [r.operationId, r] as const))('%s', async (_name, route) => {
    // Operations that would remove the fixtures every other operation aims at get throwaway targets.
    const local: Context = route.operationId === 'delete_database' ? { ...ctx, valid: { ...ctx.valid, database: ['scratch', 'nonexistent'] } }
      // The webhook and the token stay, so the outbox the run fills is there to check afterwards.
      : route.operationId === 'delete_webhook' || route.operationId === 'delete_service_token' ? { ...ctx, valid: { ...ctx.valid, id: ['nonexistent'] } }
      : ctx;
    await fc.assert(fc.asyncProperty(requestFor(route, local), async (req) => {
      const answer = await send(req);
      const problem = problemWith(answer);
      if (problem) throw new Error(`${req.method} ${req.path.slice(0, 300)} headers=${JSON.stringify(req.headers).slice(0, 200)} body=${(req.body ?? '').slice(0, 300)}\n-> ${problem}: ${describeAnswer(answer)}`);
    }), { seed, numRuns: scale.fuzzRunsPerRoute, endOnFailure: true });
  });
});

describe('after the run', () => {
  it('LocalScale still answers, the canaries are intact, and the metadata is consistent', async () => {
    expect((await server.call('/health')).status).toBe(200);
    expect(await canariesAlive(server)).toEqual({ main: 1, schema: 1, metadata: 1 });
    // Branch snapshots started by the run finish in the background; wait for them before counting.
    await server.ls.snapshots.idle();
    const { problems, summary } = await checkConsistency(server.admin, server.metadataSchema, server.tag);
    expect(problems).toEqual(consistent);
    note('hostile input', { seed, operations: fuzzed.length, requests_fuzzed: tally.requests, unsent: tally.unsent, by_class: tally.byClass, by_status: tally.byStatus, metadata: summary });
  });
});
