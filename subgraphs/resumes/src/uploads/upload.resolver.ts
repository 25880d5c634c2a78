import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { Upload } from './upload.entity.js';
import { CreateUploadInput, PresignedUpload } from './upload.inputs.js';
import type { ResumesServices } from '../services.js';

@Resolver(() => Upload)
export class UploadResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Mutation(() => PresignedUpload, {
    description:
      'Starts an upload into private storage (at most 10 MB, enforced by the signed policy); confirm it with confirmUpload.',
  })
  createUpload(
    @Arg('input') input: CreateUploadInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PresignedUpload> {
    return this.services.uploads(ctx.em).create(requireViewer(ctx), input);
  }

  @Authorized()
  @Mutation(() => Upload, {
    description:
      'Checks the stored file (real size, type from its content: PDF, DOCX, text, PNG, JPEG, WebP); a refused file is deleted and the error names the reason (owner or admin).',
  })
  confirmUpload(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Upload> {
    return this.services.uploads(ctx.em).confirm(ctx, requireUuid(id, 'id'));
  }
}
