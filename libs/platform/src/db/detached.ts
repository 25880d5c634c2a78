import {
  ReferenceKind,
  type EntityClass,
  type EntityMetadata,
  type EntityProperty,
  type FilterQuery,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Read-only rows as plain objects shaped like their entity, without MikroORM's hydration, identity
 * map and change-tracking snapshot, which cost most of a hot list query's CPU. For pages that are
 * only serialised (GraphQL lists); never for rows a request changes. Entities with relations are
 * not supported (`detachedMapper` returns null for them: load those through the EntityManager).
 */

/** How to turn one row into one detached object. */
export interface DetachedMapper<Entity> {
  /** The table's columns this reads (lazy properties, such as search vectors, are left out). */
  columns: string[];
  map(row: Record<string, unknown>): Entity;
  /** Compiled `select … where <filter>` per filter (as JSON), so a page does not rebuild its SQL. */
  selects: Map<string, { sql: string; params: readonly unknown[] }>;
}

interface Column {
  name: string;
  field: string;
  convert: (value: unknown) => unknown;
}

interface EmbeddedGroup {
  name: string;
  nullable: boolean;
  columns: Column[];
}

const mappers = new WeakMap<EntityMetadata, DetachedMapper<any> | null>();

/** The mapper of an entity class, or null when it has relations or other unsupported properties. */
export function detachedMapper<Entity extends object>(
  em: EntityManager,
  entity: EntityClass<Entity>,
): DetachedMapper<Entity> | null {
  const meta = em.getMetadata().get(entity) as EntityMetadata<Entity>;
  if (!mappers.has(meta)) mappers.set(meta, buildMapper(em, meta));
  return mappers.get(meta) as DetachedMapper<Entity> | null;
}

function buildMapper<Entity extends object>(
  em: EntityManager,
  meta: EntityMetadata<Entity>,
): DetachedMapper<Entity> | null {
  const platform = em.getPlatform();
  const column = (prop: EntityProperty<any>, name: string): Column => {
    const field = prop.fieldNames[0];
    // The same conversions MikroORM's hydrator applies to a row.
    if (prop.customType) {
      const type = prop.customType;
      return {
        name,
        field,
        convert: (value) => (value == null ? value : type.convertToJSValue(value, platform)),
      };
    }
    if (prop.runtimeType === 'boolean')
      return { name, field, convert: (value) => (value == null ? value : !!value) };
    if (prop.runtimeType === 'Date') {
      return {
        name,
        field,
        convert: (value) =>
          value == null || value instanceof Date ? value : new Date(value as string | number),
      };
    }
    return { name, field, convert: (value) => value };
  };

  const scalars: Column[] = [];
  const embedded: EmbeddedGroup[] = [];
  for (const prop of meta.props) {
    if (prop.persist === false || prop.lazy || prop.formula) continue;
    if (prop.kind === ReferenceKind.EMBEDDED) {
      if (prop.object || prop.array) return null;
      embedded.push({ name: prop.name, nullable: !!prop.nullable, columns: [] });
      continue;
    }
    if (prop.kind !== ReferenceKind.SCALAR || prop.fieldNames?.length !== 1) return null;
    if (prop.embedded) continue; // placed with its embeddable below
    scalars.push(column(prop, prop.name));
  }
  for (const group of embedded) {
    for (const prop of meta.props) {
      if (prop.embedded?.[0] !== group.name) continue;
      if (prop.kind !== ReferenceKind.SCALAR || prop.fieldNames?.length !== 1) return null;
      group.columns.push(column(prop, prop.embedded[1]));
    }
  }
  // Getters and methods of the class (e.g. a computed field), but not MikroORM's property setters.
  const prototype = Object.create(Object.prototype) as object;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(meta.prototype))) {
    if (key === 'constructor' || key.startsWith('__')) continue;
    if (descriptor.get || typeof descriptor.value === 'function')
      Object.defineProperty(prototype, key, descriptor);
  }

  return {
    columns: [...scalars, ...embedded.flatMap((group) => group.columns)].map((c) => c.field),
    selects: new Map(),
    map(row) {
      const target = Object.create(prototype) as Record<string, unknown>;
      for (const c of scalars) target[c.name] = c.convert(row[c.field]);
      for (const group of embedded) {
        const value: Record<string, unknown> = {};
        let empty = true;
        for (const c of group.columns) {
          value[c.name] = c.convert(row[c.field]);
          if (value[c.name] != null) empty = false;
        }
        target[group.name] = empty && group.nullable ? null : value;
      }
      return target as Entity;
    },
  };
}

/** Where a keyset page starts: after the row at (createdAt, id) in the page's order. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

const SELECT_CACHE_LIMIT = 100;

/**
 * Up to `limit` detached rows matching `where`, ordered by (createdAt, id) in `order`, after `after`.
 * The SQL of `where` is compiled once (by MikroORM's QueryBuilder) and reused: `where` must be
 * made by code, not from request input, or the cache would grow with every distinct value (it is
 * bounded, and compiles afresh beyond its size).
 */
export async function findDetachedPage<Entity extends object>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  mapper: DetachedMapper<Entity>,
  where: FilterQuery<Entity>,
  page: { order: 'asc' | 'desc'; after: PagePosition | null; limit: number },
): Promise<Entity[]> {
  const key = JSON.stringify(where);
  let select = mapper.selects.get(key);
  if (!select) {
    const qb = em
      .createQueryBuilder(entity, 'e')
      .select(mapper.columns as never)
      .where(where as never);
    select = { sql: qb.getQuery(), params: qb.getParams() };
    if (mapper.selects.size < SELECT_CACHE_LIMIT) mapper.selects.set(key, select);
  }
  const properties = em.getMetadata().get(entity).properties as Record<string, EntityProperty>;
  const column = (name: string) => `"e".${em.getPlatform().quoteIdentifier(properties[name].fieldNames[0])}`;
  const [createdAt, id] = [column('createdAt'), column('id')];
  const at = select.sql.indexOf(' where ');
  const [head, condition] =
    at < 0 ? [select.sql, 'true'] : [select.sql.slice(0, at), select.sql.slice(at + 7)];
  const beyond = page.order === 'desc' ? '<' : '>';
  const seek = page.after
    ? ` and (${createdAt} ${beyond} ? or (${createdAt} = ? and ${id} ${beyond} ?))`
    : '';
  const sql = `${head} where (${condition})${seek} order by ${createdAt} ${page.order}, ${id} ${page.order} limit ?`;
  const params = page.after
    ? [...select.params, page.after.createdAt, page.after.createdAt, page.after.id, page.limit]
    : [...select.params, page.limit];
  const rows = await em.execute<Record<string, unknown>[]>(sql, params);
  return rows.map(mapper.map);
}
