// The low-level client: openapi-fetch over the generated paths, so every path, parameter and body is typed.
import type { Client } from 'openapi-fetch';
import type { paths } from './generated/planetscale.js';

export type PlanetScaleApi = Client<paths, 'application/json'>;
