import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { isUuid } from '../ids.js';
import { assertOwnerOrAdmin, requireViewer, type AuthContext } from '../auth/guards.js';

/**
 * Most ids one `where id in (...)` query carries: a gateway request may reference thousands of
 * entities, and one unbounded statement would be slow to plan and could exceed parameter limits.
 */
export const MAX_IDS_PER_QUERY = 500;

const loadersByContext = new WeakMap<object, Map<EntityClass<any>, DataLoader<string, any>>>();

/**
 * Per-request loader of `Entity` by id: the gateway sends many entity references in one request,
 * and this turns their `__resolveReference` calls into one `where id in (...)` query.
 */
export function byIdLoader<Entity extends { id: string }>(
  context: { em: EntityManager },
  entity: EntityClass<Entity>,
): DataLoader<string, Entity | null> {
  let loaders = loadersByContext.get(context);
  if (!loaders) {
    loaders = new Map();
    loadersByContext.set(context, loaders);
  }
  let loader = loaders.get(entity);
  if (!loader) {
    loader = new DataLoader<string, Entity | null>(
      async (ids) => {
        const rows = await context.em.find(entity, { id: { $in: [...ids] } } as never);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: MAX_IDS_PER_QUERY },
    );
    loaders.set(entity, loader);
  }
  return loader as DataLoader<string, Entity | null>;
}

/** `__resolveReference` for an entity keyed by a UUID `id`; unknown or malformed ids resolve to null. */
export function resolveReferenceById<Entity extends { id: string }>(entity: EntityClass<Entity>) {
  return (reference: { id: string }, context: { em: EntityManager }): Promise<Entity | null> | null =>
    isUuid(reference.id) ? byIdLoader(context, entity).load(reference.id) : null;
}

/**
 * Loads an entity by id for the viewer: null when it does not exist, FORBIDDEN unless the viewer
 * owns it (per `ownerOf`) or is an admin. Every way of reaching an owned entity goes through this.
 */
export async function loadOwnedById<Entity extends { id: string }>(
  context: { em: EntityManager } & AuthContext,
  entity: EntityClass<Entity>,
  id: string,
  ownerOf: (row: Entity) => string,
): Promise<Entity | null> {
  const row = await byIdLoader(context, entity).load(id);
  if (row) assertOwnerOrAdmin(context, ownerOf(row));
  return row;
}

/**
 * `__resolveReference` for an owned entity: signed-in viewers only; unknown or malformed ids resolve
 * to null, and someone else's entity is FORBIDDEN (see loadOwnedById).
 */
export function resolveOwnedReference<Entity extends { id: string }>(
  entity: EntityClass<Entity>,
  ownerOf: (row: Entity) => string,
) {
  return (
    reference: { id: string },
    context: { em: EntityManager } & AuthContext,
  ): Promise<Entity | null> | null => {
    requireViewer(context);
    return isUuid(reference.id) ? loadOwnedById(context, entity, reference.id, ownerOf) : null;
  };
}
