export { createEdge, EdgeConfigError } from './edge.js';
export { passwordVerifiers, type AuthPlugin, type PasswordVerifier } from './auth/scramble.js';
export { generateCertificates, type GeneratedCertificates, type CertificateOptions } from './tls/certificates.js';
export type {
  BranchRoute, Credential, Edge, EdgeHttpOptions, EdgeLogger, EdgeOptions, EdgeStats, EdgeTlsOptions, KeyspaceRoute, PasswordRole,
  TlsMode, UpstreamConfig, VitessSurface,
} from './types.js';
export { SqlError } from './errors.js';
export { routeStatement, type Route, type RouteContext, type RoutedKeyspace } from './vtgate/route.js';
export { Sequences } from './vtgate/sequences.js';
