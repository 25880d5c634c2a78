import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: tools/src (under Jest) and tools/dist (built) both sit two levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where generated schema files live, relative to the repository root. */
export const SCHEMA_DIR = 'schema';
export const EVENT_SCHEMA_DIR = path.posix.join(SCHEMA_DIR, 'events');
/** JSON Schemas of the live stream's message families (libs/platform/src/events/live.ts). */
export const LIVE_SCHEMA_DIR = path.posix.join(EVENT_SCHEMA_DIR, 'live');
export const SUPERGRAPH_FILE = path.posix.join(SCHEMA_DIR, 'supergraph.graphql');
/** The supergraph as clients see it (no federation machinery): what third parties and the SDK build on. */
export const API_SCHEMA_FILE = path.posix.join(SCHEMA_DIR, 'api.graphql');
/** AsyncAPI 3.0 description of the NATS subjects and the webhook deliveries. */
export const ASYNCAPI_FILE = path.posix.join(SCHEMA_DIR, 'asyncapi.yaml');
/** The SDK's generated operation types (clients/sdk, from schema/api.graphql and its documents). */
export const SDK_DIR = 'clients/sdk';
export const SDK_GENERATED_FILE = path.posix.join(SDK_DIR, 'src/generated/graphql.ts');

export function subgraphSchemaFile(name: string): string {
  return path.posix.join(SCHEMA_DIR, `${name}.graphql`);
}
