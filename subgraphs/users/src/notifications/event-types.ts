import { eventCatalog } from '@hiregraph/platform/events/catalog';

/**
 * The domain events a user may receive about their OWN data, by webhook (one table, documented in
 * docs/events.md). `ownerField` names the data field holding the user the event concerns: an event
 * is only ever delivered to endpoints of that user. Types whose producer does not emit them yet may
 * be subscribed to already; their consumer starts once the type is in the event catalog.
 */
export const WEBHOOK_EVENT_TYPES = {
  'resume.created': { ownerField: 'ownerId', description: 'One of your resumes was created.' },
  'resume.deleted': { ownerField: 'ownerId', description: 'One of your resumes was deleted.' },
  'resume.parsed': { ownerField: 'ownerId', description: 'A resume of yours was parsed (planned).' },
  'resume.status_changed': {
    ownerField: 'ownerId',
    description: 'A resume of yours changed status, e.g. PARSING → READY (planned).',
  },
  'match.found': {
    ownerField: 'ownerId',
    description: 'A job matched one of your resumes, or its score changed.',
  },
  'analysis.completed': {
    ownerField: 'ownerId',
    description: 'An analysis you asked for finished (SUCCEEDED or FAILED).',
  },
  'job_import.progress': {
    ownerField: 'createdById',
    description: 'A job import you started progressed or ended (done = true).',
  },
  'job.upserted': { ownerField: 'postedById', description: 'A job you posted was published or changed.' },
  'job.closed': { ownerField: 'postedById', description: 'A job you posted was closed.' },
  'match.candidate_found': {
    ownerField: 'postedById',
    description: 'A candidate open to recruiters matched a job you posted, or their score changed.',
  },
} as const satisfies Record<string, { ownerField: string; description: string }>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

export function isWebhookEventType(type: string): type is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENT_TYPES, type);
}

/** The subscribable types whose events exist today (the others wait for their producer). */
export function emittedWebhookEventTypes(): (WebhookEventType & keyof typeof eventCatalog)[] {
  return (Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[]).filter(
    (type): type is WebhookEventType & keyof typeof eventCatalog => Object.hasOwn(eventCatalog, type),
  );
}

/** The user an event concerns, or null when its data names none (then it goes to nobody). */
export function concernedUser(type: WebhookEventType, data: unknown): string | null {
  const value = (data as Record<string, unknown> | null)?.[WEBHOOK_EVENT_TYPES[type].ownerField];
  return typeof value === 'string' ? value : null;
}
