/** Roles, from least to most privileged. */
export const Roles = ['USER', 'RECRUITER', 'ADMIN'] as const;
export type Role = (typeof Roles)[number];

/** Who is asking: the verified subject of the request's access token. */
export interface Viewer {
  id: string;
  role: Role;
  sessionId: string;
}

/** Claims Hiregraph puts into an access token besides the registered ones (sub, iat, exp, iss, aud). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: Role;
  iat: number;
  exp: number;
}
