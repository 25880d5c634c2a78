/**
 * Apollo Server's cache hint directive, declared in every subgraph so type-graphql classes can carry
 * `@Directive(publicCacheHint(60))`: the subgraph's cache control plugin turns
 * the hints into Cache-Control, which the gateway combines. Not composed: its scope enum stays out of
 * the API schema.
 */
export const CACHE_CONTROL_DEFINITIONS = `
enum CacheControlScope @inaccessible {
  PUBLIC
  PRIVATE
}

directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

/** Hint of a type whose fields are only as cacheable as the field that reached it (no maxAge 0 default). */
export const INHERIT_CACHE_HINT = '@cacheControl(inheritMaxAge: true)';

/** Hint of a field anyone may cache for `maxAgeSeconds` (the gateway makes it private for signed-in callers). */
export function publicCacheHint(maxAgeSeconds: number): string {
  return `@cacheControl(maxAge: ${maxAgeSeconds}, scope: PUBLIC)`;
}
