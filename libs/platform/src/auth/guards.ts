import type { AuthChecker } from 'type-graphql';
import { codedError, ErrorCode } from '../errors.js';
import { unauthenticated } from './tokens.js';
import type { Role, Viewer } from './viewer.js';

export interface AuthContext {
  viewer: Viewer | null;
}

/** The signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(ctx: AuthContext): Viewer {
  if (!ctx.viewer) throw unauthenticated('Sign in to do this');
  return ctx.viewer;
}

export function forbidden(message = 'You are not allowed to do this') {
  return codedError(ErrorCode.Forbidden, message);
}

export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return roles.includes(viewer.role);
}

/** Ownership in one line: the owner or an admin passes, anyone else gets FORBIDDEN. */
export function assertOwnerOrAdmin(ctx: AuthContext, ownerId: string): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.id !== ownerId && viewer.role !== 'ADMIN') throw forbidden();
  return viewer;
}

export function requireRole(ctx: AuthContext, ...roles: Role[]): Viewer {
  const viewer = requireViewer(ctx);
  if (!hasRole(viewer, ...roles)) throw forbidden();
  return viewer;
}

/**
 * type-graphql's `@Authorized()` / `@Authorized('ADMIN', ...)`: signed in, and one of the roles when
 * any are named. Throws (rather than returning false) so clients get the right code.
 */
export const authChecker: AuthChecker<AuthContext, Role> = ({ context }, roles) => {
  if (roles.length === 0) requireViewer(context);
  else requireRole(context, ...roles);
  return true;
};
