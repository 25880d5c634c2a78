import {
  buildSchema,
  execute,
  printSchema,
  getOperationAST,
  GraphQLError,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values.js';
import pLimit from 'p-limit';
import { parseWithLimits } from '@hiregraph/platform/query-limits';
import { codedError, ErrorCode, serviceUnavailable } from '@hiregraph/platform/errors';
import { isTransientJetStreamError } from '@hiregraph/platform/events/nats-cluster';
import type { Logger } from '@hiregraph/platform/logger';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { SUBGRAPH_UNAVAILABLE } from '../subgraph-data-source.js';
import type { EventHub, FeedSource, StreamedEvent } from './event-hub.js';
import { LIVE_FIELDS, type EntityField, type LiveField } from './registry.js';

/** What a transport knows about the client of a subscription. */
export interface LiveClient {
  viewer: Viewer;
  /** The access token (renewable on the connection), used for every query run on the client's behalf. */
  token: string;
  clientIp?: string;
  userAgent?: string;
  /** Bytes written to the client's socket but not yet sent. */
  bufferedBytes(): number;
  /** Ends the connection with a coded close (the slow-client path). */
  close(code: number, reason: string): void;
}

/** A query run through the gateway on a client's behalf (Apollo executeOperation). */
export type RunQuery = (
  query: string,
  variables: Record<string, unknown>,
  client: LiveClient,
  traceparent?: string,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;

export interface LiveRequest {
  query: string | DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

const MAX_CACHED_DOCUMENTS = 1_000;

export const LiveCloseCode = {
  /** The access token is missing, invalid or expired (and was not renewed). */
  Unauthorized: 4401,
  /** The session was revoked (logout, password change, account deleted). */
  Forbidden: 4403,
  /** The client did not read fast enough: its buffer filled up. */
  SlowConsumer: 4413,
} as const;

export interface LiveBridgeOptions {
  hub: EventHub;
  runQuery: RunQuery;
  logger: Logger;
  maxConcurrentResolutions: number;
  clientBufferEvents: number;
  clientBufferBytes: number;
  fields?: Record<string, LiveField>;
  /** The gateway's query limits (libs/platform/src/query-limits.ts), applied to subscription documents too. */
  queryLimits: { validationRules: ValidationRule[]; parseOptions: ParseOptions };
  /** How far back a subscription may resume (EventHub.resumePoint). */
  replayWindowMs: number;
}

/** A subscription the bridge accepted: authorized, its cursor parsed, not yet started. */
export interface PreparedSubscription {
  start(): AsyncIterableIterator<ExecutionResult>;
}

/**
 * Opaque cursors are stream sequences ("0": the oldest event the gateway replays); anything else
 * is refused. No cursor: live events only.
 */
function parseCursor(after: unknown): number | null {
  if (after === undefined || after === null || after === '') return null;
  const text = String(after);
  if (!/^\d{1,15}$/.test(text))
    throw codedError(ErrorCode.BadUserInput, 'after is not a cursor', { field: 'after' });
  return Number(text);
}

/** Pauses before resolving an event again when a subgraph was unavailable: about a restart's length. */
const ENTITY_RETRY_PAUSES_MS = [250, 1_000, 3_000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isSubgraphUnavailable = (error: { extensions?: Readonly<Record<string, unknown>> }) =>
  error.extensions?.code === SUBGRAPH_UNAVAILABLE;

/**
 * The subscriptions bridge: @apollo/gateway cannot execute subscriptions, so the gateway serves
 * them itself. A subscription document is validated against the supergraph's API schema; its field
 * is looked up in the registry (LIVE_FIELDS), authorized with a query through the gateway, and fed
 * from the event stream. For each event the client's selection set is executed locally: payload
 * fields come from the event, entity fields (e.g. `resume { title owner { fullName } }`) by a query
 * through the gateway with the client's token, so any field of any subgraph can be asked for.
 */
export class LiveBridge {
  private schema?: GraphQLSchema;
  private readonly fields: Record<string, LiveField>;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly documents = new Map<string, ParsedDocument>();
  /** Numbers parsed documents for share keys; never reused, so a cleared cache cannot mix them up. */
  private documentIds = 0;
  /** Resolutions run, for tests and the bench (shared ones count once). */
  resolutions = 0;
  /** Entity queries run through the gateway for events (at most one per resolution). */
  entityQueries = 0;
  /** Events resolved again because a subgraph was unavailable (ENTITY_RETRY_PAUSES_MS). */
  entityRetries = 0;
  /** Most entity queries running at once (bounded by maxConcurrentResolutions for all events). */
  peakEntityQueries = 0;
  private entityQueriesRunning = 0;
  /** Subscriptions whose client was closed for not keeping up (4413). */
  slowClientsClosed = 0;
  /** Subscriptions running now, and results delivered to subscribers so far (for /metrics). */
  activeSubscriptions = 0;
  deliveries = 0;

  constructor(private readonly options: LiveBridgeOptions) {
    this.fields = options.fields ?? LIVE_FIELDS;
    this.limit = pLimit(options.maxConcurrentResolutions);
  }

  /**
   * The supergraph's API schema, rebuilt from its SDL: @apollo/gateway puts its own resolvers on its
   * copy (read by response key), and this bridge resolves fields its own way.
   */
  setSchema(apiSchema: GraphQLSchema): void {
    this.schema = buildSchema(printSchema(apiSchema));
    this.documents.clear();
  }

  /**
   * A subscription document, parsed and validated once per query text (without token locations)
   * and shared by every subscription sending that text: a parsed query with its token list costs
   * several kilobytes, held for as long as the subscription lives.
   */
  parse(
    query: string | DocumentNode,
  ): (ParsedDocument & { errors?: undefined }) | { errors: GraphQLError[] } {
    const text = typeof query === 'string' ? query : print(query);
    const cached = this.documents.get(text);
    if (cached) return cached;
    // The gateway's query limits (depth, aliases, cost, tokens) as for HTTP: a subscription's every
    // event runs its selection, so one oversized document would cost on each event.
    const checked = parseWithLimits(this.apiSchema, text, this.options.queryLimits);
    // Refusals are not cached: a refused text may be as large as a socket message.
    if (checked.errors) return { errors: checked.errors };
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of checked.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    this.documentIds += 1;
    const entry: ParsedDocument = { text, id: this.documentIds, document: checked.document, fragments };
    // Bounded: past the limit, start over (clients rarely send that many distinct subscriptions).
    if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.clear();
    this.documents.set(text, entry);
    return entry;
  }

  /**
   * The bridge's copy of a query text it has parsed (`text` itself otherwise): a transport keeps
   * each subscribe message for the subscription's life, and identical subscriptions then share one
   * text instead of holding a copy each.
   */
  sharedQueryText(text: unknown): unknown {
    return (typeof text === 'string' && this.documents.get(text)?.text) || text;
  }

  get apiSchema(): GraphQLSchema {
    if (!this.schema) throw codedError(ErrorCode.Internal, 'supergraph not loaded');
    return this.schema;
  }

  /**
   * Parses, validates and authorizes a subscription. Returns coded errors when it is refused, or
   * undefined when the operation is not a subscription (queries and mutations go to Apollo).
   */
  async prepare(
    request: LiveRequest,
    client: LiveClient,
    overrideAfter?: string,
  ): Promise<PreparedSubscription | readonly GraphQLError[] | undefined> {
    const schema = this.apiSchema;
    const parsed = this.parse(request.query);
    if (parsed.errors) return parsed.errors;
    const { document, fragments } = parsed;
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation) return [codedError(ErrorCode.BadUserInput, 'Operation not found')];
    if (operation.operation !== 'subscription') return undefined;
    const [rootField] = operation.selectionSet.selections;
    if (rootField?.kind !== Kind.FIELD) {
      return [codedError(ErrorCode.BadUserInput, 'A subscription selects its field directly')];
    }
    const fieldName = rootField.name.value;
    const live = this.fields[fieldName];
    const fieldDef = schema.getSubscriptionType()?.getFields()[fieldName];
    if (!live || !fieldDef) {
      return [codedError(ErrorCode.BadUserInput, `Subscription ${fieldName} is not served yet`)];
    }
    const variables = request.variables ?? {};
    let args: unknown;
    let afterSeq: number | null;
    try {
      // Variables are coerced against the schema (typed errors for bad values) before the field's own checks.
      const { coerced, errors } = coerceVariables(schema, operation, variables);
      if (errors) return errors;
      const raw = getArgumentValues(fieldDef, rootField, coerced);
      args = live.parseArgs(raw);
      afterSeq = parseCursor(overrideAfter ?? raw.after);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const authorized = await this.authorize(live, args, client);
    if (authorized instanceof GraphQLError) return [authorized];
    if (afterSeq !== null) {
      // Only once authorized: the stream's positions are nobody else's business.
      const source: FeedSource = live.live ? { live: live.live.family } : live.eventTypes[0];
      try {
        afterSeq = await this.hub.resumePoint(source, afterSeq, this.options.replayWindowMs);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        // Still no stream leader after the hub's retries: a coded, retryable refusal.
        if (isTransientJetStreamError(error)) return [serviceUnavailable()];
        throw error;
      }
    }
    const windowStart = new Date(Date.now() - this.options.replayWindowMs);
    const createdSince =
      afterSeq === null && live.replaySince ? sinceWithSkew(live.replaySince(authorized)) : null;
    // Bounded like cursors: work created long ago is not replayed from its start.
    const replaySince = createdSince && (createdSince < windowStart ? windowStart : createdSince);
    return new PreparedLiveSubscription(this, {
      live,
      args,
      afterSeq,
      replaySince,
      client,
      document,
      fragments,
      operation,
      fieldName,
      variables,
      shareKey: [
        // Payload fields come from the event alone (the viewer was authorized at subscribe time):
        // every viewer with the same selection shares them. Entity fields are the viewer's own query.
        ...(selectsEntities(document, live) ? [client.viewer.id, client.viewer.role] : ['*', '*']),
        request.operationName ?? '',
        // The parsed document's number, not its text: the key is kept by every subscription.
        parsed.id,
        JSON.stringify(variables),
      ].join('\u0000'),
    });
  }

  /** The authorize query's data when the viewer may subscribe, the coded refusal otherwise. */
  private async authorize(
    live: LiveField,
    args: unknown,
    client: LiveClient,
  ): Promise<Record<string, unknown> | GraphQLError> {
    const { data, errors } = await this.options.runQuery(
      live.authorize.query,
      live.authorize.variables(args),
      client,
    );
    if (errors?.length) {
      const [first] = errors;
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : ErrorCode.Forbidden;
      return codedError(code as ErrorCode, first.message);
    }
    const found = data && Object.values(data).every((value) => value !== null && value !== undefined);
    return found ? data : codedError(ErrorCode.NotFound, 'Nothing to subscribe to with these arguments');
  }

  /** Resolves one event for one subscription's selection set, through the concurrency cap. */
  /**
   * An event's result for one subscription. When a subgraph timed out or refused the connection
   * (restarting, overloaded), the event is resolved again after a pause, outside the concurrency
   * limit so others go on meanwhile: each event is delivered once and should carry its entities,
   * not a passing outage. A longer outage is delivered as the coded error.
   */
  async resolve(subscription: SubscriptionPlan, streamed: StreamedEvent): Promise<ExecutionResult> {
    let result = await this.limit(() => this.execute(subscription, streamed));
    for (const pause of ENTITY_RETRY_PAUSES_MS) {
      if (!result.errors?.some(isSubgraphUnavailable)) break;
      this.entityRetries += 1;
      await sleep(pause);
      result = await this.limit(() => this.execute(subscription, streamed));
    }
    return result;
  }

  private async execute(plan: SubscriptionPlan, { seq, event }: StreamedEvent): Promise<ExecutionResult> {
    this.resolutions += 1;
    const cursor = String(seq);
    const source = { cursor, ...plan.live.payload(event) };
    const payloadType = plan.live.payloadType;
    const requests: EntityRequest[] = [];
    const fieldResolver: GraphQLFieldResolver<any, unknown> = (parent, _args, _context, info) => {
      if (info.parentType.name === payloadType) {
        const entity = plan.live.entities[info.fieldName];
        if (entity) {
          return new Promise((resolve, reject) =>
            requests.push({ info, entity, key: entity.key(event), resolve, reject }),
          );
        }
        return parent?.[info.fieldName];
      }
      if (info.parentType === info.schema.getSubscriptionType()) return parent?.[info.fieldName];
      // Below an entity: the query result is keyed by response key (alias or name).
      return parent?.[info.path.key];
    };
    // graphql-js calls the payload's field resolvers synchronously within execute(): once it
    // returns, every entity field (each alias, in fragments too) has asked, and they are fetched
    // together by one query.
    const executing = execute({
      schema: this.apiSchema,
      document: plan.document,
      operationName: plan.operation.name?.value,
      variableValues: plan.variables,
      rootValue: { [plan.fieldName]: source },
      fieldResolver,
    });
    const entityErrors = await this.fetchEntities(plan, requests, event.traceparent);
    const result = await executing;
    const errors = [...(result.errors ?? []), ...entityErrors];
    return {
      data: result.data,
      ...(errors.length ? { errors } : {}),
      extensions: { cursor },
    };
  }

  /**
   * Runs one query through the gateway with the client's token for all entity fields of one event:
   * `resume(id: $liveKey0) { <the client's selection> } job: job(id: $liveKey1) { … }`, each under
   * its response key. Errors keep their codes and land at their path under the entity field.
   */
  private async fetchEntities(
    plan: SubscriptionPlan,
    requests: EntityRequest[],
    traceparent: string | undefined,
  ): Promise<GraphQLError[]> {
    if (requests.length === 0) return [];
    const query = entitiesQuery(plan, requests);
    const variables: Record<string, unknown> = {};
    requests.forEach((request, index) => (variables[`liveKey${index}`] = request.key));
    for (const name of query.variableNames) variables[name] = plan.variables[name];
    this.entityQueries += 1;
    this.entityQueriesRunning += 1;
    this.peakEntityQueries = Math.max(this.peakEntityQueries, this.entityQueriesRunning);
    let answer: Awaited<ReturnType<RunQuery>>;
    try {
      answer = await this.options.runQuery(query.text, variables, plan.client, traceparent);
    } catch (error) {
      for (const request of requests) request.reject(error);
      return [];
    } finally {
      this.entityQueriesRunning -= 1;
    }
    const { data, errors } = answer;
    // The payload object's path: every entity field is one of its fields.
    const prefix = pathOf(requests[0].info.path).slice(0, -1);
    const mapped = (errors ?? []).map(
      (error) =>
        new GraphQLError(error.message, {
          path: [...prefix, ...(error.path ?? [String(requests[0].info.path.key)])],
          extensions: error.extensions,
        }),
    );
    for (const request of requests) request.resolve(data?.[String(request.info.path.key)] ?? null);
    return mapped;
  }

  get clientBufferEvents(): number {
    return this.options.clientBufferEvents;
  }
  get clientBufferBytes(): number {
    return this.options.clientBufferBytes;
  }
  get hub(): EventHub {
    return this.options.hub;
  }
  get logger(): Logger {
    return this.options.logger;
  }
}

/** Whether the document asks for any entity field of the payload (conservatively: any field so named). */
function selectsEntities(document: DocumentNode, live: LiveField): boolean {
  const names = new Set(Object.keys(live.entities));
  let found = false;
  visit(document, {
    Field: (field) => {
      if (names.has(field.name.value)) found = true;
    },
  });
  return found;
}

function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): { coerced: Record<string, unknown>; errors?: GraphQLError[] } {
  const values = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if ('errors' in values && values.errors) {
    return {
      coerced: {},
      errors: values.errors.map((error) => codedError(ErrorCode.BadUserInput, error.message)),
    };
  }
  return { coerced: values.coerced ?? {} };
}

/**
 * The stream's timestamps come from the NATS server's clock, an entity's createdAt from its
 * subgraph's: start a little earlier (the extra events are other entities', filtered out).
 */
const REPLAY_CLOCK_SKEW_MS = 5_000;
const sinceWithSkew = (time: Date | null): Date | null =>
  time && new Date(time.getTime() - REPLAY_CLOCK_SKEW_MS);

function pathOf(path: GraphQLResolveInfo['path'] | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let node = path; node; node = node.prev) keys.unshift(node.key);
  return keys;
}

/** An entity field of one event's payload waiting for the event's entity query. */
interface EntityRequest {
  info: GraphQLResolveInfo;
  entity: EntityField;
  key: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The query that fetches all entity fields of one payload, each under its response key (with the
 * fragments and variables the selections use).
 */
function entitiesQuery(
  plan: SubscriptionPlan,
  requests: EntityRequest[],
): { text: string; variableNames: string[] } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const variableNames = new Set<string>();
  const collect = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      Variable: (variable) => {
        variableNames.add(variable.name.value);
      },
      FragmentSpread: (spread) => {
        const name = spread.name.value;
        if (fragments.has(name)) return;
        const definition = plan.fragments.get(name);
        if (!definition) return;
        fragments.set(name, withTypenames(definition));
        collect(definition);
      },
    });
  const fields = requests.map(({ info, entity }, index) => {
    const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
    const selectionSet: SelectionSetNode = withTypenames({ kind: Kind.SELECTION_SET, selections });
    collect(selectionSet);
    const responseKey = String(info.path.key);
    const alias = responseKey === entity.rootField ? '' : `${responseKey}: `;
    return `  ${alias}${entity.rootField}(${entity.argument}: $liveKey${index}) ${print(selectionSet)}`;
  });
  const keyDefinitions = requests.map((_, index) => `$liveKey${index}: ID!`);
  const clientDefinitions = (plan.operation.variableDefinitions ?? [])
    .filter((definition) => variableNames.has(definition.variable.name.value))
    .map(print);
  const text = [
    `query LiveEntities(${[...keyDefinitions, ...clientDefinitions].join(', ')}) {`,
    ...fields,
    '}',
    ...[...fragments.values()].map(print),
  ].join('\n');
  return { text, variableNames: [...variableNames] };
}

/** Adds `__typename` to every selection set, so unions and interfaces resolve their types locally. */
function withTypenames<Node extends SelectionSetNode | FragmentDefinitionNode>(node: Node): Node {
  return visit(node, {
    SelectionSet: (set) => ({
      ...set,
      selections: [...set.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }],
    }),
  }) as Node;
}

/** A field's feeds: one per event type, or its live family (replaying only the subscription's key). */
function feedsOf(
  hub: EventHub,
  live: LiveField,
  args: unknown,
): {
  source: FeedSource;
  /** After a cursor, or (event types only) since a time when `since` is given. */
  replay(afterSeq: number, since: Date | null, signal: AbortSignal): AsyncGenerator<StreamedEvent>;
}[] {
  const family = live.live;
  if (family) {
    const key = family.key(args);
    return [
      {
        source: { live: family.family },
        replay: (afterSeq, _since, signal) => hub.replayLive(family.family, key, afterSeq, signal),
      },
    ];
  }
  return live.eventTypes.map((type) => ({
    source: type,
    replay: (afterSeq, since, signal) =>
      since ? hub.replaySince(type, since, signal) : hub.replay(type, afterSeq, signal),
  }));
}

interface SubscriptionPlan {
  live: LiveField;
  args: unknown;
  afterSeq: number | null;
  /** Without a cursor: replay from this time first (LiveField.replaySince). */
  replaySince: Date | null;
  client: LiveClient;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fieldName: string;
  variables: Record<string, unknown>;
  /** Equal for subscriptions whose every event resolves to the same result. */
  shareKey: string;
  /** The document's fragments by name (shared with every subscription of the same text). */
  fragments: Map<string, FragmentDefinitionNode>;
}

/** A subscription document as parsed, validated and cached once per query text (LiveBridge.parse). */
interface ParsedDocument {
  text: string;
  /** Unique per parse, for share keys. */
  id: number;
  document: DocumentNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** An accepted subscription: its plan, started when the transport subscribes. */
class PreparedLiveSubscription implements PreparedSubscription {
  constructor(
    private readonly bridge: LiveBridge,
    private readonly plan: SubscriptionPlan,
  ) {}

  start(): AsyncIterableIterator<ExecutionResult> {
    return new LiveSubscription(this.bridge, this.plan);
  }
}

/**
 * One client subscription: joins the live feed first, replays what it missed after its cursor (or,
 * without one, since its entity was created, for fields with replaySince; live events wait
 * meanwhile), then delivers live events, each once and in stream order. Events
 * wait in a bounded queue for the client; overflowing it, or the socket's buffer, closes the client
 * with 4413 so it cannot hold anyone else back.
 */
class LiveSubscription implements AsyncIterableIterator<ExecutionResult> {
  // Most subscriptions sit idle: what only a replay or a backlog needs is allocated on first use.
  private queue?: Promise<ExecutionResult>[];
  private wake?: () => void;
  private roomWaiter?: () => void;
  private lastSeq: number;
  private replaying: boolean;
  private held?: StreamedEvent[];
  private heldShared?: Promise<ExecutionResult>[];
  private done = false;
  /** The field's final event is queued (LiveField.completes): no more events, complete once drained. */
  private finishing = false;
  private failure?: unknown;
  /** Ends a running replay (created with it). */
  private abort?: AbortController;
  private unlisten: (() => void)[] = [];
  private readonly ready: Promise<void>;

  constructor(
    private readonly bridge: LiveBridge,
    private readonly plan: SubscriptionPlan,
  ) {
    this.bridge.activeSubscriptions += 1;
    this.lastSeq = plan.afterSeq ?? 0;
    this.replaying = plan.afterSeq !== null || plan.replaySince !== null;
    this.ready = this.begin().catch((error) => {
      this.bridge.logger.warn({ err: error, field: plan.fieldName }, 'live: subscription could not start');
      this.failure = isTransientJetStreamError(error) ? serviceUnavailable() : error;
      this.wake?.();
    });
  }

  private stopListening(): void {
    for (const unlisten of this.unlisten) unlisten();
    this.unlisten = [];
  }

  private async begin(): Promise<void> {
    const feeds = feedsOf(this.bridge.hub, this.plan.live, this.plan.args);
    for (const { source } of feeds) {
      this.unlisten.push(await this.bridge.hub.listen(source, this.onLive));
    }
    if (this.done) this.stopListening();
    if (!this.replaying) return;
    this.abort = new AbortController();
    if (this.done) this.abort.abort();
    // One feed per field so far; several would need a merge by sequence here.
    for (const { replay } of feeds) {
      for await (const streamed of replay(this.lastSeq, this.plan.replaySince, this.abort.signal)) {
        if (this.done || this.finishing) return;
        if (!this.plan.live.matches(streamed.event, this.plan.args)) continue;
        await this.roomForReplay();
        this.enqueue(streamed, this.bridge.resolve(this.plan, streamed), true);
      }
    }
    this.replaying = false;
    this.abort = undefined;
    const held = this.held ?? [];
    const heldShared = this.heldShared ?? [];
    this.held = undefined;
    this.heldShared = undefined;
    held.forEach((streamed, index) => this.enqueue(streamed, heldShared[index]));
  }

  /** The feed's listener (an arrow property: one function per subscription, bound to it). */
  private readonly onLive = (streamed: StreamedEvent, shared: Map<string, unknown>): void => {
    if (this.done || !this.plan.live.matches(streamed.event, this.plan.args)) return;
    let resolution = shared.get(this.plan.shareKey) as Promise<ExecutionResult> | undefined;
    if (!resolution) {
      resolution = this.bridge.resolve(this.plan, streamed);
      shared.set(this.plan.shareKey, resolution);
    }
    if (this.replaying) {
      this.held ??= [];
      this.heldShared ??= [];
      if (this.held.length >= this.bridge.clientBufferEvents) return this.overflow('replay backlog');
      this.held.push(streamed);
      this.heldShared.push(resolution);
      return;
    }
    this.enqueue(streamed, resolution);
  };

  private enqueue(streamed: StreamedEvent, resolution: Promise<ExecutionResult>, paced = false): void {
    if (this.finishing || streamed.seq <= this.lastSeq) return;
    this.lastSeq = streamed.seq;
    // Rejections are delivered in order by next(); keep them from being reported as unhandled.
    resolution.catch(() => {});
    const queue = (this.queue ??= []);
    if (
      !paced &&
      (queue.length >= this.bridge.clientBufferEvents ||
        this.plan.client.bufferedBytes() > this.bridge.clientBufferBytes)
    ) {
      return this.overflow('buffer full');
    }
    queue.push(resolution);
    if (this.plan.live.completes?.(streamed.event)) {
      // The last event of its entity: deliver what is queued, then complete.
      this.finishing = true;
      this.abort?.abort();
      this.stopListening();
    }
    this.wake?.();
  }

  /**
   * Replays are paced by the client instead of closing it: wait while half the event buffer is in
   * use (woken when the client takes one) or the socket holds more than its byte budget (polled).
   */
  private async roomForReplay(): Promise<void> {
    while (!this.done) {
      if ((this.queue?.length ?? 0) >= this.bridge.clientBufferEvents / 2) {
        await new Promise<void>((resolve) => (this.roomWaiter = resolve));
      } else if (this.plan.client.bufferedBytes() > this.bridge.clientBufferBytes) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      } else {
        return;
      }
    }
  }

  private overflow(reason: string): void {
    if (this.done) return;
    this.bridge.slowClientsClosed += 1;
    this.bridge.logger.warn({ viewer: this.plan.client.viewer.id, reason }, 'live: slow client closed');
    this.plan.client.close(LiveCloseCode.SlowConsumer, `Slow consumer: ${reason}`);
    void this.return();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      if (this.failure) {
        const failure = this.failure;
        this.failure = undefined;
        void this.return();
        throw failure;
      }
      const head = this.queue?.shift();
      if (head) {
        this.roomWaiter?.();
        try {
          const value = await head;
          this.bridge.deliveries += 1;
          return { done: false, value };
        } catch (error) {
          this.bridge.logger.error({ err: error }, 'live: resolving an event failed');
          return {
            done: false,
            value: { errors: [codedError(ErrorCode.Internal, 'Resolving this event failed')] },
          };
        }
      }
      if (this.done) return { done: true, value: undefined };
      if (this.finishing) {
        await this.return();
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      await Promise.race([this.ready, Promise.resolve()]);
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.done) {
      this.done = true;
      this.bridge.activeSubscriptions -= 1;
      this.abort?.abort();
      this.stopListening();
      this.queue = undefined;
      this.wake?.();
      this.roomWaiter?.();
    }
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }
}
