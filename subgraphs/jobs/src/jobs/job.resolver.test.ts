import 'reflect-metadata';
import { schemaDrift, startTestSubgraph, type TestSubgraph } from '@hiregraph/libs/testing/subgraph';
import { jobsSubgraph } from '../subgraph.js';

describe('jobs subgraph', () => {
  let jobs: TestSubgraph;
  beforeAll(async () => {
    jobs = await startTestSubgraph(jobsSubgraph);
  });
  afterAll(() => jobs.stop());

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(jobs.subgraph)).toBe('');
  });

  it('creates, finds and lists jobs; rejects blank fields', async () => {
    const created = await jobs.query(
      'mutation { createJob(input: { title: "Platform Engineer", company: "Acme" }) { id title company description } }',
    );
    expect(created.data.createJob).toMatchObject({
      title: 'Platform Engineer',
      company: 'Acme',
      description: '',
    });
    const found = await jobs.query('query ($id: ID!) { job(id: $id) { title } }', {
      id: created.data.createJob.id,
    });
    expect(found.data.job).toEqual({ title: 'Platform Engineer' });
    const blank = await jobs.query('mutation { createJob(input: { title: " ", company: "Acme" }) { id } }');
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });
});
