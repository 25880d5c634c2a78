import type { EventType } from '@hiregraph/platform/events/catalog';
import type { LiveFamily } from '@hiregraph/platform/events/live';
import { LIVE_FIELDS } from '@hiregraph/gateway/live/registry';
import { emittedWebhookEventTypes } from '@hiregraph/subgraph-users/notifications/event-types';

/** One durable reader of a NATS subject: the service and its consumer (JetStream durable `<service>_<name>`). */
export interface EventConsumer {
  service: string;
  /** The consumer's name; for the gateway, the subscription field it feeds. */
  name: string;
  description?: string;
}

/**
 * The subgraphs' own consumers (`consumeOnce` / `bus.subscribe` in each subgraph's *.consumers.ts
 * and workers), one line each. event-consumers.test.ts reads the subgraphs' sources and fails when
 * this table and the code disagree. The users webhook fan-out and the gateway's subscriptions are
 * added from their own tables below, so they never need listing here.
 */
const SUBGRAPH_CONSUMERS: readonly (EventConsumer & { type: EventType })[] = [
  { type: 'user.registered', service: 'resumes', name: 'owner_projection' },
  { type: 'user.registered', service: 'users', name: 'welcome_email' },
  { type: 'user.updated', service: 'resumes', name: 'owner_profile' },
  { type: 'user.deleted', service: 'resumes', name: 'owner_deletion' },
  { type: 'user.deleted', service: 'jobs', name: 'poster_deletion' },
  { type: 'user.deleted', service: 'matching', name: 'owner_deletion' },
  { type: 'user.deleted', service: 'matching', name: 'requirements_owner_deletion' },
  { type: 'user.deleted', service: 'matching', name: 'analysis_owner_deletion' },
  { type: 'user.preferences_updated', service: 'matching', name: 'owner_preferences' },
  { type: 'resume.created', service: 'matching', name: 'known_resumes' },
  { type: 'resume.deleted', service: 'matching', name: 'resume_deletion' },
  { type: 'resume.deleted', service: 'matching', name: 'analysis_resume_deletion' },
  { type: 'resume.parsed', service: 'matching', name: 'resume_profiles' },
  { type: 'resume.updated', service: 'matching', name: 'resume_updates' },
  { type: 'resume.import_requested', service: 'resumes', name: 'import_worker' },
  { type: 'job.found', service: 'jobs', name: 'job_ingestion' },
  { type: 'job.upserted', service: 'matching', name: 'job_profiles' },
  { type: 'job.upserted', service: 'resumes', name: 'target_jobs' },
  { type: 'job.closed', service: 'matching', name: 'job_closure' },
  { type: 'job.closed', service: 'resumes', name: 'target_job_closure' },
  { type: 'match.found', service: 'users', name: 'match_digest_inbox' },
  { type: 'requirements.created', service: 'resumes', name: 'target_requirements' },
  { type: 'requirements.deleted', service: 'resumes', name: 'target_requirements_deletion' },
  { type: 'requirements.upload_submitted', service: 'resumes', name: 'upload_text_for_requirements' },
  { type: 'upload.text_extracted', service: 'matching', name: 'requirements_upload_text' },
  { type: 'analysis.requested', service: 'matching', name: 'analysis_worker' },
  { type: 'webhook.delivery_requested', service: 'users', name: 'webhook_sender' },
];

export function subgraphConsumers(): readonly (EventConsumer & { type: EventType })[] {
  return SUBGRAPH_CONSUMERS;
}

/** Every reader of each domain event type: subgraph consumers, webhook fan-out, gateway subscriptions. */
export function eventConsumers(): Map<EventType, EventConsumer[]> {
  const byType = new Map<EventType, EventConsumer[]>();
  const add = (type: EventType, consumer: EventConsumer) =>
    byType.set(type, [...(byType.get(type) ?? []), consumer]);
  for (const { type, ...consumer } of SUBGRAPH_CONSUMERS) add(type, consumer);
  for (const type of emittedWebhookEventTypes()) {
    add(type, {
      service: 'users',
      name: `webhooks_${type.replace(/\W/g, '_')}`,
      description: 'Fans the event out into webhook deliveries to the endpoints of the user it concerns.',
    });
  }
  for (const [field, spec] of Object.entries(LIVE_FIELDS)) {
    for (const type of spec.eventTypes) {
      add(type as EventType, {
        service: 'gateway',
        name: field,
        description: `Feeds the \`${field}\` GraphQL subscription.`,
      });
    }
  }
  return byType;
}

/** The gateway subscriptions fed by each live family. */
export function liveConsumers(): Map<LiveFamily, EventConsumer[]> {
  const byFamily = new Map<LiveFamily, EventConsumer[]>();
  for (const [field, spec] of Object.entries(LIVE_FIELDS)) {
    if (!spec.live) continue;
    const family = spec.live.family as LiveFamily;
    byFamily.set(family, [
      ...(byFamily.get(family) ?? []),
      { service: 'gateway', name: field, description: `Feeds the \`${field}\` GraphQL subscription.` },
    ]);
  }
  return byFamily;
}
