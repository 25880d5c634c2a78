import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/libs/subgraph/service';
import { byIdLoader, resolveReferenceById } from '@hiregraph/libs/subgraph/loaders';
import { requireUuid, requireLimit } from '@hiregraph/libs/validation';
import { Resume } from './resume.entity.js';
import { CreateResumeInput } from './resume.inputs.js';
import { ResumeService } from './resume.service.js';
import { UserReference } from './user.reference.js';

@Resolver(() => Resume)
export class ResumeResolver {
  @Query(() => Resume, { nullable: true, description: 'A resume by id.' })
  resume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Resume | null> {
    return byIdLoader(ctx, Resume).load(requireUuid(id, 'id'));
  }

  @Query(() => [Resume], { description: "A user's resumes, newest first." })
  resumes(
    @Arg('ownerId', () => ID) ownerId: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume[]> {
    return new ResumeService(ctx.em).listByOwner(requireUuid(ownerId, 'ownerId'), requireLimit(limit));
  }

  @Mutation(() => Resume, { description: 'Creates a resume for a registered user.' })
  createResume(@Arg('input') input: CreateResumeInput, @Ctx() ctx: SubgraphContext): Promise<Resume> {
    return new ResumeService(ctx.em).create(input);
  }

  @FieldResolver(() => UserReference, { description: 'The user who owns this resume.' })
  owner(@Root() resume: Resume): UserReference {
    return { id: resume.ownerId };
  }
}

export const resumeReferenceResolver = { Resume: { __resolveReference: resolveReferenceById(Resume) } };
