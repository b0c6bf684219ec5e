// Configs list like secrets (source/render/secrets.ts); this holds what only a config has: readable content.

import type {SwarmConfig} from '../docker/types.js';

/** A config's content, decoded from the API's base64; undefined when it has none. */
export function configContent(config: SwarmConfig): string | undefined {
  if (config.Spec.Data === undefined) return undefined;
  return Buffer.from(config.Spec.Data, 'base64').toString('utf8');
}
