import type { Logger } from 'pino';
import type { Actor } from '../modules/auth/actor.js';
import type { Services } from '../modules/services.js';

export interface GraphQLContext {
  requestId: string;
  actor: Actor;
  /** The raw bearer token of this request, for logout. */
  token: string | null;
  ip: string;
  services: Services;
  logger: Logger;
}
