import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer } from '@hiregraph/platform/auth/guards';
import type { SubgraphContext } from '@hiregraph/platform/subgraph/service';
import { requireUuid } from '@hiregraph/platform/validation';
import { Resume } from '../resumes/resume.entity.js';
import { PublicProfile, ShareLink } from './sharing.entity.js';
import { CreatedShareLink, ShareLinkDuration } from './sharing.types.js';
import type { ResumesServices } from '../services.js';

@Resolver()
export class SharingResolver {
  constructor(private readonly services: ResumesServices) {}

  @Authorized()
  @Mutation(() => PublicProfile, {
    description:
      'Shows (or hides) your default resume at publicResume(your username); contact details only if showContactDetails (kept when not given). Salary is never public.',
  })
  setPublicProfile(
    @Arg('enabled') enabled: boolean,
    @Arg('showContactDetails', () => Boolean, { nullable: true }) showContactDetails: boolean | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<PublicProfile> {
    return this.services.sharing(ctx.em).setPublicProfile(requireViewer(ctx), enabled, showContactDetails);
  }

  @Query(() => Resume, {
    nullable: true,
    description:
      'Anyone: the default resume of the user with this username, if they made it public (else null), without private fields.',
  })
  publicResume(@Arg('username') username: string, @Ctx() ctx: SubgraphContext): Promise<Resume | null> {
    return this.services.sharing(ctx.em).publicResume(username);
  }

  @Authorized()
  @Mutation(() => CreatedShareLink, {
    description:
      'A secret link to this resume (owner or admin); its token is shown only now. expiresAt, when given, overrides duration.',
  })
  createShareLink(
    @Arg('resumeId', () => ID) resumeId: string,
    @Arg('duration', () => ShareLinkDuration, { defaultValue: ShareLinkDuration.MONTH })
    duration: ShareLinkDuration,
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt: Date | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CreatedShareLink> {
    return this.services
      .sharing(ctx.em)
      .createShareLink(ctx, requireUuid(resumeId, 'resumeId'), duration, expiresAt);
  }

  @Authorized()
  @Mutation(() => ShareLink, { description: 'Stops a share link from working (owner or admin).' })
  revokeShareLink(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ShareLink> {
    return this.services.sharing(ctx.em).revokeShareLink(ctx, requireUuid(id, 'id'));
  }

  @Authorized()
  @Query(() => [ShareLink], {
    description: "A resume's share links, newest first, with their views (owner or admin).",
  })
  shareLinks(@Arg('resumeId', () => ID) resumeId: string, @Ctx() ctx: SubgraphContext): Promise<ShareLink[]> {
    return this.services.sharing(ctx.em).shareLinks(ctx, requireUuid(resumeId, 'resumeId'));
  }

  @Query(() => Resume, {
    description:
      'Anyone holding a share link: its resume without private fields; counts a view. Unknown, revoked (reason REVOKED) and expired (reason EXPIRED) links are NOT_FOUND.',
  })
  sharedResume(@Arg('token') token: string, @Ctx() ctx: SubgraphContext): Promise<Resume> {
    return this.services.sharing(ctx.em).sharedResume(token);
  }
}

/**
 * Resumes asked for by reference (`_entities`): whole for the owner and admins; for anyone else,
 * anonymous included, only a public resume and stripped (sharing.service.ts). Without services
 * (the schema built only to print it) nothing resolves.
 */
export function resumeReferenceResolver(services: Pick<ResumesServices, 'sharing'> | undefined) {
  return {
    Resume: {
      __resolveReference: (reference: { id: string }, ctx: SubgraphContext) => {
        if (!services) throw new Error('The resumes schema was built without services');
        return services.sharing(ctx.em).resolveReference(ctx, reference.id);
      },
    },
  };
}
