import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local projection of accounts, kept from user.registered and user.updated events, so the resumes
 * subgraph can check owners and resolve handles without calling the users subgraph.
 */
@Entity({ tableName: 'resume_owners' })
// Not unique: events may land out of order for a moment; the newest holder of a handle wins (OwnerService).
@Index({
  name: 'resume_owners_username_lower_index',
  expression: 'create index "resume_owners_username_lower_index" on "resume_owners" (lower("username"))',
})
export class ResumeOwner {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  fullName!: string;

  /** The public handle (lower-case), or null. */
  @Property({ type: 'text', nullable: true })
  username?: string | null;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;

  /** When the last applied user.updated happened: an older one arriving late is ignored. */
  @Property({ type: 'timestamptz', nullable: true })
  profileChangedAt?: Date | null;
}
