// Actors are the credential behind an action: a service token id or an access-token fingerprint.
import { createHash } from 'node:crypto';
import type { Principal } from '../http/auth.js';
import type { Schema } from './schemas.js';

export const actorIdOf = (p: Principal): string | null => (p.kind === 'anonymous' ? null : p.id);

export function presentActor(id: string): Schema<'Actor'> {
  const digest = createHash('md5').update(id).digest('hex');
  return { id, display_name: id, avatar_url: `https://www.gravatar.com/avatar/${digest}?d=identicon` };
}

export const presentNullableActor = (id: string | null | undefined): Schema<'NullableActor'> => (id ? presentActor(id) : null);

/** PlanetScale requires an actor on some objects; requests without a credential are LocalScale's own. */
export const presentRequiredActor = (id: string | null | undefined): Schema<'Actor'> => presentActor(id ?? 'localscale');
