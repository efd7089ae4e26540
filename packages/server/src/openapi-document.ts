import spec from './generated/spec.json' with { type: 'json' };

/** The merged OpenAPI document LocalScale validates requests against (both surfaces). */
export const openApiDocument: unknown = spec;
