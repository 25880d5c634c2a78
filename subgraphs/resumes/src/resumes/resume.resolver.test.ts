import 'reflect-metadata';
import { jetstream } from '@nats-io/jetstream';
import { createEvent } from '@hiregraph/libs/events/envelope';
import { eventSubject } from '@hiregraph/libs/events/bus';
import { newId } from '@hiregraph/libs/ids';
import { eventually } from '@hiregraph/libs/testing/namespace';
import { schemaDrift, startTestSubgraph, type TestSubgraph } from '@hiregraph/libs/testing/subgraph';
import { resumesSubgraph } from '../subgraph.js';
import { ResumeOwner } from '../owners/owner.entity.js';

const CREATE = `mutation ($input: CreateResumeInput!) { createResume(input: $input) { id title owner { id } } }`;

describe('resumes subgraph', () => {
  let resumes: TestSubgraph;
  beforeAll(async () => {
    resumes = await startTestSubgraph(resumesSubgraph);
  });
  afterAll(() => resumes.stop());

  const registerOwner = async (fullName = 'Owner') => {
    const event = createEvent(
      'user.registered',
      { userId: newId(), email: `${newId()}@example.com`, fullName },
      { producer: 'users' },
    );
    await resumes.subgraph.runtime.bus.publish(event);
    await eventually(async () => resumes.em().findOne(ResumeOwner, { userId: event.data.userId }));
    return event;
  };

  it('has committed migrations that match its entities', async () => {
    expect(await schemaDrift(resumes.subgraph)).toBe('');
  });

  it('projects user.registered once, even when the event is delivered again', async () => {
    const event = await registerOwner('Ann');
    // A redelivery that JetStream cannot dedupe (another message id, same event id).
    const js = jetstream(resumes.subgraph.runtime.bus.connection);
    await js.publish(
      eventSubject(resumes.ns.name, event.type),
      JSON.stringify({ ...event, data: { ...event.data, fullName: 'Changed' } }),
      {
        msgID: newId(),
      },
    );
    const processed = async () =>
      Number(
        (
          await resumes
            .em()
            .execute<{ count: string }[]>(
              'select count(*) as count from processed_events where event_id = ?',
              [event.id],
            )
        )[0].count,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await processed()).toBe(1);
    const owner = await resumes.em().findOneOrFail(ResumeOwner, { userId: event.data.userId });
    expect(owner.fullName).toBe('Ann');
  });

  it('creates resumes only for known owners', async () => {
    const unknown = await resumes.query(CREATE, { input: { ownerId: newId(), title: 'CV' } });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerId' });
    const badTitle = await resumes.query(CREATE, { input: { ownerId: newId(), title: '' } });
    expect(badTitle.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });

    const owner = await registerOwner();
    const created = await resumes.query(CREATE, {
      input: { ownerId: owner.data.userId, title: 'Backend CV' },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.createResume).toMatchObject({
      title: 'Backend CV',
      owner: { id: owner.data.userId },
    });

    const list = await resumes.query('query ($o: ID!) { resumes(ownerId: $o) { title } }', {
      o: owner.data.userId,
    });
    expect(list.data.resumes).toEqual([{ title: 'Backend CV' }]);
  });
});
