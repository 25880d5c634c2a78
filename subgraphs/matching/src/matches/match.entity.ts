import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '@hiregraph/platform/ids';
import type { MatchComponents, QualificationCheck, RankingSignals } from './ranking.js';

export enum MatchVerdict {
  STRONG = 'STRONG',
  GOOD = 'GOOD',
  PARTIAL = 'PARTIAL',
  WEAK = 'WEAK',
}
registerEnumType(MatchVerdict, {
  name: 'MatchVerdict',
  description: 'STRONG ≥ 80 with most requirements met, GOOD ≥ 65, PARTIAL ≥ 45, else WEAK.',
});

@ObjectType({ description: 'A requirement of the posting and the part of the resume that proves it.' })
export class MatchEvidence {
  @Field({ description: "The requirement: the taxonomy's canonical skill id." })
  skill!: string;

  @Field({ description: 'The resume chunk (from resume.parsed) that proves it.' })
  chunkId!: string;

  @Field({ description: 'SUMMARY, WORK, PROJECT or SKILL_GROUP.' })
  kind!: string;

  @Field({ description: "The chunk's text." })
  text!: string;

  @Field({ description: 'The words naming the skill: text[start, end).' })
  quote!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;
}

export enum QualificationKind {
  YEARS = 'YEARS',
  DEGREE = 'DEGREE',
  LANGUAGE = 'LANGUAGE',
  LICENCE = 'LICENCE',
}
registerEnumType(QualificationKind, {
  name: 'QualificationKind',
  description: 'Years of experience, a degree, a spoken language, or a state licence.',
});

export enum QualificationStatus {
  MET = 'MET',
  UNMET = 'UNMET',
  UNVERIFIED = 'UNVERIFIED',
}
registerEnumType(QualificationStatus, {
  name: 'QualificationStatus',
  description:
    "MET or UNMET when the resume's figures or words decide it; UNVERIFIED when the resume says nothing either way.",
});

@ObjectType({
  description:
    'A requirement of the posting that is not a skill (years of experience, a degree, a spoken language) ' +
    'and whether the resume shows it.',
})
export class MatchQualification {
  @Field(() => QualificationKind)
  kind!: QualificationKind;

  @Field({ description: 'As the posting states it, e.g. "5+ years", "Master\'s degree", "German".' })
  requirement!: string;

  @Field(() => QualificationStatus)
  status!: QualificationStatus;

  @Field(() => String, { nullable: true, description: 'The resume words or figure that decide it.' })
  quote?: string | null;
}

/** What the ranking said about a pair, stored with the match. */
export interface MatchExplanation {
  matchedSkills: string[];
  missingSkills: string[];
  recommendation: string;
  evidence: MatchEvidence[];
  components: MatchComponents;
  /** Absent in matches computed before qualifications were checked. */
  qualifications?: QualificationCheck[];
  /** Raw ranking signals (for calibration and evaluation); not part of the API. */
  signals?: RankingSignals;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'How well a resume fits a job, and why.' })
@Entity({ tableName: 'matches' })
@Unique({ properties: ['resumeId', 'jobId'] })
@Index({ properties: ['resumeId', 'score', 'jobId'], name: 'matches_resume_id_score_index' })
@Index({ properties: ['jobId', 'score', 'resumeId'], name: 'matches_job_id_score_index' })
export class Match {
  [OptionalProps]?: 'id' | 'createdAt' | 'announcedScore';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  resumeId!: string;

  @Property({ type: 'uuid' })
  jobId!: string;

  /** Owner of the resume: the only non-admin who may see this match. */
  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Field(() => Float, { description: 'Fit from 0 (none) to 100 (perfect).' })
  @Property({ type: 'double' })
  score!: number;

  @Field(() => MatchVerdict)
  @Property({ type: 'text' })
  verdict!: MatchVerdict;

  @Property({ type: 'jsonb' })
  explanation!: MatchExplanation;

  /** The resume version and job content this was computed from. */
  @Property({ type: 'int' })
  resumeVersion!: number;

  @Property({ type: 'text' })
  jobHash!: string;

  /** The score last announced with match.found (null: never). */
  @Property({ type: 'double', nullable: true })
  announcedScore?: number | null;

  @Field({ description: 'When this was last computed.' })
  @Property({ type: 'timestamptz' })
  computedAt!: Date;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Field(() => [String], { description: 'Requirements the resume meets (canonical skill ids).' })
  get matchedSkills(): string[] {
    return this.explanation.matchedSkills;
  }

  @Field(() => [String], { description: 'Requirements the resume does not show.' })
  get missingSkills(): string[] {
    return this.explanation.missingSkills;
  }

  @Field({ description: 'What to add or emphasize for this posting.' })
  get recommendation(): string {
    return this.explanation.recommendation;
  }

  @Field(() => [MatchEvidence], { description: 'For each matched requirement, the chunk proving it.' })
  get evidence(): MatchEvidence[] {
    return this.explanation.evidence;
  }

  @Field(() => [MatchQualification], {
    description: 'Requirements that are not skills (years, degrees, languages): met, unmet or unverified.',
  })
  get qualifications(): MatchQualification[] {
    return (this.explanation.qualifications ?? []).map((check) => ({
      kind: check.kind as QualificationKind,
      requirement: check.requirement,
      status: check.status as QualificationStatus,
      quote: check.quote ?? null,
    }));
  }
}
