import type { EventType } from '@hiregraph/libs/events/catalog';
import type { LiveFamily } from '@hiregraph/libs/events/live';
import { badUserInput } from '@hiregraph/libs/errors';
import { requireUuid } from '@hiregraph/libs/validation';
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

const dataOf = (event: LiveEvent) => event.data as Record<string, unknown>;

/** Adding a subscription: declare it in the owning subgraph's schema, then one entry here. */
export const LIVE_FIELDS: Record<string, LiveField> = {
  resumeStatus: {
    eventTypes: ['resume.status_changed'],
    payloadType: 'ResumeStatusEvent',
    parseArgs: (args) => ({ resumeId: requireUuid(String(args.resumeId), 'resumeId') }),
    matches: (event, { resumeId }) => dataOf(event).resumeId === resumeId,
    authorize: {
      query: 'query LiveAuthorizeResume($id: ID!) { resume(id: $id) { id } }',
      variables: ({ resumeId }) => ({ id: resumeId }),
    },
    payload: (event) => {
      const { resumeId, status, detail } = dataOf(event);
      return { resumeId, status, detail, occurredAt: event.occurredAt };
    },
    entities: {
      resume: { rootField: 'resume', argument: 'id', key: (event) => String(dataOf(event).resumeId) },
    },
  },
  matchFound: {
    eventTypes: ['match.found'],
    payloadType: 'MatchFoundEvent',
    parseArgs: (args) => ({
      resumeId: requireUuid(String(args.resumeId), 'resumeId'),
      minScore: parseMinScore(args.minScore),
    }),
    matches: (event, { resumeId, minScore }) =>
      dataOf(event).resumeId === resumeId && Number(dataOf(event).score) >= minScore,
    // The resume's owner or an admin (the resumes subgraph decides, as for the query).
    authorize: {
      query: 'query LiveAuthorizeResume($id: ID!) { resume(id: $id) { id } }',
      variables: ({ resumeId }) => ({ id: resumeId }),
    },
    payload: (event) => {
      const { matchId, resumeId, jobId, score, previousScore } = dataOf(event);
      return { matchId, resumeId, jobId, score, previousScore, occurredAt: event.occurredAt };
    },
    entities: {
      match: { rootField: 'match', argument: 'id', key: (event) => String(dataOf(event).matchId) },
      job: { rootField: 'job', argument: 'id', key: (event) => String(dataOf(event).jobId) },
      resume: { rootField: 'resume', argument: 'id', key: (event) => String(dataOf(event).resumeId) },
    },
  },
  jobCandidates: {
    // Matching emits match.candidate_found only for owners open to recruiters, so every event of
    // the posting may be shown to its poster: no per-event check (docs/architecture.md, "Live").
    eventTypes: ['match.candidate_found'],
    payloadType: 'JobCandidateEvent',
    parseArgs: (args) => ({ jobId: requireUuid(String(args.jobId), 'jobId') }),
    matches: (event, { jobId }) => dataOf(event).jobId === jobId,
    // The posting's poster or an admin (the matching subgraph decides, as for candidatesForJob).
    authorize: {
      query:
        'query LiveAuthorizeCandidates($id: ID!) { candidatesForJob(jobId: $id, first: 1) { totalCount } }',
      variables: ({ jobId }) => ({ id: jobId }),
    },
    payload: (event) => {
      const { matchId, jobId, resumeId, score, previousScore } = dataOf(event);
      return { matchId, jobId, resumeId, score, previousScore, occurredAt: event.occurredAt };
    },
    entities: {
      job: { rootField: 'job', argument: 'id', key: (event) => String(dataOf(event).jobId) },
    },
  },
  assistantReply: {
    eventTypes: [],
    live: { family: 'assistant.reply', key: ({ conversationId }) => conversationId },
    payloadType: 'AssistantReplyEvent',
    parseArgs: (args) => ({ conversationId: requireUuid(String(args.conversationId), 'conversationId') }),
    matches: (event, { conversationId }) => dataOf(event).conversationId === conversationId,
    // Conversations are their user's alone (not even an admin's): null → NOT_FOUND.
    authorize: {
      query: 'query LiveAuthorizeConversation($id: ID!) { conversation(id: $id) { id } }',
      variables: ({ conversationId }) => ({ id: conversationId }),
    },
    payload: (event) => {
      const { conversationId, replyId, sequence, token, done, answerLength } = dataOf(event);
      return { conversationId, replyId, sequence, token, done, answerLength: answerLength ?? null };
    },
    entities: {},
  },
  analysisCompleted: {
    eventTypes: ['analysis.completed'],
    payloadType: 'AnalysisCompletedEvent',
    parseArgs: (args) => ({ analysisId: requireUuid(String(args.analysisId), 'analysisId') }),
    matches: (event, { analysisId }) => dataOf(event).analysisId === analysisId,
    // The resume's owner or an admin (the matching subgraph decides, as for the query).
    authorize: {
      query: 'query LiveAuthorizeAnalysis($id: ID!) { analysis(id: $id) { id createdAt } }',
      variables: ({ analysisId }) => ({ id: analysisId }),
    },
    replaySince: createdAtOf,
    // Every analysis ends with exactly one analysis.completed.
    completes: () => true,
    payload: (event) => {
      const { analysisId, status, score, verdict, reason } = dataOf(event);
      return { analysisId, status, score, verdict, failureReason: reason, occurredAt: event.occurredAt };
    },
    entities: {
      analysis: {
        rootField: 'analysis',
        argument: 'id',
        key: (event) => String(dataOf(event).analysisId),
      },
    },
  },
  jobImportProgress: {
    eventTypes: ['job_import.progress'],
    payloadType: 'JobImportProgressEvent',
    parseArgs: (args) => ({ importId: requireUuid(String(args.importId), 'importId') }),
    matches: (event, { importId }) => dataOf(event).importId === importId,
    // The import's creator or an admin (the jobs subgraph decides, as for the query).
    authorize: {
      query: 'query LiveAuthorizeImport($id: ID!) { jobImport(id: $id) { id createdAt } }',
      variables: ({ importId }) => ({ id: importId }),
    },
    replaySince: createdAtOf,
    completes: (event) => dataOf(event).done === true,
    payload: (event) => {
      const { importId, status, counts, done, error } = dataOf(event);
      return { importId, status, counts, done, error, occurredAt: event.occurredAt };
    },
    entities: {
      jobImport: {
        rootField: 'jobImport',
        argument: 'id',
        key: (event) => String(dataOf(event).importId),
      },
    },
  },
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
