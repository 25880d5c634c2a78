import { register } from 'node:module';
import path from 'node:path';

/**
 * OpenTelemetry tracing, loaded before a service with `node --import` (the Dockerfile's CMD and
 * tools' process runner do) so its ESM hook sees every module the service imports. Off unless the
 * standard variables ask for traces (OTEL_TRACES_EXPORTER other than "none", or an OTLP endpoint);
 * then the SDK reads the rest of the OTEL_* variables itself (endpoint, protocol, sampler, batch
 * delays, OTEL_SERVICE_NAME). Spans: incoming and outgoing HTTP, GraphQL execution, PostgreSQL,
 * Redis, @apollo/gateway's own (plan, fetch), and event consumers (trace-context.ts).
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const exporters = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporters) return exporters !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The service a process is: OTEL_SERVICE_NAME, the image's SERVICE, else its entry's package folder. */
function serviceName(env: NodeJS.ProcessEnv): string {
  if (env.OTEL_SERVICE_NAME) return env.OTEL_SERVICE_NAME;
  if (env.SERVICE) return env.SERVICE;
  // …/gateway/dist/main.js or …/subgraphs/<name>/dist/main.js
  const entry = process.argv[1] ?? '';
  return path.basename(path.dirname(path.dirname(entry))) || 'hiregraph';
}

async function startTracing(env: NodeJS.ProcessEnv): Promise<void> {
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  // Metrics are Prometheus's (/metrics) and logs go to stdout: only traces are exported.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  env.OTEL_SERVICE_NAME = serviceName(env);
  const [
    { NodeSDK },
    { HttpInstrumentation },
    { PgInstrumentation },
    { IORedisInstrumentation },
    { GraphQLInstrumentation },
  ] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-ioredis'),
    import('@opentelemetry/instrumentation-graphql'),
  ]);
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        // Scrapes and probes would drown the traces that matter.
        ignoreIncomingRequestHook: (request) => /^\/(metrics|healthz|readyz)\b/.test(request.url ?? ''),
      }),
      new PgInstrumentation(),
      new IORedisInstrumentation(),
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  // Whatever is still batched goes out when the service stops (runUntilSignal exits on its own).
  process.once('beforeExit', () => void sdk.shutdown());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.prependOnceListener(signal, () => void sdk.shutdown().catch(() => {}));
  }
}

if (tracingRequested(process.env)) await startTracing(process.env);
