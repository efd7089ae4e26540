import type { Schema } from './schemas.js';

/** PlanetScale's regions by slug; any other slug is presented as a generic region of that name. */
const known: Record<string, { provider: string; display_name: string; location: string }> = {
  'us-east': { provider: 'AWS', display_name: 'AWS us-east-1', location: 'Ashburn, Virginia' },
  'us-west': { provider: 'AWS', display_name: 'AWS us-west-2', location: 'Portland, Oregon' },
  'eu-west': { provider: 'AWS', display_name: 'AWS eu-west-1', location: 'Dublin, Ireland' },
  'eu-central': { provider: 'AWS', display_name: 'AWS eu-central-1', location: 'Frankfurt, Germany' },
  'ap-southeast': { provider: 'AWS', display_name: 'AWS ap-southeast-1', location: 'Singapore' },
  'gcp-us-central1': { provider: 'GCP', display_name: 'GCP us-central1', location: 'Council Bluffs, Iowa' },
};

export function presentRegion(slug: string, isDefault = slug === 'us-east'): Schema<'Region'> {
  const r = known[slug] ?? { provider: 'AWS', display_name: slug, location: slug };
  return {
    id: `region-${slug}`, slug, ...r, enabled: true, public_ip_addresses: [], current_default: isDefault,
    mysql_supported: true, postgresql_supported: false,
  };
}
