// openapi-fetch returns `{ data, error, response }`; the resource layer wants data or an exception.
import { PlanetScaleError } from './errors.js';

interface Result<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful openapi-fetch call, or a thrown PlanetScaleError. Decides by the status, not by
 * `error`, because openapi-fetch leaves `error` undefined when a failed response has an empty body.
 */
export async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw PlanetScaleError.fromResponse(response, error);
  return data as D;
}

/** For operations that answer 204 with no body (deletes). */
export async function unwrapEmpty(call: Promise<Result<unknown>>): Promise<void> {
  await unwrap(call);
}
