import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertOwnerOrAdmin, requireViewer } from '@hiregraph/libs/auth/guards';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { loadOwnedById } from '@hiregraph/libs/subgraph/loaders';
import { isUuid } from '@hiregraph/libs/ids';
import { requireLimit, requireUuid } from '@hiregraph/libs/validation';
import { Resume } from './resume.entity.js';
import { CreateResumeInput } from './resume.inputs.js';
import { ResumeService } from './resume.service.js';
import { UserReference } from './user.reference.js';

const service = (ctx: SubgraphContext) => new ResumeService(ctx.em, ctx.runtime.outbox);

/** A resume is visible to its owner and admins only, however it is reached. */
const visibleResume = (ctx: SubgraphContext, id: string) =>
  loadOwnedById(ctx, Resume, id, (resume) => resume.ownerId);

@Resolver(() => Resume)
export class ResumeResolver {
  @Authorized()
  @Query(() => Resume, { nullable: true, description: 'A resume by id (owner or admin).' })
  resume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Resume | null> {
    return visibleResume(ctx, requireUuid(id, 'id'));
  }

  @Authorized()
  @Query(() => [Resume], { description: "The signed-in user's resumes, newest first." })
  myResumes(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume[]> {
    return service(ctx).listByOwner(requireViewer(ctx).id, requireLimit(limit));
  }

  @Authorized()
  @Query(() => [Resume], { description: "A user's resumes, newest first (that user or an admin)." })
  resumes(
    @Arg('ownerId', () => ID) ownerId: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume[]> {
    assertOwnerOrAdmin(ctx, requireUuid(ownerId, 'ownerId'));
    return service(ctx).listByOwner(ownerId, requireLimit(limit));
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
  Resume: {
    __resolveReference: (reference: { id: string }, ctx: SubgraphContext) => {
      requireViewer(ctx);
      return isUuid(reference.id) ? visibleResume(ctx, reference.id) : null;
    },
  },
};
