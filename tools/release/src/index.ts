export { publishedManifest, sourceCondition, requiredFields, ManifestError, type Manifest } from './manifest.js';
export { releaseArtifacts, releaseVersion, readRelease, type ReleaseArtifacts } from './artifacts.js';
