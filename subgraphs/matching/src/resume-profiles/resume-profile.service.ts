import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmbeddingProvider } from '@hiregraph/ai/embeddings';
import { toPgVector } from '@hiregraph/ai/embeddings';
import { isBuried } from '@hiregraph/platform/db/tombstones';
import type { EventData } from '@hiregraph/platform/events/catalog';
import { KnownResume } from '../known-resumes/known-resume.entity.js';
import { contentHash } from '../embeddings/content-hash.js';
import { resumeQueryVector } from '../matches/candidates.js';
import { enqueueRecompute } from '../matches/queue.js';
import { pgArray } from '../matches/projections.js';

type ParsedResume = EventData<'resume.parsed'>;

/** Titles held, current and most recent first. */
export function titlesOf(work: ParsedResume['work']): string[] {
  return [...work]
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        (b.endDate ?? b.startDate ?? '').localeCompare(a.endDate ?? a.startDate ?? ''),
    )
    .map((item) => item.position?.trim() ?? '')
    .filter((title) => title !== '');
}

/** What of a chunk is embedded; its hash decides whether an edit needs a new vector. */
const chunkHash = (chunk: { kind: string; text: string }) => contentHash([chunk.kind, chunk.text]);

/**
 * The projection of parsed resumes: profile, chunks with their vectors (unchanged chunks keep
 * theirs) and one query vector per resume, the one ANN searches with.
 */
export class ResumeProfileService {
  static async project(
    tx: EntityManager,
    provider: EmbeddingProvider,
    data: ParsedResume,
    debounceMs: number,
  ): Promise<void> {
    const { resumeId, ownerId } = data;
    // Locks in the order resume, user, as the deletions take them.
    if ((await isBuried(tx, 'resume', resumeId)) || (await isBuried(tx, 'user', ownerId))) return;
    const [current] = await tx.execute<{ version: number }[]>(
      'select version from resume_profiles where resume_id = ? for update',
      [resumeId],
    );
    // Redelivered or overtaken by a newer version: nothing to do.
    if (current && current.version >= data.version) return;
    await tx.upsert(KnownResume, { resumeId, ownerId });
    const location = data.location
      ? [data.location.city, data.location.region, data.location.countryCode].filter(Boolean).join(', ')
      : null;
    await tx.execute(
      `insert into resume_profiles (resume_id, owner_id, markdown, skills, titles, total_years, location, version, updated_at)
       values (?, ?, ?, ?::text[], ?::text[], ?, ?, ?, now())
       on conflict (resume_id) do update set owner_id = excluded.owner_id, markdown = excluded.markdown,
         skills = excluded.skills, titles = excluded.titles, total_years = excluded.total_years,
         location = excluded.location, version = excluded.version, updated_at = excluded.updated_at`,
      [
        resumeId,
        ownerId,
        data.markdown,
        pgArray(data.skills.map((skill) => skill.id ?? skill.name)),
        pgArray(titlesOf(data.work)),
        data.totalYears,
        location || null,
        data.version,
      ],
    );
    const chunks =
      data.chunks.length > 0
        ? data.chunks
        : [{ id: 'markdown', kind: 'SUMMARY' as const, text: data.markdown || '(empty)' }];
    await ResumeProfileService.embed(tx, provider, resumeId, ownerId, chunks);
    await enqueueRecompute(tx, 'resume', resumeId, debounceMs);
  }

  /** Embeds the chunks not yet embedded with this content in this model; recomputes the query vector. */
  static async embed(
    tx: EntityManager,
    provider: EmbeddingProvider,
    resumeId: string,
    ownerId: string,
    chunks: { id: string; kind: string; text: string }[],
  ): Promise<void> {
    const existing = await tx.execute<{ chunk_id: string; content_hash: string; embedding: string }[]>(
      'select chunk_id, content_hash, embedding::text as embedding from resume_chunks where resume_id = ? and model = ?',
      [resumeId, provider.model],
    );
    const stored = new Map(existing.map((row) => [row.chunk_id, row]));
    const changed = chunks.filter((chunk) => stored.get(chunk.id)?.content_hash !== chunkHash(chunk));
    const vectors = changed.length > 0 ? await provider.embed(changed.map((chunk) => chunk.text)) : [];
    const fresh = new Map(changed.map((chunk, index) => [chunk.id, vectors[index]]));
    // Chunks gone from the resume, and vectors of other models (replaced now), go.
    await tx.execute(
      'delete from resume_chunks where resume_id = ? and (model <> ? or not (chunk_id = any(?::text[])))',
      [resumeId, provider.model, pgArray(chunks.map((chunk) => chunk.id))],
    );
    for (const chunk of changed) {
      await tx.execute(
        `insert into resume_chunks (resume_id, chunk_id, owner_id, kind, text, model, dims, embedding, content_hash)
         values (?, ?, ?, ?, ?, ?, ?, ?::vector, ?)
         on conflict (resume_id, chunk_id, model) do update set owner_id = excluded.owner_id, kind = excluded.kind,
           text = excluded.text, dims = excluded.dims, embedding = excluded.embedding,
           content_hash = excluded.content_hash`,
        [
          resumeId,
          chunk.id,
          ownerId,
          chunk.kind,
          chunk.text,
          provider.model,
          provider.dimensions,
          toPgVector(fresh.get(chunk.id)!),
          chunkHash(chunk),
        ],
      );
    }
    const all = chunks.map((chunk) => ({
      kind: chunk.kind,
      embedding: fresh.get(chunk.id) ?? stored.get(chunk.id)!.embedding.slice(1, -1).split(',').map(Number),
    }));
    const query = resumeQueryVector(all);
    await tx.execute('delete from resume_vectors where resume_id = ? and model <> ?', [
      resumeId,
      provider.model,
    ]);
    await tx.execute(
      `insert into resume_vectors (resume_id, owner_id, model, dims, embedding, updated_at)
       values (?, ?, ?, ?, ?::vector, now())
       on conflict (resume_id, model) do update set owner_id = excluded.owner_id, embedding = excluded.embedding,
         dims = excluded.dims, updated_at = excluded.updated_at`,
      [resumeId, ownerId, provider.model, provider.dimensions, toPgVector(query)],
    );
  }

  /** Everything matching holds about a resume. */
  static async forget(tx: EntityManager, where: { resumeId: string } | { ownerId: string }): Promise<void> {
    const [column, id] = 'resumeId' in where ? ['resume_id', where.resumeId] : ['owner_id', where.ownerId];
    await tx.execute(
      `delete from match_queue where kind = 'resume' and subject_id in (select resume_id from resume_profiles where ${column} = ?)`,
      [id],
    );
    if ('resumeId' in where)
      await tx.execute("delete from match_queue where kind = 'resume' and subject_id = ?", [where.resumeId]);
    for (const table of ['matches', 'resume_chunks', 'resume_vectors', 'resume_profiles', 'known_resumes']) {
      await tx.execute(`delete from ${table} where ${column} = ?`, [id]);
    }
  }
}
