import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { ResumeAttachment } from './attachment.entity.js';
import { DOWNLOAD_URL_TTL_SECONDS } from './attachment.service.js';
import type { ResumesServices } from '../services.js';

@Resolver(() => ResumeAttachment)
export class AttachmentResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Query(() => [ResumeAttachment], { description: "A resume's attachments in order (owner or admin)." })
  attachments(
    @Arg('resumeId', () => ID) resumeId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeAttachment[]> {
    return this.services.attachments(ctx.em).list(ctx, requireUuid(resumeId, 'resumeId'));
  }

  @Authorized()
  @Mutation(() => ResumeAttachment, {
    description: 'Attaches a confirmed upload to a resume, last (owner or admin); an upload is used once.',
  })
  addAttachment(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('uploadId', () => ID) uploadId: string,
    @Arg('name') name: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeAttachment> {
    return this.services
      .attachments(ctx.em)
      .add(ctx, requireUuid(resumeId, 'resumeId'), requireUuid(uploadId, 'uploadId'), name);
  }

  @Authorized()
  @Mutation(() => ResumeAttachment, { description: 'Renames an attachment (owner or admin).' })
  renameAttachment(
    @Arg('id', () => ID) id: string,
    @Arg('name') name: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeAttachment> {
    return this.services.attachments(ctx.em).rename(ctx, requireUuid(id, 'id'), name);
  }

  @Authorized()
  @Mutation(() => [ResumeAttachment], {
    description: "Orders a resume's attachments; `attachmentIds` lists each once (owner or admin).",
  })
  reorderAttachments(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('attachmentIds', () => [ID]) attachmentIds: string[],
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeAttachment[]> {
    return this.services.attachments(ctx.em).reorder(ctx, requireUuid(resumeId, 'resumeId'), attachmentIds);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes an attachment and its file (owner or admin).' })
  deleteAttachment(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return this.services.attachments(ctx.em).delete(ctx, requireUuid(id, 'id'));
  }

  @FieldResolver(() => String, {
    description: `A presigned GET for the file, valid ${DOWNLOAD_URL_TTL_SECONDS / 60} minutes.`,
  })
  downloadUrl(@Root() attachment: ResumeAttachment, @Ctx() ctx: SubgraphContext): Promise<string> {
    return this.services.attachments(ctx.em).downloadUrl(attachment);
  }
}
