import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { supergraphApiSchema } from './supergraph.js';

export interface SchemaChangeReport {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
}

export async function diffSchemas(before: GraphQLSchema, after: GraphQLSchema): Promise<SchemaChangeReport> {
  const changes = await diff(before, after);
  return {
    breaking: changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking),
    dangerous: changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous),
    safe: changes.filter((change) => change.criticality.level === CriticalityLevel.NonBreaking),
  };
}

/** Compares the API schemas of two supergraphs; with no previous supergraph there is nothing to compare. */
export async function diffSupergraphs(
  previousSdl: string | undefined,
  nextSdl: string,
): Promise<SchemaChangeReport | undefined> {
  if (previousSdl === undefined) return undefined;
  return diffSchemas(supergraphApiSchema(previousSdl), supergraphApiSchema(nextSdl));
}

export function countChanges(report: SchemaChangeReport): number {
  return report.breaking.length + report.dangerous.length + report.safe.length;
}

export function formatSchemaChanges(report: SchemaChangeReport): string {
  if (countChanges(report) === 0) return 'Supergraph API: no changes.';
  const section = (title: string, changes: Change[]) =>
    changes.length === 0
      ? []
      : [`  ${title} (${changes.length}):`, ...changes.map((change) => `    - ${describeChange(change)}`)];
  return [
    'Supergraph API changes:',
    ...section('breaking', report.breaking),
    ...section('dangerous', report.dangerous),
    ...section('safe', report.safe),
  ].join('\n');
}

function describeChange(change: Change): string {
  const reason = change.criticality.reason ? ` (${change.criticality.reason})` : '';
  return `${change.message}${reason}`;
}
