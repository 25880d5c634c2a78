import { Field, ID, ObjectType } from 'type-graphql';
import { Resume, ResumeStatus } from './resume.entity.js';

/** One resume.status_changed event as a subscriber receives it. */
@ObjectType({ description: "A change of a resume's processing status, delivered by `resumeStatus`." })
export class ResumeStatusEvent {
  @Field({
    description: 'Position of this event in the event stream; pass it as `after` to resume from here.',
  })
  cursor!: string;

  @Field(() => ID)
  resumeId!: string;

  @Field(() => ResumeStatus)
  status!: ResumeStatus;

  @Field(() => String, { nullable: true, description: 'What happened (e.g. why the import failed).' })
  detail!: string | null;

  @Field({ description: 'When the change committed.' })
  occurredAt!: Date;

  @Field(() => Resume, {
    nullable: true,
    description: 'The resume now, resolved through the supergraph (any of its fields, from any subgraph).',
  })
  resume?: Resume | null;
}
