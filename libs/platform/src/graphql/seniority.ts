import { registerEnumType } from 'type-graphql';

/**
 * Career level, lowest first. Shared by jobs (a posting's level) and users (the level a person
 * looks for): one enum in the supergraph, so both subgraphs declare the same values.
 */
export enum Seniority {
  INTERN = 'INTERN',
  JUNIOR = 'JUNIOR',
  MID = 'MID',
  SENIOR = 'SENIOR',
  LEAD = 'LEAD',
  PRINCIPAL = 'PRINCIPAL',
  EXECUTIVE = 'EXECUTIVE',
}
registerEnumType(Seniority, { name: 'Seniority', description: 'Career level, lowest first.' });
