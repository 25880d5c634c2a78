import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { loadOwnedById } from '@hiregraph/platform/subgraph/loaders';
import { PageArgs, type Connection } from '@hiregraph/platform/subgraph/pagination';
import { requireUuid } from '@hiregraph/platform/validation';
import { Requirements } from './requirements.entity.js';
import { CreateRequirementsInput, RequirementsConnection } from './requirements.inputs.js';
import { RequirementsService } from './requirements.service.js';

const service = (ctx: SubgraphContext) => new RequirementsService(ctx.em, ctx.runtime.outbox);

@Resolver(() => Requirements)
export class RequirementsResolver {
  @Authorized()
  @Mutation(() => Requirements, {
    description:
      'Keeps a job description of your own and extracts its requirements: text is READY at once; an upload (PDF/DOCX/TXT, confirmUpload first) is EXTRACTING until its text is read, then READY or FAILED.',
  })
  createRequirements(
    @Arg('input', () => CreateRequirementsInput) input: CreateRequirementsInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Requirements> {
    return service(ctx).create(ctx, input);
  }

  @Authorized()
  @Query(() => RequirementsConnection, { description: 'Your job descriptions, newest first.' })
  myRequirements(@Args() page: PageArgs, @Ctx() ctx: SubgraphContext): Promise<Connection<Requirements>> {
    return service(ctx).list(ctx, page);
  }

  @Authorized()
  @Query(() => Requirements, {
    nullable: true,
    description: 'A job description by id (its owner or an admin).',
  })
  requirements(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Requirements | null> {
    return loadOwnedById(ctx, Requirements, requireUuid(id, 'id'), (row) => row.ownerId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a job description (its owner or an admin).' })
  deleteRequirements(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return service(ctx).delete(ctx, requireUuid(id, 'id'));
  }
}
