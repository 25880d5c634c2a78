import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertOwnerOrAdmin, requireViewer } from '@hiregraph/libs/auth/guards';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { loadOwnedById, resolveOwnedReference } from '@hiregraph/libs/subgraph/loaders';
import { connectionType, PageArgs, type Connection } from '@hiregraph/libs/subgraph/pagination';
import { requireUuid } from '@hiregraph/libs/validation';
import { UserReference } from '../references.js';
import { Resume } from './resume.entity.js';
import { CreateResumeInput } from './resume.inputs.js';
import { ResumeService } from './resume.service.js';

const service = (ctx: SubgraphContext) => new ResumeService(ctx.em, ctx.runtime.outbox);

/** A resume is visible to its owner and admins only, however it is reached. */
const ownerOfResume = (resume: Resume) => resume.ownerId;

const ResumeConnection = connectionType(Resume, 'Resume');

@Resolver(() => Resume)
export class ResumeResolver {
  @Authorized()
  @Query(() => Resume, { nullable: true, description: 'A resume by id (owner or admin).' })
  resume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Resume | null> {
    return loadOwnedById(ctx, Resume, requireUuid(id, 'id'), ownerOfResume);
  }

  @Authorized()
  @Query(() => ResumeConnection, { description: "The signed-in user's resumes, newest first." })
  myResumes(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<Resume>> {
    return service(ctx).listByOwner(requireViewer(ctx).id, page);
  }

  @Authorized()
  @Query(() => ResumeConnection, { description: "A user's resumes, newest first (that user or an admin)." })
  resumes(
    @Arg('ownerId', () => ID) ownerId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Connection<Resume>> {
    assertOwnerOrAdmin(ctx, requireUuid(ownerId, 'ownerId'));
    return service(ctx).listByOwner(ownerId, page);
  }

  @Authorized()
  @Mutation(() => Resume, { description: 'Creates a resume owned by the signed-in user.' })
  createResume(@Arg('input') input: CreateResumeInput, @Ctx() ctx: SubgraphContext): Promise<Resume> {
    return service(ctx).create(requireViewer(ctx), input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a resume (owner or admin).' })
  deleteResume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return service(ctx).delete(ctx, requireUuid(id, 'id'));
  }

  @FieldResolver(() => UserReference, {
    nullable: true,
    description: 'The user who owns this resume (null if the account is gone or unreachable).',
  })
  owner(@Root() resume: Resume): UserReference {
    return { id: resume.ownerId };
  }
}

export const resumeReferenceResolver = {
  Resume: { __resolveReference: resolveOwnedReference(Resume, ownerOfResume) },
};
