import { MatchesMigration20261122000000 } from './20261122000000_matches.js';
import { MatchesMigration20261122010000 } from './20261122010000_match_owners.js';
import { MatchingVectorsMigration20261201000000 } from './20261201000000_vectors.js';
import { MatchingFreshnessMigration20261210000000 } from './20261210000000_match_freshness.js';
import { AnalysesMigration20261220000000 } from './20261220000000_analyses.js';
import { RequirementsUploadsMigration20261225000000 } from './20261225000000_requirements_uploads.js';
import { WordVectorsTextSearchMigration20261228000000 } from './20261228000000_word_vectors_text_search.js';

/** Committed migrations, oldest first; applied on start. */
export const migrations = [
  MatchesMigration20261122000000,
  MatchesMigration20261122010000,
  MatchingVectorsMigration20261201000000,
  MatchingFreshnessMigration20261210000000,
  AnalysesMigration20261220000000,
  RequirementsUploadsMigration20261225000000,
  WordVectorsTextSearchMigration20261228000000,
];
