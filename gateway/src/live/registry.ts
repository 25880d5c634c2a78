import type { EventData, EventType } from '@hiregraph/platform/events/catalog';
import type { LiveData, LiveFamily } from '@hiregraph/platform/events/live';
import { badUserInput } from '@hiregraph/platform/errors';
import { requireUuid } from '@hiregraph/platform/validation';
import type { LiveEvent } from './event-hub.js';

/** An entity field of a payload type, fetched through the supergraph by the key the event carries. */
export interface EntityField {
  /** Query root field that loads the entity for the viewer, e.g. `resume`. */
  rootField: string;
  /** Its key argument, e.g. `id` (of type ID!). */
  argument: string;
  key(event: LiveEvent): string;
}

/**
 * One subscription field of the supergraph served by the live bridge: which events feed it, which
 * of them belong to one subscription, who may subscribe (a query through the gateway that must
 * succeed for the viewer), and how an event becomes the payload (scalar fields from the event,
 * entity fields resolved through the supergraph with the client's own selection).
 */
export interface LiveField<Args = any> {
  eventTypes: EventType[];
  /**
   * Fed from the live stream instead (live-only messages, not domain events): the family's one
   * shared feed, and the key whose subject a resuming subscription replays.
   */
  live?: { family: LiveFamily; key(args: Args): string };
  /** The payload type's name in the supergraph. */
  payloadType: string;
  /** Validates the field's arguments (coded BAD_USER_INPUT errors), without `after`. */
  parseArgs(args: Record<string, unknown>): Args;
  matches(event: LiveEvent, args: Args): boolean;
  /** Refused at subscribe time with the query's error (e.g. FORBIDDEN), or NOT_FOUND when it is null. */
  authorize: { query: string; variables(args: Args): Record<string, unknown> };
  /**
   * For work a mutation starts (an analysis, an import): a subscription without `after` first
   * replays the field's events since this time, read from the authorize query's result (the
   * entity's createdAt), so one that starts after the work finished still receives it.
   */
  replaySince?(authorized: Record<string, any>): Date | null;
  /** The entity's last event: the subscription completes once it is delivered. */
  completes?(event: LiveEvent): boolean;
  /** The payload's own fields (besides `cursor`), from the event. */
  payload(event: LiveEvent): Record<string, unknown>;
  entities: Record<string, EntityField>;
}

/**
 * How a subscription field reads its events, written against the libs event catalog's types (the
 * one description of each event): payload fields and entity keys name the catalog's data fields,
 * so renaming or dropping one there fails the gateway's build instead of sending nulls.
 */
interface FieldOf<Data, Args> extends Pick<
  LiveField<Args>,
  'payloadType' | 'parseArgs' | 'authorize' | 'replaySince'
> {
  /** Payload fields copied from the event's data under the same name. */
  copies: readonly (keyof Data & string)[];
  /** Payload fields copied under another name: `{ payloadField: dataField }`. */
  renames?: Record<string, keyof Data & string>;
  matches(data: Data, args: Args): boolean;
  completes?(data: Data): boolean;
  /** Entity fields of the payload: loaded by `rootField(argument: <the data field named by key>)`. */
  entities: Record<string, { rootField: string; argument: string; key: keyof Data & string }>;
}

const dataOf = <Data>(event: LiveEvent) => event.data as Data;

function fieldOf<Data, Args>(
  spec: FieldOf<Data, Args>,
  withOccurredAt: boolean,
): Omit<LiveField<Args>, 'eventTypes' | 'live'> {
  const { copies, renames = {}, matches, completes, entities, ...rest } = spec;
  return {
    ...rest,
    matches: (event, args) => matches(dataOf<Data>(event), args),
    ...(completes ? { completes: (event: LiveEvent) => completes(dataOf<Data>(event)) } : {}),
    payload: (event) => {
      const data = dataOf<Record<string, unknown>>(event);
      // An absent optional field is null, as GraphQL reports it.
      const payload: Record<string, unknown> = Object.fromEntries(
        copies.map((name) => [name, data[name] ?? null]),
      );
      for (const [name, from] of Object.entries(renames)) payload[name] = data[from] ?? null;
      if (withOccurredAt) payload.occurredAt = event.occurredAt;
      return payload;
    },
    entities: Object.fromEntries(
      Object.entries(entities).map(([name, { rootField, argument, key }]) => [
        name,
        {
          rootField,
          argument,
          key: (event: LiveEvent) => String(dataOf<Record<string, unknown>>(event)[key]),
        },
      ]),
    ),
  };
}

/** A subscription fed by one domain event type of the catalog; its payload adds `occurredAt`. */
function eventField<Type extends EventType, Args>(
  type: Type,
  spec: FieldOf<EventData<Type>, Args>,
): LiveField<Args> {
  return { eventTypes: [type], ...fieldOf(spec, true) };
}

/** A subscription fed by a live-only family (libs/platform/src/events/live.ts), replayed from the key's subject. */
function liveFamilyField<Family extends LiveFamily, Args>(
  family: Family,
  key: (args: Args) => string,
  spec: FieldOf<LiveData<Family>, Args>,
): LiveField<Args> {
  return { eventTypes: [], live: { family, key }, ...fieldOf(spec, false) };
}

/** The resume's owner or an admin (the resumes subgraph decides, as for the `resume` query). */
function resumeAuthorization<Args extends { resumeId: string }>(): LiveField<Args>['authorize'] {
  return {
    query: 'query LiveAuthorizeResume($id: ID!) { resume(id: $id) { id } }',
    variables: ({ resumeId }) => ({ id: resumeId }),
  };
}

/**
 * Adding a subscription: declare it in the owning subgraph's schema (its payload type), its event
 * in the libs catalog, then one entry here. registry.test.ts checks each entry against the
 * published supergraph.
 */
export const LIVE_FIELDS: Record<string, LiveField> = {
  resumeStatus: eventField('resume.status_changed', {
    payloadType: 'ResumeStatusEvent',
    parseArgs: (args) => ({ resumeId: requireUuid(String(args.resumeId), 'resumeId') }),
    matches: (data, { resumeId }) => data.resumeId === resumeId,
    authorize: resumeAuthorization(),
    copies: ['resumeId', 'status', 'detail'],
    entities: { resume: { rootField: 'resume', argument: 'id', key: 'resumeId' } },
  }),
  matchFound: eventField('match.found', {
    payloadType: 'MatchFoundEvent',
    parseArgs: (args) => ({
      resumeId: requireUuid(String(args.resumeId), 'resumeId'),
      minScore: parseMinScore(args.minScore),
    }),
    matches: (data, { resumeId, minScore }) => data.resumeId === resumeId && Number(data.score) >= minScore,
    authorize: resumeAuthorization(),
    copies: ['matchId', 'resumeId', 'jobId', 'score', 'previousScore'],
    entities: {
      match: { rootField: 'match', argument: 'id', key: 'matchId' },
      job: { rootField: 'job', argument: 'id', key: 'jobId' },
      resume: { rootField: 'resume', argument: 'id', key: 'resumeId' },
    },
  }),
  // Matching emits match.candidate_found only for owners open to recruiters, so every event of
  // the posting may be shown to its poster: no per-event check (docs/architecture.md, "Live").
  jobCandidates: eventField('match.candidate_found', {
    payloadType: 'JobCandidateEvent',
    parseArgs: (args) => ({ jobId: requireUuid(String(args.jobId), 'jobId') }),
    matches: (data, { jobId }) => data.jobId === jobId,
    // The posting's poster or an admin (the matching subgraph decides, as for candidatesForJob).
    authorize: {
      query:
        'query LiveAuthorizeCandidates($id: ID!) { candidatesForJob(jobId: $id, first: 1) { totalCount } }',
      variables: ({ jobId }) => ({ id: jobId }),
    },
    copies: ['matchId', 'jobId', 'resumeId', 'score', 'previousScore'],
    entities: { job: { rootField: 'job', argument: 'id', key: 'jobId' } },
  }),
  assistantReply: liveFamilyField('assistant.reply', ({ conversationId }) => conversationId, {
    payloadType: 'AssistantReplyEvent',
    parseArgs: (args) => ({ conversationId: requireUuid(String(args.conversationId), 'conversationId') }),
    matches: (data, { conversationId }) => data.conversationId === conversationId,
    // Conversations are their user's alone (not even an admin's): null → NOT_FOUND.
    authorize: {
      query: 'query LiveAuthorizeConversation($id: ID!) { conversation(id: $id) { id } }',
      variables: ({ conversationId }) => ({ id: conversationId }),
    },
    copies: ['conversationId', 'replyId', 'sequence', 'token', 'done', 'answerLength'],
    entities: {},
  }),
  analysisCompleted: eventField('analysis.completed', {
    payloadType: 'AnalysisCompletedEvent',
    parseArgs: (args) => ({ analysisId: requireUuid(String(args.analysisId), 'analysisId') }),
    matches: (data, { analysisId }) => data.analysisId === analysisId,
    // The resume's owner or an admin (the matching subgraph decides, as for the query).
    authorize: {
      query: 'query LiveAuthorizeAnalysis($id: ID!) { analysis(id: $id) { id createdAt } }',
      variables: ({ analysisId }) => ({ id: analysisId }),
    },
    replaySince: createdAtOf,
    // Every analysis ends with exactly one analysis.completed.
    completes: () => true,
    copies: ['analysisId', 'status', 'score', 'verdict'],
    renames: { failureReason: 'reason' },
    entities: { analysis: { rootField: 'analysis', argument: 'id', key: 'analysisId' } },
  }),
  jobImportProgress: eventField('job_import.progress', {
    payloadType: 'JobImportProgressEvent',
    parseArgs: (args) => ({ importId: requireUuid(String(args.importId), 'importId') }),
    matches: (data, { importId }) => data.importId === importId,
    // The import's creator or an admin (the jobs subgraph decides, as for the query).
    authorize: {
      query: 'query LiveAuthorizeImport($id: ID!) { jobImport(id: $id) { id createdAt } }',
      variables: ({ importId }) => ({ id: importId }),
    },
    replaySince: createdAtOf,
    completes: (data) => data.done === true,
    copies: ['importId', 'status', 'counts', 'done', 'error'],
    entities: { jobImport: { rootField: 'jobImport', argument: 'id', key: 'importId' } },
  }),
};

/** The `createdAt` of the authorize query's only root field. */
function createdAtOf(authorized: Record<string, any>): Date | null {
  const createdAt = Object.values(authorized)[0]?.createdAt;
  const time = typeof createdAt === 'string' ? new Date(createdAt) : null;
  return time && !Number.isNaN(time.getTime()) ? time : null;
}

function parseMinScore(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const score = Number(value);
  if (!Number.isInteger(score) || score < 0 || score > 100)
    throw badUserInput('minScore is an integer from 0 to 100', { field: 'minScore' });
  return score;
}
