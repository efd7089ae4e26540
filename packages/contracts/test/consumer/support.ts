// The consumer side: interactions are written from PlanetScale's documented and observed behaviour
// (PlanetScale's API docs and its published OpenAPI document), with matchers
// for what varies (ids, timestamps, names a provider state chooses) and exact values for what a
// client relies on (states, flags, error codes). Each interaction is exercised through the SDK.
import { expect } from 'vitest';
import { MatchersV3, PactV4, type V3MockServer } from '@pact-foundation/pact';
import { createPlanetScaleClient, type PlanetScaleClient } from '@localscale/sdk';
import { createLocalScaleAdminClient, type LocalScaleAdminClient } from '@localscale/sdk/localscale';
import { localscaleContract, pactDir, planetscaleContract, type Parties } from '../../src/parties.js';

const { fromProviderState, regex, like, eachLike, integer, boolean, nullValue } = MatchersV3;
export { like, eachLike, integer, boolean, nullValue, regex };
export const equal = MatchersV3.equal;

/**
 * The values provider states inject into requests, as the examples show them (and as LocalScale's
 * states make them: each starts from an empty organization `acme`).
 */
export const examples = {
  organization: 'acme', database: 'shop', keyspace: 'shop', branch: 'feature', other: 'other',
  number: 1, id: 'k2m9x0abc123', name: 'shop', column: 'note',
} as const;

type Example = keyof typeof examples;

const fill = (template: string) => template.replace(/\$\{(\w+)\}/g, (_, key: string) => {
  if (!(key in examples)) throw new Error(`no example for \${${key}}`);
  return String(examples[key as Example]);
});

/** A value (path or body field) whose `${...}` parts the provider state supplies. */
export const injected = (template: string) => fromProviderState(template, fill(template));

export const newPact = (parties: Parties) => new PactV4({ ...parties, dir: pactDir, logLevel: 'warn' });
export const planetscalePact = () => newPact(planetscaleContract);
export const localscalePact = () => newPact(localscaleContract);

/** The credential the examples carry; a verification against PlanetScale replaces it. */
export const credential = { serviceTokenId: 'pact-token-id', serviceToken: 'pact-token' } as const;
export const authorized = { Authorization: regex(/^(\S+:\S+|Bearer \S+)$/, `${credential.serviceTokenId}:${credential.serviceToken}`) };

export const sdkFor = (server: V3MockServer): PlanetScaleClient =>
  createPlanetScaleClient({ baseUrl: `${server.url}/v1`, ...credential, retry: false });
export const adminFor = (server: V3MockServer): LocalScaleAdminClient =>
  createLocalScaleAdminClient({ baseUrl: server.url, ...credential, retry: false });

// Formats.

/** ISO-8601 date and time, with or without fractional seconds. */
export const timestamp = (example = '2026-01-20T10:00:00.000Z') =>
  regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, example);
/** PlanetScale ids: short, opaque, lowercase letters and digits. */
export const id = (example = '4rwwvrxk2o99') => regex(/^[a-z0-9]+$/, example);
export const url = (example: string) => regex(/^https?:\/\/\S+$/, example);
export const oneOf = (values: readonly string[], example: string = values[0]!) => {
  if (!values.includes(example)) throw new Error(`${example} is not one of ${values.join(', ')}`);
  return regex(new RegExp(`^(${values.join('|')})$`), example);
};
export const containing = (word: string, example: string) => regex(new RegExp(`[\\s\\S]*${word}[\\s\\S]*`), example);

// Enums, from PlanetScale's spec.

export const deploymentStates = [
  'pending', 'ready', 'no_changes', 'error', 'queued', 'submitting', 'in_progress', 'in_progress_vschema', 'pending_cutover',
  'in_progress_cutover', 'complete_pending_revert', 'complete', 'in_progress_cancel', 'complete_cancel', 'cancelled',
  'complete_error', 'in_progress_revert', 'in_progress_revert_vschema', 'complete_revert', 'complete_revert_error',
] as const;
export const databaseStates = ['pending', 'importing', 'sleep_in_progress', 'sleeping', 'awakening', 'import_ready', 'ready'] as const;
export const branchStates = ['pending', 'sleep_in_progress', 'sleeping', 'awakening', 'ready'] as const;
export const operationStates = ['pending', 'queued', 'in_progress', 'complete', 'cancelled', 'error'] as const;
export const passwordRoles = ['reader', 'writer', 'readwriter', 'admin'] as const;

// Shapes.

export const actor = { id: like('usr1a2b3c4d5'), display_name: like('Ada') };
export const region = { slug: like('us-east'), display_name: like('AWS us-east-1'), enabled: boolean(true) };

/** PlanetScale's list envelope around `item`; `onePage` pins a list the state fully controls. */
export const list = (item: unknown, options: { onePage?: boolean } = {}) => ({
  type: 'list',
  current_page: 1,
  ...(options.onePage ? { next_page: nullValue(), prev_page: nullValue() } : {}),
  data: eachLike(item),
});

/** `{"code","message"}`; `code` exact where PlanetScale's is known, by type otherwise. */
export const apiError = (code: string, options: { exactCode?: boolean; message?: unknown } = {}) => ({
  code: options.exactCode === false ? like(code) : code,
  message: options.message ?? like('Not Found'),
});

/** An interaction in which the provider refuses the request with an error envelope. */
export interface Refusal {
  given?: string;
  receiving: string;
  method: string;
  /** `${...}` parts are injected by the provider state. */
  path: string;
  body?: unknown;
  status: number;
  error: unknown;
  /** The SDK call that sends the request; it must throw a PlanetScaleError with the status. */
  call: (server: V3MockServer) => Promise<unknown>;
}

export const expectRefusal = (pact: PactV4, r: Refusal) => {
  const interaction = r.given ? pact.addInteraction().given(r.given) : pact.addInteraction();
  return interaction
    .uponReceiving(r.receiving)
    .withRequest(r.method, r.path.includes('${') ? injected(r.path) : r.path, (b) => {
      b.headers(authorized);
      if (r.body !== undefined) b.jsonBody(r.body);
    })
    .willRespondWith(r.status, (b) => { b.jsonBody(r.error); })
    .executeTest(async (server) => {
      await expect(r.call(server)).rejects.toMatchObject({ status: r.status });
    });
};

/** A request for something that does not exist: 404 with PlanetScale's `not_found`. */
export const expectNotFound = (pact: PactV4, r: Omit<Refusal, 'status' | 'error'> & { message?: unknown }) =>
  expectRefusal(pact, { ...r, status: 404, error: apiError('not_found', { message: r.message }) });
