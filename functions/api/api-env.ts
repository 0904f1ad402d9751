import type { Principal } from '../../core/jobs/api-keys';

/**
 * The Hono environment of every `/v1` route: the principal the auth middleware put on the
 * context. Its own module so route files and the app that mounts them do not import each other.
 */
export type ApiEnv = { Variables: { principal: Principal } };
