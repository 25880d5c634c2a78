import { GraphQLJSON } from 'graphql-scalars';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { assertOwnerOrAdmin, requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import type { GraphQLResolveInfo } from 'graphql';
import {
  connectionType,
  PageArgs,
  selectedNodeFields,
  type Connection,
} from '@hiregraph/platform/subgraph/pagination';
import { requireUuid } from '@hiregraph/platform/validation';
import { UserReference } from '../references.js';
import type { SectionKind as SectionKindName } from './resume-document.js';
import { SectionKind } from './resume-document.types.js';
import { Resume } from './resume.entity.js';
import { CreateResumeInput, ResumeItemInput, UpdateResumeInput } from './resume.inputs.js';
import type { ResumesServices } from '../services.js';

const ResumeConnection = connectionType(Resume, 'Resume');

@Resolver(() => Resume)
export class ResumeResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Query(() => Resume, { nullable: true, description: 'A resume by id (owner or admin).' })
  resume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Resume | null> {
    return this.services.resumes(ctx.em).read(ctx, requireUuid(id, 'id'));
  }

  @Authorized()
  @Query(() => ResumeConnection, { description: "The signed-in user's resumes, newest first." })
  myResumes(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Resume>> {
    return this.services.resumes(ctx.em).listByOwner(requireViewer(ctx).id, page, selectedNodeFields(info));
  }

  @Authorized()
  @Query(() => ResumeConnection, { description: "A user's resumes, newest first (that user or an admin)." })
  resumes(
    @Arg('ownerId', () => ID) ownerId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: SubgraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Resume>> {
    assertOwnerOrAdmin(ctx, requireUuid(ownerId, 'ownerId'));
    return this.services.resumes(ctx.em).listByOwner(ownerId, page, selectedNodeFields(info));
  }

  @Authorized()
  @Query(() => GraphQLJSON, {
    description:
      'The resume as a JSON Resume document (jsonresume.org), which importJsonResume reads back (owner or admin).',
  })
  exportJsonResume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<unknown> {
    return this.services.resumes(ctx.em).exportJsonResume(ctx, requireUuid(id, 'id'));
  }

  @Authorized()
  @Mutation(() => Resume, {
    description: 'Creates a resume owned by the signed-in user; the first one is the default.',
  })
  createResume(@Arg('input') input: CreateResumeInput, @Ctx() ctx: SubgraphContext): Promise<Resume> {
    return this.services.resumes(ctx.em).create(requireViewer(ctx), input);
  }

  @Authorized()
  @Mutation(() => Resume, {
    description: 'Changes the given parts; a stale `version` is a CONFLICT (owner or admin).',
  })
  updateResume(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateResumeInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.resumes(ctx.em).update(ctx, requireUuid(id, 'id'), input);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a resume (owner or admin).' })
  deleteResume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return this.services.resumes(ctx.em).delete(ctx, requireUuid(id, 'id'));
  }

  @Authorized()
  @Mutation(() => Resume, { description: "Makes this the owner's default resume (owner or admin)." })
  setDefaultResume(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Resume> {
    return this.services.resumes(ctx.em).setDefault(ctx, requireUuid(id, 'id'));
  }

  @Authorized()
  @Mutation(() => Resume, {
    description: 'A copy with its own item ids, owned by the same user (owner or admin).',
  })
  copyResume(
    @Arg('id', () => ID) id: string,
    @Arg('title') title: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.resumes(ctx.em).copy(ctx, requireUuid(id, 'id'), title);
  }

  @Authorized()
  @Mutation(() => Resume, { description: 'Puts the named sections first, in this order; the others follow.' })
  reorderSections(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('order', () => [SectionKind]) order: SectionKindName[],
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.resumes(ctx.em).reorderSections(ctx, requireUuid(id, 'id'), version, order);
  }

  @Authorized()
  @Mutation(() => Resume, { description: 'Shows or hides a section (hidden sections stay stored).' })
  setSectionVisibility(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('section', () => SectionKind) section: SectionKindName,
    @Arg('visible') visible: boolean,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services
      .resumes(ctx.em)
      .setSectionVisibility(ctx, requireUuid(id, 'id'), version, section, visible);
  }

  @Authorized()
  @Mutation(() => Resume, {
    description: 'Adds an item to the section its input names, at `position` (default: last).',
  })
  addResumeItem(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('version', () => Int) version: number,
    @Arg('item') item: ResumeItemInput,
    @Arg('position', () => Int, { nullable: true }) position: number | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services
      .resumes(ctx.em)
      .addItem(ctx, requireUuid(resumeId, 'resumeId'), version, item, position);
  }

  @Authorized()
  @Mutation(() => Resume, {
    description: "Replaces an item's fields; the input must name the item's section.",
  })
  updateResumeItem(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('version', () => Int) version: number,
    @Arg('itemId', () => ID) itemId: string,
    @Arg('item') item: ResumeItemInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services
      .resumes(ctx.em)
      .updateItem(ctx, requireUuid(resumeId, 'resumeId'), version, itemId, item);
  }

  @Authorized()
  @Mutation(() => Resume, { description: 'Removes an item from its section.' })
  removeResumeItem(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('version', () => Int) version: number,
    @Arg('itemId', () => ID) itemId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.resumes(ctx.em).removeItem(ctx, requireUuid(resumeId, 'resumeId'), version, itemId);
  }

  @Authorized()
  @Mutation(() => Resume, { description: "Orders a section's items; `itemIds` lists each of them once." })
  reorderResumeItems(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('version', () => Int) version: number,
    @Arg('section', () => SectionKind) section: SectionKindName,
    @Arg('itemIds', () => [ID]) itemIds: string[],
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services
      .resumes(ctx.em)
      .reorderItems(ctx, requireUuid(resumeId, 'resumeId'), version, section, itemIds);
  }

  @Authorized()
  @Mutation(() => Resume, {
    description: 'Creates a PARSED resume from a JSON Resume document, validated against its schema.',
  })
  importJsonResume(
    @Arg('document', () => GraphQLJSON) document: unknown,
    @Arg('title', () => String, { nullable: true }) title: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.resumes(ctx.em).importJsonResume(requireViewer(ctx), document, title);
  }

  @FieldResolver(() => UserReference, {
    nullable: true,
    description: 'The user who owns this resume (null if the account is gone or unreachable).',
  })
  owner(@Root() resume: Resume): UserReference {
    return { id: resume.ownerId };
  }
}
