import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { Resume } from '../resumes/resume.entity.js';
import { ResumeDiff } from './resume-diff.js';
import { ResumeSnapshot } from './snapshot.entity.js';
import type { ResumesServices } from '../services.js';

@Resolver(() => ResumeSnapshot)
export class SnapshotResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Query(() => [ResumeSnapshot], {
    description: "A resume's named snapshots, newest first (owner or admin).",
  })
  snapshots(
    @Arg('resumeId', () => ID) resumeId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeSnapshot[]> {
    return this.services.snapshots(ctx.em).list(ctx, requireUuid(resumeId, 'resumeId'));
  }

  @Authorized()
  @Query(() => ResumeDiff, {
    description: 'What changed between two kept versions of a resume (owner or admin).',
  })
  resumeDiff(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeDiff> {
    return this.services.snapshots(ctx.em).diff(ctx, requireUuid(resumeId, 'resumeId'), from, to);
  }

  @Authorized()
  @Mutation(() => ResumeSnapshot, { description: 'Names the current version so it can be restored later.' })
  createSnapshot(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('name') name: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ResumeSnapshot> {
    return this.services.snapshots(ctx.em).create(ctx, requireUuid(resumeId, 'resumeId'), name);
  }

  @Authorized()
  @Mutation(() => Resume, { description: "Brings back a snapshot's content as a new version." })
  restoreSnapshot(
    @Arg('snapshotId', () => ID) snapshotId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Resume> {
    return this.services.snapshots(ctx.em).restore(ctx, requireUuid(snapshotId, 'snapshotId'));
  }
}
