import { buildFederatedSchema } from '@hiregraph/libs/subgraph/schema';
import { MatchResolver, matchReferenceResolver } from './matches/match.resolver.js';
import { MatchFoundResolver } from './matches/match-found.resolver.js';
import { ReembedResolver } from './reembedding/reembed.resolver.js';
import { RequirementsResolver } from './requirements/requirements.resolver.js';
import { AnalysisResolver } from './analyses/analysis.resolver.js';
import { AnalysisCompletedResolver } from './analyses/analysis-completed.resolver.js';
import { GenerationResolver } from './generation/generation.resolver.js';
import { AssistantResolver } from './assistant/assistant.resolver.js';

export function buildSchema() {
  return buildFederatedSchema({
    resolvers: [
      MatchResolver,
      MatchFoundResolver,
      ReembedResolver,
      RequirementsResolver,
      AnalysisResolver,
      AnalysisCompletedResolver,
      GenerationResolver,
      AssistantResolver,
    ],
    referenceResolvers: matchReferenceResolver,
  });
}
