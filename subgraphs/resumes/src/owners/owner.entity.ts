import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Local projection of accounts, kept from user.registered events, so the resumes subgraph can
 * check owners without calling the users subgraph.
 */
@Entity({ tableName: 'resume_owners' })
export class ResumeOwner {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text' })
  fullName!: string;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;
}
