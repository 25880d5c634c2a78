import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ResumeDocument } from '../resumes/resume-document.js';

/**
 * Every version of a resume's content, written with each change, so snapshots can point at a
 * version and `resumeDiff` can compare any two kept versions. Pruning keeps the newest
 * KEPT_VERSIONS and every version a snapshot names (see SnapshotService.prune).
 */
@Entity({ tableName: 'resume_versions' })
export class ResumeVersion {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  resumeId!: string;

  @PrimaryKey({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'jsonb' })
  document!: ResumeDocument;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
