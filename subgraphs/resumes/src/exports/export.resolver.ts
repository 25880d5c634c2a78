import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { DownloadLink, UserBackup } from './export.entity.js';
import { PdfTemplate } from './resume-pdf.js';
import type { ResumesServices } from '../services.js';

@Resolver()
export class ExportResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Mutation(() => DownloadLink, {
    description:
      'Renders the resume as a PDF (one column, selectable text; salary never printed) and returns a 15-minute download link (owner or admin).',
  })
  exportResumePdf(
    @Arg('id', () => ID) id: string,
    @Arg('template', () => PdfTemplate, { defaultValue: PdfTemplate.CLASSIC }) template: PdfTemplate,
    @Ctx() ctx: SubgraphContext,
  ): Promise<DownloadLink> {
    return this.services.exports(ctx.em).exportResumePdf(ctx, requireUuid(id, 'id'), template);
  }

  @Authorized()
  @Mutation(() => UserBackup, {
    description:
      'Writes a zip of your resumes (JSON Resume), account settings and stored files, and returns it with a 15-minute download link.',
  })
  exportMyData(@Ctx() ctx: SubgraphContext): Promise<UserBackup> {
    return this.services.exports(ctx.em).exportMyData(requireViewer(ctx));
  }

  @Authorized()
  @Query(() => [UserBackup], { description: 'Your data exports, newest first, with fresh download links.' })
  myBackups(@Ctx() ctx: SubgraphContext): Promise<UserBackup[]> {
    return this.services.exports(ctx.em).myBackups(requireViewer(ctx));
  }
}
