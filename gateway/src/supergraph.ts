import { readFile } from 'node:fs/promises';
import { Kind, parse, type ConstArgumentNode, type EnumTypeDefinitionNode } from 'graphql';
import { IntrospectAndCompose, type SupergraphManager } from '@apollo/gateway';
import { configuredSubgraphUrl, devSubgraphUrl, type GatewayConfig } from './config.js';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** Where the gateway's schema comes from, and which subgraphs it will call. */
export interface SupergraphSource {
  /** `supergraphSdl` for ApolloGateway: the composed SDL, or a manager that composes at run time. */
  supergraphSdl: string | SupergraphManager;
  subgraphs: SubgraphEndpoint[];
}

/**
 * DEV_MODE composes the supergraph from the running subgraphs and polls them, so a schema change in
 * a subgraph shows up without a restart. Otherwise the committed (checked) supergraph file is served.
 */
export async function loadSupergraphSource(config: GatewayConfig): Promise<SupergraphSource> {
  if (config.DEV_MODE) {
    const subgraphs = config.DEV_SUBGRAPHS.map((name) => ({ name, url: devSubgraphUrl(config, name) }));
    return {
      supergraphSdl: new IntrospectAndCompose({ subgraphs, pollIntervalInMs: config.DEV_POLL_INTERVAL_MS }),
      subgraphs,
    };
  }
  const sdl = await readSupergraphFile(config.SUPERGRAPH_PATH);
  const subgraphs = subgraphsOfSupergraph(sdl).map(({ name, url }) => ({
    name,
    url: configuredSubgraphUrl(config, name) ?? url,
  }));
  return { supergraphSdl: sdl, subgraphs };
}

async function readSupergraphFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `Supergraph not found at ${path}: run "npm run compose", set SUPERGRAPH_PATH, or use DEV_MODE=true`,
    );
  }
}

/** The subgraphs a composed supergraph names, from its `enum join__Graph { X @join__graph(name, url) }`. */
export function subgraphsOfSupergraph(sdl: string): SubgraphEndpoint[] {
  const graphEnum = parse(sdl).definitions.find(
    (definition): definition is EnumTypeDefinitionNode =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (!graphEnum) throw new Error('Not a supergraph: it has no join__Graph enum');
  return (graphEnum.values ?? []).map((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const argument = (name: string) => stringArgument(directive?.arguments ?? [], name);
    const name = argument('name') ?? value.name.value.toLowerCase();
    const url = argument('url');
    if (!url) throw new Error(`Supergraph gives no URL for subgraph "${name}"`);
    return { name, url };
  });
}

function stringArgument(args: readonly ConstArgumentNode[], name: string): string | undefined {
  const value = args.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}
