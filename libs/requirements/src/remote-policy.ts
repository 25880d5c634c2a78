/**
 * How much of a job's work can be done remotely, as requirement extraction reads it. The jobs
 * subgraph registers it in its schema as `JobRemotePolicy`.
 */
export enum RemotePolicy {
  FULL = 'FULL',
  HYBRID = 'HYBRID',
  NONE = 'NONE',
}
