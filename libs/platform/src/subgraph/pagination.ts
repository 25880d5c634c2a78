import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from '../errors.js';
import { isUuid } from '../ids.js';
import { detachedMapper, findDetachedPage } from '../db/detached.js';
import { INHERIT_CACHE_HINT } from './cache-hints.js';

/**
 * Relay-style connections with keyset cursors over (createdAt, id): a page is found by seeking past
 * the cursor's row, so deep pages cost what the first one does and rows added meanwhile neither
 * repeat nor vanish. The cursor is opaque to clients (base64url of the row's position).
 */

/** Largest `first` a client may ask for; more pages are fetched with `after`. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many items to return (1–${MAX_PAGE_SIZE}).`,
  })
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, {
    nullable: true,
    description: "Return items after this cursor (a previous page's `pageInfo.endCursor`).",
  })
  after?: string | null;
}

// Every subgraph with a connection declares the same PageInfo; composition merges it.
@Directive('@shareable')
@Directive(INHERIT_CACHE_HINT)
@ObjectType({ description: 'Where a page sits in its list.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether items precede this page (an `after` cursor was given).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after`.' })
  endCursor!: string | null;
}

export interface Edge<Node> {
  cursor: string;
  node: Node;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  nodes: Node[];
  pageInfo: PageInfo;
  /** A promise when counting takes a query, which then runs only if the client selects the field. */
  totalCount: number | Promise<number>;
}

/**
 * The GraphQL types `<Name>Edge` and `<Name>Connection` for a node type. Call once per node type, at
 * module level (type-graphql registers the classes globally).
 */
export function connectionType<Node extends object>(
  node: ClassType<Node>,
  name: string,
): ClassType<Connection<Node>> {
  // A page is as cacheable as the field that returned it (e.g. `jobs`, public for a minute).
  @Directive(INHERIT_CACHE_HINT)
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field({ description: 'Pass as `after` to continue after this item.' })
    cursor!: string;

    @Field(() => node)
    node!: Node;
  }

  @Directive(INHERIT_CACHE_HINT)
  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node], { description: 'The items of `edges`, without cursors.' })
    nodes!: Node[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds.' })
    totalCount!: number | Promise<number>;
  }

  return ConnectionType;
}

interface Position {
  createdAt: Date;
  id: string;
}

/** One value of a keyset position: a sort key (text, number, or null for "unknown") or an id. */
export type CursorKey = string | number | null;

const invalidCursor = () => badUserInput('after is not a valid cursor', { field: 'after' });

/**
 * An opaque cursor over any keyset position, e.g. `[sortName, sortKey, id]`; for orders other than
 * (createdAt, id), such as relevance or salary. Whoever encodes a shape also checks it on decoding.
 */
export function encodeKeyCursor(position: CursorKey[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a key cursor names; BAD_USER_INPUT (field `after`) unless it is one of `arity` keys. */
export function decodeKeyCursor(cursor: string, arity: number): CursorKey[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const isKey = (value: unknown) =>
    value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  if (!Array.isArray(decoded) || decoded.length !== arity || !decoded.every(isKey)) throw invalidCursor();
  return decoded as CursorKey[];
}

/** A cursor's key that must be a UUID (the tie-breaking id). */
export function cursorId(key: CursorKey): string {
  if (typeof key !== 'string' || !isUuid(key)) throw invalidCursor();
  return key;
}

export function encodeCursor(row: Position): string {
  return encodeKeyCursor([row.createdAt.toISOString(), row.id]);
}

/** The position a cursor names; BAD_USER_INPUT (field `after`) for anything this did not encode. */
export function decodeCursor(cursor: string): Position {
  const [createdAt, id] = decodeKeyCursor(cursor, 2);
  if (typeof createdAt !== 'string') throw invalidCursor();
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== createdAt) throw invalidCursor();
  return { createdAt: date, id: cursorId(id) };
}

/**
 * The connection of one page, given up to `first + 1` rows in order (the extra row only tells that
 * more follow) and how each node's cursor is made. `totalCount` may be a function counting with a
 * query: it then runs only if the client selects the field (GraphQL reads it through a getter), once.
 */
export function toConnection<Node>(
  rows: Node[],
  first: number,
  options: {
    hasPreviousPage: boolean;
    totalCount: number | (() => Promise<number>);
    cursorOf: (node: Node) => string;
  },
): Connection<Node> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: options.cursorOf(node), node }));
  const connection: Connection<Node> = {
    edges,
    nodes,
    totalCount: 0,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: options.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
  const count = options.totalCount;
  if (typeof count === 'number') connection.totalCount = count;
  else {
    let counted: Promise<number> | undefined;
    Object.defineProperty(connection, 'totalCount', { enumerable: true, get: () => (counted ??= count()) });
  }
  return connection;
}

export function requirePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  }
  return first;
}

/**
 * One page of `entity` rows matching `where`, ordered by (createdAt, id) — newest first with
 * `'desc'` — starting after `page.after`. With `detached`, the rows are plain read-only objects
 * shaped like the entity (see db/detached.ts): much cheaper for a public list that is only
 * serialised; entities with relations are loaded through the EntityManager regardless.
 */
export async function paginate<Entity extends Position>(
  em: EntityManager,
  entity: EntityClass<Entity>,
  where: FilterQuery<Entity>,
  page: PageArgs,
  order: 'asc' | 'desc',
  options: {
    detached?: boolean;
    /** With `detached`: the node fields the client selected (see selectedNodeFields); null for all. */
    fields?: readonly string[] | null;
  } = {},
): Promise<Connection<Entity>> {
  const first = requirePageSize(page.first);
  const after = page.after == null ? null : decodeCursor(page.after);
  const beyond = order === 'desc' ? '$lt' : '$gt';
  const seek = after
    ? {
        $or: [
          { createdAt: { [beyond]: after.createdAt } },
          { createdAt: after.createdAt, id: { [beyond]: after.id } },
        ],
      }
    : {};
  const filter = { $and: [where, seek] } as FilterQuery<Entity>;
  const orderBy = { createdAt: order, id: order } as never;
  const detached = options.detached ? detachedMapper(em, entity) : null;
  const rows = detached
    ? await findDetachedPage(em, entity, detached, where, {
        order,
        after,
        limit: first + 1,
        fields: options.fields ?? null,
      })
    : await em.find(entity, filter, { orderBy, limit: first + 1 });
  // A first page that holds the whole list is its own count.
  const totalCount = after === null && rows.length <= first ? rows.length : () => em.count(entity, where);
  return toConnection(rows, first, { hasPreviousPage: after !== null, totalCount, cursorOf: encodeCursor });
}

/**
 * The fields a connection field's query selects on its nodes (under `nodes` and `edges.node`), so a
 * detached page reads only their columns; null (read everything) when fragments are involved.
 */
export function selectedNodeFields(info: GraphQLResolveInfo): string[] | null {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, at: 'connection' | 'edge' | 'node'): boolean => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) return false;
      const name = selection.name.value;
      if (at === 'node') names.add(name);
      else if (at === 'connection' && name === 'nodes' && !visit(selection.selectionSet, 'node'))
        return false;
      else if (at === 'connection' && name === 'edges' && !visit(selection.selectionSet, 'edge'))
        return false;
      else if (at === 'edge' && name === 'node' && !visit(selection.selectionSet, 'node')) return false;
    }
    return true;
  };
  for (const node of info.fieldNodes) if (!visit(node.selectionSet, 'connection')) return null;
  return [...names];
}
