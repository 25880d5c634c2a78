import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertOwnerOrAdmin,
  forbidden,
  requireViewer,
  type AuthContext,
} from '@hiregraph/platform/auth/guards';
import { isUuid } from '@hiregraph/platform/ids';
import { byIdLoader } from '@hiregraph/platform/subgraph/loaders';
import type { Viewer } from '@hiregraph/platform/auth/viewer';
import { badUserInput, codedError, ErrorCode, notFound } from '@hiregraph/platform/errors';
import type { Redis } from '@hiregraph/platform/redis';
import { ownerIdByUsername, usernameCacheKey } from '../owners/username-cache.js';
import { ResumeOwner } from '../owners/owner.entity.js';
import { maySeePrivateFields } from '../resumes/resume-document.types.js';
import { ResumeCache } from '../resumes/resume-cache.js';
import { Resume } from '../resumes/resume.entity.js';
import { publicView } from './public-view.js';
import { PublicProfile, ShareLink } from './sharing.entity.js';
import { CreatedShareLink, ShareLinkDuration } from './sharing.types.js';

const DAY_MS = 86_400_000;
const DURATION_MS: Record<ShareLinkDuration, number | null> = {
  [ShareLinkDuration.WEEK]: 7 * DAY_MS,
  [ShareLinkDuration.MONTH]: 30 * DAY_MS,
  [ShareLinkDuration.THREE_MONTHS]: 90 * DAY_MS,
  [ShareLinkDuration.PERMANENT]: null,
};
/** An explicit expiry may be at most this far ahead (longer is PERMANENT, said so). */
const MAX_EXPLICIT_EXPIRY_MS = 5 * 365 * DAY_MS;
/** 32 random bytes, base64url: unguessable, and short enough for a URL. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashShareToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Public profiles and share links: the only ways a resume is shown to someone other than its owner. */
export class SharingService {
  private readonly cache: ResumeCache;

  constructor(
    private readonly em: EntityManager,
    private readonly redis: Redis,
  ) {
    this.cache = new ResumeCache(redis);
  }

  async setPublicProfile(
    viewer: Viewer,
    enabled: boolean,
    showContactDetails?: boolean | null,
  ): Promise<PublicProfile> {
    const current = await this.em.findOne(PublicProfile, { ownerId: viewer.id });
    const profile = await this.em.upsert(PublicProfile, {
      ownerId: viewer.id,
      enabled,
      showContactDetails: showContactDetails ?? current?.showContactDetails ?? false,
      updatedAt: new Date(),
    });
    return profile;
  }

  /** The default resume of the owner of `username`, stripped, if they made it public; else null. */
  async publicResume(username: string): Promise<Resume | null> {
    let found = await ownerIdByUsername(this.em, this.redis, username);
    let profile = found && (await this.enabledProfile(found.ownerId, username));
    if (found?.cached && !profile) {
      // The cached id may be stale (the handle moved): ask the projection once more.
      await this.redis.del(usernameCacheKey(username));
      found = await ownerIdByUsername(this.em, this.redis, username, { skipCache: true });
      profile = found && (await this.enabledProfile(found.ownerId, username));
    }
    if (!found || !profile) return null;
    const [row] = await this.em
      .getConnection()
      .execute<{ id: string }[]>('select id from resumes where owner_id = ? and is_default limit 1', [
        found.ownerId,
      ]);
    const resume = row && (await this.load(row.id));
    return resume ? publicView(resume, profile) : null;
  }

  async createShareLink(
    ctx: AuthContext,
    resumeId: string,
    duration: ShareLinkDuration,
    expiresAt?: Date | null,
  ): Promise<CreatedShareLink> {
    const resume = await this.em.findOne(Resume, { id: resumeId }, { fields: ['id', 'ownerId'] });
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    const now = Date.now();
    let expiry: Date | null;
    if (expiresAt) {
      if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now)
        throw badUserInput('expiresAt must be in the future', { field: 'expiresAt' });
      if (expiresAt.getTime() - now > MAX_EXPLICIT_EXPIRY_MS)
        throw badUserInput('expiresAt is more than 5 years ahead; use PERMANENT', { field: 'expiresAt' });
      expiry = expiresAt;
    } else {
      const span = DURATION_MS[duration];
      expiry = span === null ? null : new Date(now + span);
    }
    const token = randomBytes(32).toString('base64url');
    const link = this.em.create(ShareLink, {
      resumeId,
      ownerId: resume.ownerId,
      tokenHash: hashShareToken(token),
      expiresAt: expiry,
    });
    await this.em.persist(link).flush();
    return { id: link.id, token, expiresAt: link.expiresAt, createdAt: link.createdAt };
  }

  async revokeShareLink(ctx: AuthContext, id: string): Promise<ShareLink> {
    const link = await this.em.findOne(ShareLink, { id });
    if (!link) throw notFound('No such share link');
    assertOwnerOrAdmin(ctx, link.ownerId);
    link.revokedAt ??= new Date();
    await this.em.flush();
    return link;
  }

  async shareLinks(ctx: AuthContext, resumeId: string): Promise<ShareLink[]> {
    const resume = await this.em.findOne(Resume, { id: resumeId }, { fields: ['id', 'ownerId'] });
    if (!resume) throw notFound('No such resume');
    assertOwnerOrAdmin(ctx, resume.ownerId);
    return this.em.find(ShareLink, { resumeId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /**
   * The resume a share link shows, stripped; counts the view. Unknown, revoked and expired links are
   * NOT_FOUND (with `reason` REVOKED or EXPIRED for the two the holder could have known).
   */
  async sharedResume(token: string): Promise<Resume> {
    if (!TOKEN_PATTERN.test(token)) throw notFound('No such share link');
    const tokenHash = hashShareToken(token);
    // Counting and checking in one statement: a link revoked or expiring meanwhile counts nothing.
    const [counted] = await this.em.getConnection().execute<{ resume_id: string; owner_id: string }[]>(
      `update share_links set view_count = view_count + 1, last_viewed_at = now()
         where token_hash = ? and revoked_at is null and (expires_at is null or expires_at > now())
         returning resume_id, owner_id`,
      [tokenHash],
    );
    if (!counted) {
      const link = await this.em.findOne(ShareLink, { tokenHash });
      if (link?.revokedAt)
        throw codedError(ErrorCode.NotFound, 'This share link was revoked', { reason: 'REVOKED' });
      if (link) throw codedError(ErrorCode.NotFound, 'This share link has expired', { reason: 'EXPIRED' });
      throw notFound('No such share link');
    }
    const resume = await this.load(counted.resume_id);
    if (!resume || resume.ownerId !== counted.owner_id) throw notFound('No such share link');
    const profile = await this.em.findOne(PublicProfile, { ownerId: resume.ownerId });
    return publicView(resume, { showContactDetails: profile?.showContactDetails ?? false });
  }

  /**
   * A Resume asked for by reference (`_entities`): the owner and admins get it whole; anyone else
   * only a resume that is public anyway (the default resume of an enabled public profile), stripped.
   * A share link cannot be presented through a reference, so shared-only resumes stay closed.
   */
  async resolveReference(ctx: AuthContext & { em: EntityManager }, id: string): Promise<Resume | null> {
    if (!isUuid(id)) return null;
    const resume = await byIdLoader(ctx, Resume).load(id);
    if (!resume) return null;
    if (maySeePrivateFields(ctx, resume.ownerId)) return resume;
    const profile = resume.isDefault
      ? await this.em.findOne(PublicProfile, { ownerId: resume.ownerId, enabled: true })
      : null;
    if (profile) return publicView(resume, profile);
    // As for any other private resume: anonymous → UNAUTHENTICATED, anyone else → FORBIDDEN.
    requireViewer(ctx);
    throw forbidden('Not your resume');
  }

  /** Removes a deleted resume's share links, in the caller's transaction. */
  static async removeLinksOfResume(tx: EntityManager, resumeId: string): Promise<void> {
    await tx.nativeDelete(ShareLink, { resumeId });
  }

  /** Removes an owner's sharing rows, in the caller's transaction (user.deleted). */
  static async removeAllOf(tx: EntityManager, ownerId: string): Promise<void> {
    await tx.nativeDelete(ShareLink, { ownerId });
    await tx.nativeDelete(PublicProfile, { ownerId });
  }

  /** The owner's enabled profile, if `username` is (still) theirs. */
  private async enabledProfile(ownerId: string, username: string): Promise<PublicProfile | null> {
    const owner = await this.em.findOne(ResumeOwner, { userId: ownerId }, { fields: ['userId', 'username'] });
    if (!owner?.username || owner.username !== username.trim().toLowerCase()) return null;
    return this.em.findOne(PublicProfile, { ownerId, enabled: true });
  }

  /** A resume from the hot cache or the database; the caller decides what may be shown. */
  private async load(id: string): Promise<Resume | null> {
    return this.cache.readThrough(id, () => this.em.findOne(Resume, { id }));
  }
}
