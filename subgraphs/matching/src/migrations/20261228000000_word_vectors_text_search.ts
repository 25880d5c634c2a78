import { Migration } from '@mikro-orm/migrations';
import { VECTOR_INDEX_DIMENSIONS } from './20261201000000_vectors.js';

/**
 * Vector sizes with an HNSW index: the earlier ones plus 100 for the local GloVe word-vector
 * provider. Vectors of another size are stored but cannot be searched (search.ts refuses them).
 */
export const INDEXED_VECTOR_DIMENSIONS = [100, ...VECTOR_INDEX_DIMENSIONS] as const;

/**
 * The lexical candidate channel: a weighted full-text vector over each posting (title A, required
 * skills B, preferred skills C, description D) with a GIN index, kept current by a trigger so the
 * projection's writers need not know about it. And HNSW indexes for 100-d vectors (the new local
 * provider); stored vectors of the old local model are replaced by the re-embedding job.
 */
export class WordVectorsTextSearchMigration20261228000000 extends Migration {
  override name = '20261228000000_word_vectors_text_search';

  override up(): void {
    this.addSql(
      'create index "job_embeddings_hnsw_100" on "job_embeddings" ' +
        'using hnsw (("embedding"::vector(100)) vector_cosine_ops) where "dims" = 100',
    );
    this.addSql(
      'create index "resume_chunks_hnsw_100" on "resume_chunks" ' +
        'using hnsw (("embedding"::vector(100)) vector_cosine_ops) where "dims" = 100',
    );
    this.addSql(
      'create index "resume_vectors_hnsw_100" on "resume_vectors" ' +
        'using hnsw (("embedding"::vector(100)) vector_cosine_ops) where "dims" = 100',
    );
    this.addSql('alter table "job_profiles" add column "search_vector" tsvector');
    this
      .addSql(`create function "job_profiles_search_vector"("title" text, "required" text[], "preferred" text[],
        "description" text) returns tsvector language sql immutable parallel safe as $$
      select setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string("required", ' '), '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(array_to_string("preferred", ' '), '')), 'C')
        || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'D')
    $$`);
    this.addSql(`create function "job_profiles_search_vector_trigger"() returns trigger language plpgsql as $$
      begin
        new."search_vector" := "job_profiles_search_vector"(new."title", new."required_skills",
          new."preferred_skills", new."description");
        return new;
      end
    $$`);
    this.addSql(`create trigger "job_profiles_search_vector_update"
      before insert or update of "title", "required_skills", "preferred_skills", "description"
      on "job_profiles" for each row execute function "job_profiles_search_vector_trigger"()`);
    this.addSql(`update "job_profiles" set "search_vector" =
      "job_profiles_search_vector"("title", "required_skills", "preferred_skills", "description")`);
    this.addSql(
      'create index "job_profiles_search_vector_index" on "job_profiles" using gin ("search_vector")',
    );
  }
}
