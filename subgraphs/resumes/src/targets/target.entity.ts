import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export enum TargetKind {
  JOB = 'JOB',
  REQUIREMENTS = 'REQUIREMENTS',
}

/**
 * What a resume can be tailored for, projected from other subgraphs' events so tailoring never
 * calls them: postings (job.upserted/job.closed, from jobs) and users' own requirements
 * (requirements.created/deleted, from matching). Only what tailoring reads is kept: no salary,
 * no poster, a short description with contacts removed.
 */
@Entity({ tableName: 'tailoring_targets' })
export class TailoringTarget {
  /** The job's or the requirements' id. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  kind!: TargetKind;

  /** Requirements only: the user who keeps them, the only one whose resumes may use them. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  ownerId?: string | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  company?: string | null;

  /** Skill ids or names as the producer gave them. */
  @Property({ type: 'text[]' })
  requiredSkills!: string[];

  @Property({ type: 'text[]' })
  preferredSkills!: string[];

  /** An excerpt of the posting's description (redacted); empty for requirements. */
  @Property({ type: 'text' })
  description!: string;

  /** A closed posting, or deleted requirements: no longer a target. */
  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  /** When the last applied event happened: an older one arriving late changes nothing. */
  @Property({ type: 'timestamptz' })
  changedAt!: Date;
}
