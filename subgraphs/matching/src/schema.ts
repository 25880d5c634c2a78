import { buildFederatedSchema } from '@hiregraph/platform/subgraph/schema';
import { MatchResolver, matchReferenceResolver } from './matches/match.resolver.js';
import { MatchFoundResolver } from './matches/match-found.resolver.js';
import { ReembedResolver } from './reembedding/reembed.resolver.js';
import { RequirementsResolver } from './requirements/requirements.resolver.js';
import { AnalysisResolver } from './analyses/analysis.resolver.js';
import { AnalysisCompletedResolver } from './analyses/analysis-completed.resolver.js';
import { GenerationResolver } from './generation/generation.resolver.js';
import { AssistantResolver } from './assistant/assistant.resolver.js';
import type { MatchingServices } from './services.js';

const resolvers = [
  MatchResolver,
  MatchFoundResolver,
  ReembedResolver,
  RequirementsResolver,
  AnalysisResolver,
  AnalysisCompletedResolver,
  GenerationResolver,
  AssistantResolver,
] as const;

/**
 * The matching schema. Resolvers receive the subgraph's services through their constructor;
 * building the schema only to print it (composition) needs none, and its resolvers then refuse to
 * run.
 */
export function buildSchema(services?: MatchingServices) {
  const instances = new Map<unknown, unknown>();
  return buildFederatedSchema({
    resolvers,
    referenceResolvers: matchReferenceResolver,
    container: {
      get: (resolverClass: new (services: MatchingServices) => unknown) => {
        let instance = instances.get(resolverClass);
        if (!instance) instances.set(resolverClass, (instance = new resolverClass(services ?? notStarted())));
        return instance;
      },
    },
  });
}

function notStarted(): never {
  throw new Error('The matching schema was built without services: start it through matchingSubgraph');
}
