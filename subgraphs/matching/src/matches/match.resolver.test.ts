import 'reflect-metadata';
import { newId } from '@hiregraph/libs/ids';
import { schemaDrift, startTestSubgraph, type TestSubgraph } from '@hiregraph/libs/testing/subgraph';
import { matchingSubgraph } from '../subgraph.js';

const RECORD = `mutation ($input: RecordMatchInput!) { recordMatch(input: $input) { id score resume { id } job { id } } }`;

describe('matching subgraph', () => {
  let matching: TestSubgraph;
  beforeAll(async () => {
    matching = await startTestSubgraph(matchingSubgraph);
  });
  afterAll(() => matching.stop());

  it('has committed migrations that match its entities, with pgvector available', async () => {
    expect(await schemaDrift(matching.subgraph)).toBe('');
    const [row] = await matching
      .em()
      .execute<{ distance: number }[]>("select '[1,0]'::vector <=> '[0,1]'::vector as distance");
    expect(row.distance).toBeCloseTo(1);
  });

  it('records a match once per (resume, job), updating its score', async () => {
    const input = { resumeId: newId(), jobId: newId(), score: 0.4 };
    const first = await matching.query(RECORD, { input });
    expect(first.data.recordMatch).toMatchObject({
      score: 0.4,
      resume: { id: input.resumeId },
      job: { id: input.jobId },
    });
    const second = await matching.query(RECORD, { input: { ...input, score: 0.9 } });
    expect(second.data.recordMatch.id).toBe(first.data.recordMatch.id);
    const list = await matching.query('query ($r: ID!) { matchesForResume(resumeId: $r) { score } }', {
      r: input.resumeId,
    });
    expect(list.data.matchesForResume).toEqual([{ score: 0.9 }]);
  });

  it('rejects scores outside 0..1 and malformed ids', async () => {
    const res = await matching.query(RECORD, { input: { resumeId: newId(), jobId: newId(), score: 1.5 } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const bad = await matching.query(RECORD, { input: { resumeId: 'x', jobId: newId(), score: 0.5 } });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resumeId' });
  });
});
