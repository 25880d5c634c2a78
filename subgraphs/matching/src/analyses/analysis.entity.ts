import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';
import type { WebhookPayload } from '@hiregraph/platform/webhooks/sender';
import { MatchVerdict } from '../matches/match.entity.js';

export enum AnalysisStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(AnalysisStatus, {
  name: 'AnalysisStatus',
  description: 'IN_PROGRESS until the worker finishes; FAILED always carries a reason.',
});

export enum RequirementStatus {
  MET = 'MET',
  PARTLY = 'PARTLY',
  MISSING = 'MISSING',
}
registerEnumType(RequirementStatus, {
  name: 'RequirementStatus',
  description: 'MET: the resume shows it; PARTLY: a related skill or fewer years; MISSING: not shown.',
});

export enum RequirementKind {
  SKILL = 'SKILL',
  EXPERIENCE = 'EXPERIENCE',
}
registerEnumType(RequirementKind, { name: 'RequirementKind' });

export enum CallbackStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(CallbackStatus, {
  name: 'CallbackStatus',
  description: 'The callbackUrl delivery: PENDING until the analysis completes and the POST succeeds.',
});

@ObjectType({ description: 'The resume chunk that shows a requirement.' })
export class AnalysisEvidence {
  @Field({ description: 'The chunk id (from resume.parsed).' })
  chunkId!: string;

  @Field({ description: "The chunk's text." })
  text!: string;
}

@ObjectType({ description: 'One requirement of the target and how far the resume meets it.' })
export class RequirementMatch {
  @Field({ description: 'A canonical skill id, or the years of experience asked for ("5+ years").' })
  requirement!: string;

  @Field(() => RequirementKind)
  kind!: RequirementKind;

  @Field({ description: 'A key (required) requirement; the caps count these.' })
  key!: boolean;

  @Field(() => RequirementStatus)
  status!: RequirementStatus;

  @Field(() => AnalysisEvidence, { nullable: true, description: 'Where the resume shows it (MET, PARTLY).' })
  evidence?: AnalysisEvidence | null;
}

/** An analysis of one resume against a job posting or a user's requirements. */
@ObjectType({ description: 'A resume analysed against a job or your requirements: score, matches, advice.' })
@Entity({ tableName: 'analyses' })
@Index({ properties: ['resumeId', 'createdAt', 'id'], name: 'analyses_resume_id_created_at_id_index' })
export class Analysis {
  [OptionalProps]?:
    | 'id'
    | 'createdAt'
    | 'status'
    | 'matches'
    | 'callbackAttempts'
    | 'score'
    | 'verdict'
    | 'recommendation'
    | 'failureReason'
    | 'completedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The resume's owner: the only non-admin who may see this analysis. */
  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Property({ type: 'uuid' })
  resumeId!: string;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  jobId?: string | null;

  @Field(() => ID, { nullable: true })
  @Index()
  @Property({ type: 'uuid', nullable: true })
  requirementsId?: string | null;

  @Field(() => AnalysisStatus)
  @Property({ type: 'text' })
  status: AnalysisStatus = AnalysisStatus.IN_PROGRESS;

  @Field(() => Float, { nullable: true, description: '0–100, capped by the key requirements met.' })
  @Property({ type: 'double', nullable: true })
  score?: number | null;

  @Field(() => MatchVerdict, { nullable: true })
  @Property({ type: 'text', nullable: true })
  verdict?: MatchVerdict | null;

  @Field(() => [RequirementMatch], {
    description: 'Each requirement: MET, PARTLY or MISSING, with evidence.',
  })
  @Property({ type: 'jsonb' })
  matches: RequirementMatch[] = [];

  @Field(() => String, { nullable: true, description: 'What to add or emphasize.' })
  @Property({ type: 'text', nullable: true })
  recommendation?: string | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED.' })
  @Property({ type: 'text', nullable: true })
  failureReason?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the result is POSTed (signed).' })
  @Property({ type: 'text', nullable: true })
  callbackUrl?: string | null;

  /** The callback's signing secret, sealed; dropped once the callback is delivered or given up. */
  @Property({ type: 'text', nullable: true, lazy: true })
  callbackSecretSealed?: string | null;

  @Field(() => CallbackStatus, { nullable: true })
  @Property({ type: 'text', nullable: true })
  callbackStatus?: CallbackStatus | null;

  @Property({ type: 'int' })
  callbackAttempts: number = 0;

  /** The analysis.completed event as the callback sends it (same id on every retry). */
  @Property({ type: 'jsonb', nullable: true, lazy: true })
  callbackPayload?: WebhookPayload | null;

  @Field()
  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  /**
   * Only on the Analysis analyzeResume returns: the secret the callback is signed with (HMAC, as
   * webhooks are). Shown once; never stored in clear.
   */
  @Field(() => String, {
    nullable: true,
    description: 'The callback signing secret: returned once, by analyzeResume with a callbackUrl.',
  })
  callbackSecret?: string | null;
}
