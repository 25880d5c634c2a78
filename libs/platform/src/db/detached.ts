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

/** How to turn one row into one detached object, reading only the columns some fields need. */
export interface DetachedReader<Entity> {
  /** The table's columns this reads (lazy properties, such as search vectors, are never read). */
  columns: string[];
  map(row: Record<string, unknown>): Entity;
}

export interface DetachedMapper<Entity> {
  /**
   * The reader of the entity's properties named in `fields` (plus id and createdAt, which cursors
   * need), or of every property when `fields` is null or names anything but a stored property or
   * embeddable (a getter may read any column).
   */
  reader(fields: readonly string[] | null): DetachedReader<Entity>;
  /** Compiled `select … where <filter>` per filter shape and fields, so a read does not rebuild its SQL. */
  selects: Map<string, CompiledSelect>;
}

interface CompiledSelect {
  sql: string;
  params: readonly unknown[];
  /** Per parameter: which of the filter's string values it takes, or null for a constant. */
  slots: (number | null)[] | null;
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

  const readerOf = (chosenScalars: Column[], chosenEmbedded: EmbeddedGroup[]): DetachedReader<Entity> => ({
    columns: [...chosenScalars, ...chosenEmbedded.flatMap((group) => group.columns)].map((c) => c.field),
    map(row) {
      const target = Object.create(prototype) as Record<string, unknown>;
      for (const c of chosenScalars) target[c.name] = c.convert(row[c.field]);
      for (const group of chosenEmbedded) {
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
  });
  const everything = readerOf(scalars, embedded);
  const readers = new Map<string, DetachedReader<Entity>>();
  return {
    selects: new Map(),
    reader(fields) {
      if (!fields) return everything;
      const key = [...new Set(fields)].sort().join(',');
      let reader = readers.get(key);
      if (!reader) {
        const wanted = new Set(['id', 'createdAt', ...fields]);
        wanted.delete('__typename');
        const chosenScalars = scalars.filter((c) => wanted.delete(c.name));
        const chosenEmbedded = embedded.filter((group) => wanted.delete(group.name));
        reader = wanted.size > 0 ? everything : readerOf(chosenScalars, chosenEmbedded);
        // Bounded: field sets come from clients' queries.
        if (readers.size < READER_CACHE_LIMIT) readers.set(key, reader);
      }
      return reader;
    },
  };
}

const READER_CACHE_LIMIT = 200;

/** Where a keyset page starts: after the row at (createdAt, id) in the page's order. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

const SELECT_CACHE_LIMIT = 400;

/** Stands for the i-th string of a filter while its SQL is compiled (see compiledSelect). */
const placeholder = (index: number) => `\u0000detached-param-${index}\u0000`;

/**
 * The filter with each string value (ids, owner ids) replaced by a placeholder, and those values in
 * order: filters that differ only in such values (one per user) share one compiled select.
 */
function withPlaceholders(where: unknown, values: string[]): unknown {
  if (typeof where === 'string') {
    values.push(where);
    return placeholder(values.length - 1);
  }
  if (Array.isArray(where)) return where.map((item) => withPlaceholders(item, values));
  if (where === null || typeof where !== 'object' || where instanceof Date) return where;
  return Object.fromEntries(
    Object.entries(where).map(([key, value]) => [key, withPlaceholders(value, values)]),
  );
}

/**
 * `select <columns> from <entity> e where <where>`, compiled by MikroORM's QueryBuilder once per
 * filter shape and columns, with `where`'s values as parameters. A shape whose strings MikroORM
 * rewrites while compiling (so a placeholder is not found intact among the parameters) is compiled
 * per call, its SQL cached by value (bounded) as before.
 */
function compiledSelect<Entity extends object>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  mapper: DetachedMapper<Entity>,
  where: FilterQuery<Entity>,
  columns: string[],
): { sql: string; params: readonly unknown[] } {
  const compile = (filter: unknown) => {
    const qb = em
      .createQueryBuilder(entity, 'e')
      .select(columns as never)
      .where(filter as never);
    return { sql: qb.getQuery(), params: qb.getParams() };
  };
  const remember = (key: string, select: CompiledSelect) => {
    if (mapper.selects.size < SELECT_CACHE_LIMIT) mapper.selects.set(key, select);
  };
  const values: string[] = [];
  const shape = withPlaceholders(where, values);
  const shapeKey = `shape|${JSON.stringify(shape)}|${columns.join(',')}`;
  let template = mapper.selects.get(shapeKey);
  if (!template) {
    const compiled = compile(shape);
    const slots = compiled.params.map((param) =>
      typeof param === 'string' && param.startsWith('\u0000detached-param-')
        ? Number(param.slice('\u0000detached-param-'.length, -1))
        : null,
    );
    const intact =
      slots.filter((slot) => slot !== null).length === values.length &&
      values.every((_, index) => compiled.params.includes(placeholder(index))) &&
      !compiled.sql.includes('\u0000');
    template = intact ? { ...compiled, slots } : { sql: '', params: [], slots: null };
    remember(shapeKey, template);
  }
  if (template.slots) {
    const slots = template.slots;
    return {
      sql: template.sql,
      params: template.params.map((param, i) => (slots[i] === null ? param : values[slots[i]])),
    };
  }
  const key = `${JSON.stringify(where)}|${columns.join(',')}`;
  let select = mapper.selects.get(key);
  if (!select) {
    select = { ...compile(where), slots: null };
    remember(key, select);
  }
  return select;
}

/** Up to one detached row matching `where` (e.g. by id), or null. */
export async function findDetachedOne<Entity extends object>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  mapper: DetachedMapper<Entity>,
  where: FilterQuery<Entity>,
  /** The entity's properties the caller uses (e.g. the GraphQL fields selected), or null for all. */
  fields: readonly string[] | null,
): Promise<Entity | null> {
  const reader = mapper.reader(fields);
  const select = compiledSelect(em, entity, mapper, where, reader.columns);
  const rows = await em.execute<Record<string, unknown>[]>(`${select.sql} limit 1`, [...select.params]);
  return rows.length > 0 ? reader.map(rows[0]) : null;
}

/**
 * Up to `limit` detached rows matching `where`, ordered by (createdAt, id) in `order`, after `after`.
 * The SQL of `where` is compiled once per shape (see compiledSelect) and reused.
 */
export async function findDetachedPage<Entity extends object>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  mapper: DetachedMapper<Entity>,
  where: FilterQuery<Entity>,
  page: {
    order: 'asc' | 'desc';
    after: PagePosition | null;
    limit: number;
    /** The entity's properties the caller uses (e.g. the GraphQL fields selected), or null for all. */
    fields: readonly string[] | null;
  },
): Promise<Entity[]> {
  const reader = mapper.reader(page.fields);
  const select = compiledSelect(em, entity, mapper, where, reader.columns);
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
  return rows.map(reader.map);
}
