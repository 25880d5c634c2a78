import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Projection of resume ownership from resume.created / resume.deleted: who may see a resume's matches. */
@Entity({ tableName: 'known_resumes' })
export class KnownResume {
  @PrimaryKey({ type: 'uuid' })
  resumeId!: string;

  @Index()
  @Property({ type: 'uuid' })
  ownerId!: string;
}
