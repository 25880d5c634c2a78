import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Resume } from './resume.entity.js';

/** Where a resume's import stands (the `status` of resume.status_changed). */
export enum ResumeStatus {
  PROCESSING = 'PROCESSING',
  PARSED = 'PARSED',
  FAILED = 'FAILED',
}
registerEnumType(ResumeStatus, {
  name: 'ResumeStatus',
  description: "Where a resume's import stands.",
});

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

  @Field({ description: 'What happened (e.g. why the import failed).' })
  detail!: string;

  @Field({ description: 'When the change committed.' })
  occurredAt!: Date;

  @Field(() => Resume, {
    nullable: true,
    description: 'The resume now, resolved through the supergraph (any of its fields, from any subgraph).',
  })
  resume?: Resume | null;
}
