import 'reflect-metadata';
import { printType, type GraphQLObjectType } from 'graphql';
import { buildSchema, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { declareEventDataFields } from './live.js';

@ObjectType()
class CandidatePayload {
  @Field()
  cursor!: string;
}
declareEventDataFields(CandidatePayload, 'match.candidate_found', {
  omit: ['postedById'],
  descriptions: { score: 'The score (0–100).' },
});

@Resolver()
class PayloadResolver {
  @Query(() => CandidatePayload, { nullable: true })
  payload(): CandidatePayload | null {
    return null;
  }
}

describe('declareEventDataFields', () => {
  it("declares the catalog event's data fields with their GraphQL types, but the omitted ones", async () => {
    const schema = await buildSchema({ resolvers: [PayloadResolver], validate: false });
    expect(printType(schema.getType('CandidatePayload') as GraphQLObjectType)).toBe(
      [
        'type CandidatePayload {',
        '  cursor: String!',
        '  matchId: ID!',
        '  jobId: ID!',
        '  resumeId: ID!',
        '',
        '  """The score (0–100)."""',
        '  score: Float!',
        '  previousScore: Float',
        '}',
      ].join('\n'),
    );
  });

  it('refuses a data field it has no GraphQL type for', () => {
    class ProgressPayload {}
    // job_import.progress carries its status as an enum: a payload must declare that one itself.
    expect(() => declareEventDataFields(ProgressPayload, 'job_import.progress')).toThrow(
      /job_import\.progress\.\w+: no GraphQL type/,
    );
  });
});
