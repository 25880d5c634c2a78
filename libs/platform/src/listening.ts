/**
 * How a service started by the platform runner (tools/src/platform.ts) tells it the port it bound.
 * The runner starts services on port 0 and learns the port from this message instead of picking a
 * "free" port up front: a picked port can be taken by someone else before the child binds it.
 */

/** Set by the runner in the child's environment; only then is the report sent (jest workers have IPC too). */
export const REPORT_LISTENING_ENV = 'HIREGRAPH_REPORT_LISTENING';

export interface ListeningReport {
  type: 'hiregraph:listening';
  port: number;
}

export function isListeningReport(message: unknown): message is ListeningReport {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as ListeningReport).type === 'hiregraph:listening' &&
    Number.isInteger((message as ListeningReport).port)
  );
}

/** Sends the bound port over the IPC channel when the runner asked for it. */
export function reportListening(port: number, env: NodeJS.ProcessEnv = process.env): void {
  if (!env[REPORT_LISTENING_ENV] || !process.send) return;
  const report: ListeningReport = { type: 'hiregraph:listening', port };
  process.send(report);
}
