// Actors are the credential behind an action: a service token id or an access-token fingerprint.
import { createHash } from 'node:crypto';
import type { Principal } from '../http/auth.js';
import type { Schema } from './schemas.js';

export const actorIdOf = (p: Principal): string | null => (p.kind === 'anonymous' ? null : p.id);

/** Avatar URLs by actor id: a list shows the same few actors on every object, and hashing each time showed in profiles. */
const avatars = new Map<string, string>();

export function presentActor(id: string): Schema<'Actor'> {
  let avatar = avatars.get(id);
  if (avatar === undefined) {
    if (avatars.size >= 10_000) avatars.clear(); // bounded: ids are credentials, few in practice
    avatar = `https://www.gravatar.com/avatar/${createHash('md5').update(id).digest('hex')}?d=identicon`;
    avatars.set(id, avatar);
  }
  return { id, display_name: id, avatar_url: avatar };
}

export const presentNullableActor = (id: string | null | undefined): Schema<'NullableActor'> => (id ? presentActor(id) : null);

/** PlanetScale requires an actor on some objects; requests without a credential are LocalScale's own. */
export const presentRequiredActor = (id: string | null | undefined): Schema<'Actor'> => presentActor(id ?? 'localscale');
