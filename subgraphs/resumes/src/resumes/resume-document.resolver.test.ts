import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { EventEnvelope } from '@hiregraph/platform/events/envelope';
import { eventually } from '@hiregraph/platform/testing/namespace';
import { bearer, startTestSubgraph, type TestSubgraph } from '@hiregraph/platform/testing/subgraph';
import { startTestTokenIssuer, type TestTokenIssuer } from '@hiregraph/platform/testing/token-issuer';
import { resumesSubgraph } from '../subgraph.js';
import { ResumeCache } from './resume-cache.js';
import { Resume } from './resume.entity.js';

const sample = createRequire(import.meta.url)('@jsonresume/schema/sample.resume.json') as Record<
  string,
  unknown
>;

const FIELDS = `id title version isDefault status source markdown
  basics { name email phone location { address city } profiles { id network } }
  salaryExpectation { min currency period }
  sections { kind visible }
  work { id name position startDate endDate highlights }
  skills { id name keywords } education { id institution score scoreScale }
  custom { id title items { id title } }`;

/** Drops ids and meta (and empty lists) so documents compare by content. */
function content(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(content);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, field]) => key !== 'id' && key !== 'meta' && !(Array.isArray(field) && !field.length))
      .map(([key, field]) => [key, content(field)]),
  );
}

describe('structured resumes', () => {
  let resumes: TestSubgraph;
  let tokens: TestTokenIssuer;
  const parsed: EventEnvelope<'resume.parsed'>[] = [];
  const updated: EventEnvelope<'resume.updated'>[] = [];
  beforeAll(async () => {
    tokens = await startTestTokenIssuer();
    resumes = await startTestSubgraph(resumesSubgraph, { env: { AUTH_JWKS_URL: tokens.jwksUrl } });
    await resumes.subgraph.runtime.bus.subscribe('resume.parsed', 'test_parsed', async (event) => {
      parsed.push(event);
    });
    await resumes.subgraph.runtime.bus.subscribe('resume.updated', 'test_updated', async (event) => {
      updated.push(event);
    });
  });
  afterAll(async () => {
    await resumes.stop();
    await tokens.close();
  });
  const as = async (userId: string, role: 'USER' | 'ADMIN' = 'USER') =>
    bearer(await tokens.token({ userId, role }));

  async function create(auth: Record<string, string>, input: Record<string, unknown>) {
    const res = await resumes.query(
      `mutation ($input: CreateResumeInput!) { createResume(input: $input) { ${FIELDS} } }`,
      { input },
      auth,
    );
    expect(res.errors).toBeUndefined();
    return res.data.createResume;
  }

  it('creates with sections, makes the first resume the default, and keeps contact details private in the markdown', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const first = await create(auth, {
      title: 'Backend',
      basics: {
        name: 'Ann Lee',
        email: 'ann@example.com',
        phone: '+1 555 0100',
        location: { address: '1 Main St', city: 'Berlin' },
      },
      salaryExpectation: { min: 90000, currency: 'EUR', period: 'YEAR' },
      work: [{ name: 'Acme', position: 'Engineer', startDate: '2020-01', highlights: ['Built the API'] }],
      skills: [{ name: 'Backend', keywords: ['TypeScript', 'PostgreSQL'] }],
    });
    expect(first).toMatchObject({ version: 1, isDefault: true, status: 'PARSED', source: 'MANUAL' });
    expect(first.basics).toMatchObject({
      email: 'ann@example.com',
      location: { address: '1 Main St', city: 'Berlin' },
    });
    expect(first.salaryExpectation).toEqual({ min: 90000, currency: 'EUR', period: 'YEAR' });
    expect(first.sections).toHaveLength(12);
    expect(first.work[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.markdown).toContain('Engineer · Acme');
    expect(first.markdown).toContain('Berlin');
    for (const secret of ['ann@example.com', '555 0100', '1 Main St', '90000'])
      expect(first.markdown).not.toContain(secret);
    const second = await create(auth, { title: 'Second' });
    expect(second.isDefault).toBe(false);

    const made = await resumes.query(
      'mutation ($id: ID!) { setDefaultResume(id: $id) { isDefault } }',
      { id: second.id },
      auth,
    );
    expect(made.data.setDefaultResume.isDefault).toBe(true);
    const mine = await resumes.query('{ myResumes { nodes { id isDefault } } }', {}, auth);
    expect(mine.data.myResumes.nodes.filter((n: { isDefault: boolean }) => n.isDefault)).toEqual([
      { id: second.id, isDefault: true },
    ]);
    // Deleting the default promotes another resume.
    await resumes.query('mutation ($id: ID!) { deleteResume(id: $id) }', { id: second.id }, auth);
    const after = await resumes.query('{ myResumes { nodes { id isDefault } } }', {}, auth);
    expect(after.data.myResumes.nodes).toEqual([{ id: first.id, isDefault: true }]);

    // resume.parsed carries what matching needs, with chunk ids derived from item ids.
    const event = await eventually(async () => parsed.find((e) => e.data.resumeId === first.id));
    expect(event.data).toMatchObject({
      ownerId: owner,
      version: 1,
      work: [{ company: 'Acme', current: true }],
    });
    expect(event.data.chunks.map((c) => c.id)).toEqual([
      `work:${first.work[0].id}`,
      `skill:${first.skills[0].id}`,
    ]);
    // Normalized by the shared taxonomy: canonical names and ids, the text as written in `raw`.
    expect(event.data.skills.map((s) => s.name)).toEqual(['Backend development', 'TypeScript', 'PostgreSQL']);
    expect(event.data.skills.map((s) => s.raw)).toEqual(['Backend', 'TypeScript', 'PostgreSQL']);
    expect(event.data.skills.every((s) => s.id)).toBe(true);
    expect(event.data.markdown).not.toContain('ann@example.com');
  });

  it('changes only with the current version: every change bumps it, a stale one is a CONFLICT', async () => {
    const auth = await as(randomUUID());
    const resume = await create(auth, { title: 'CV', work: [{ name: 'A', position: 'Dev' }] });
    const UPDATE = `mutation ($id: ID!, $input: UpdateResumeInput!) { updateResume(id: $id, input: $input) { ${FIELDS} } }`;
    const ok = await resumes.query(
      UPDATE,
      { id: resume.id, input: { version: 1, title: 'Renamed', basics: { name: 'Bo' } } },
      auth,
    );
    expect(ok.data.updateResume).toMatchObject({ version: 2, title: 'Renamed', basics: { name: 'Bo' } });
    expect(ok.data.updateResume.work).toHaveLength(1); // not given: unchanged
    const stale = await resumes.query(UPDATE, { id: resume.id, input: { version: 1, title: 'Lost' } }, auth);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const badDate = await resumes.query(
      UPDATE,
      { id: resume.id, input: { version: 2, work: [{ startDate: 'last year' }] } },
      auth,
    );
    expect(badDate.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'work.0.startDate',
    });
    const read = await resumes.query(
      'query ($id: ID!) { resume(id: $id) { title version } }',
      { id: resume.id },
      auth,
    );
    expect(read.data.resume).toEqual({ title: 'Renamed', version: 2 });
    await eventually(async () => updated.find((e) => e.data.resumeId === resume.id && e.data.version === 2));
  });

  it('adds, updates, reorders and removes items, and orders and hides sections', async () => {
    const auth = await as(randomUUID());
    const resume = await create(auth, { title: 'CV', work: [{ name: 'First' }] });
    const ADD = `mutation ($r: ID!, $v: Int!, $item: ResumeItemInput!, $p: Int) { addResumeItem(resumeId: $r, version: $v, item: $item, position: $p) { version work { id name } custom { id title items { title } } } }`;
    const added = await resumes.query(
      ADD,
      { r: resume.id, v: 1, item: { work: { name: 'Zero' } }, p: 0 },
      auth,
    );
    expect(added.data.addResumeItem.work.map((w: { name: string }) => w.name)).toEqual(['Zero', 'First']);
    const custom = await resumes.query(
      ADD,
      { r: resume.id, v: 2, item: { custom: { title: 'Talks', items: [{ title: 'GraphQL at scale' }] } } },
      auth,
    );
    expect(custom.data.addResumeItem.custom).toMatchObject([
      { title: 'Talks', items: [{ title: 'GraphQL at scale' }] },
    ]);
    const two = await resumes.query(
      ADD,
      { r: resume.id, v: 3, item: { work: { name: 'x' }, skills: { name: 'y' } } },
      auth,
    );
    expect(two.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'item' });

    const [zero, first] = added.data.addResumeItem.work;
    const UPD = `mutation ($r: ID!, $v: Int!, $i: ID!, $item: ResumeItemInput!) { updateResumeItem(resumeId: $r, version: $v, itemId: $i, item: $item) { version work { id name position } } }`;
    const changed = await resumes.query(
      UPD,
      { r: resume.id, v: 3, i: first.id, item: { work: { name: 'First', position: 'Lead' } } },
      auth,
    );
    expect(changed.data.updateResumeItem.work[1]).toEqual({ id: first.id, name: 'First', position: 'Lead' });
    const wrongSection = await resumes.query(
      UPD,
      { r: resume.id, v: 4, i: first.id, item: { skills: { name: 'No' } } },
      auth,
    );
    expect(wrongSection.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await resumes.query(
      UPD,
      { r: resume.id, v: 4, i: randomUUID(), item: { work: { name: 'No' } } },
      auth,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const ORDER = `mutation ($r: ID!, $v: Int!, $ids: [ID!]!) { reorderResumeItems(resumeId: $r, version: $v, section: WORK, itemIds: $ids) { version work { id } } }`;
    const reordered = await resumes.query(ORDER, { r: resume.id, v: 4, ids: [first.id, zero.id] }, auth);
    expect(reordered.data.reorderResumeItems.work).toEqual([{ id: first.id }, { id: zero.id }]);
    const partial = await resumes.query(ORDER, { r: resume.id, v: 5, ids: [first.id] }, auth);
    expect(partial.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemIds' });

    const removed = await resumes.query(
      'mutation ($r: ID!, $v: Int!, $i: ID!) { removeResumeItem(resumeId: $r, version: $v, itemId: $i) { version work { id } } }',
      { r: resume.id, v: 5, i: zero.id },
      auth,
    );
    expect(removed.data.removeResumeItem).toEqual({ version: 6, work: [{ id: first.id }] });

    const sections = await resumes.query(
      'mutation ($id: ID!) { reorderSections(id: $id, version: 6, order: [SKILLS, WORK]) { version sections { kind visible } } }',
      { id: resume.id },
      auth,
    );
    expect(sections.data.reorderSections.sections.slice(0, 3).map((s: { kind: string }) => s.kind)).toEqual([
      'SKILLS',
      'WORK',
      'VOLUNTEER',
    ]);
    const hidden = await resumes.query(
      'mutation ($id: ID!) { setSectionVisibility(id: $id, version: 7, section: WORK, visible: false) { version markdown sections { kind visible } } }',
      { id: resume.id },
      auth,
    );
    expect(hidden.data.setSectionVisibility.sections[1]).toEqual({ kind: 'WORK', visible: false });
    expect(hidden.data.setSectionVisibility.markdown).not.toContain('First');
  });

  it('keeps snapshots, restores them as a new version, and diffs versions', async () => {
    const auth = await as(randomUUID());
    const resume = await create(auth, {
      title: 'CV',
      work: [{ name: 'Acme', position: 'Dev' }],
      skills: [{ name: 'Go' }],
    });
    const snap = await resumes.query(
      'mutation ($r: ID!) { createSnapshot(resumeId: $r, name: "Before") { id version name } }',
      { r: resume.id },
      auth,
    );
    expect(snap.data.createSnapshot).toMatchObject({ version: 1, name: 'Before' });
    await resumes.query(
      `mutation ($id: ID!, $input: UpdateResumeInput!) { updateResume(id: $id, input: $input) { version } }`,
      {
        id: resume.id,
        input: {
          version: 1,
          basics: { name: 'New' },
          work: [{ id: resume.work[0].id, name: 'Acme', position: 'Lead' }],
          skills: [{ name: 'Rust' }],
        },
      },
      auth,
    );
    const diff = await resumes.query(
      'query ($r: ID!) { resumeDiff(resumeId: $r, from: 1, to: 2) { changes { kind path section itemId fields } } }',
      { r: resume.id },
      auth,
    );
    const changes = diff.data.resumeDiff.changes;
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'CHANGED', path: 'basics.name', section: null, itemId: null, fields: [] },
        {
          kind: 'CHANGED',
          path: `work[${resume.work[0].id}]`,
          section: 'WORK',
          itemId: resume.work[0].id,
          fields: ['position'],
        },
        expect.objectContaining({ kind: 'REMOVED', itemId: resume.skills[0].id, section: 'SKILLS' }),
        expect.objectContaining({ kind: 'ADDED', section: 'SKILLS' }),
      ]),
    );
    expect(changes).toHaveLength(4);
    const restored = await resumes.query(
      'mutation ($s: ID!) { restoreSnapshot(snapshotId: $s) { version work { position } skills { name } } }',
      { s: snap.data.createSnapshot.id },
      auth,
    );
    expect(restored.data.restoreSnapshot).toEqual({
      version: 3,
      work: [{ position: 'Dev' }],
      skills: [{ name: 'Go' }],
    });
    const list = await resumes.query(
      'query ($r: ID!) { snapshots(resumeId: $r) { name } }',
      { r: resume.id },
      auth,
    );
    expect(list.data.snapshots).toEqual([{ name: 'Before' }]);
    const pruned = await resumes.query(
      'query ($r: ID!) { resumeDiff(resumeId: $r, from: 1, to: 99) { from } }',
      { r: resume.id },
      auth,
    );
    expect(pruned.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const other = await resumes.query(
      'query ($r: ID!) { snapshots(resumeId: $r) { name } }',
      { r: resume.id },
      await as(randomUUID()),
    );
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('imports a JSON Resume, exports it back unchanged, and refuses an invalid one with its path', async () => {
    const auth = await as(randomUUID());
    const imported = await resumes.query(
      `mutation ($d: JSON!) { importJsonResume(document: $d) { ${FIELDS} } }`,
      { d: sample },
      auth,
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importJsonResume).toMatchObject({
      status: 'PARSED',
      source: 'JSON_RESUME',
      version: 1,
    });
    const id = imported.data.importJsonResume.id;
    const exported = await resumes.query('query ($id: ID!) { exportJsonResume(id: $id) }', { id }, auth);
    expect(content(exported.data.exportJsonResume)).toEqual(content(sample));
    // And again: the export is itself a valid JSON Resume that imports to the same content.
    const again = await resumes.query(
      `mutation ($d: JSON!) { importJsonResume(document: $d) { id } }`,
      { d: exported.data.exportJsonResume },
      auth,
    );
    const second = await resumes.query(
      'query ($id: ID!) { exportJsonResume(id: $id) }',
      { id: again.data.importJsonResume.id },
      auth,
    );
    expect(content(second.data.exportJsonResume)).toEqual(content(sample));

    const invalid = await resumes.query(
      `mutation ($d: JSON!) { importJsonResume(document: $d) { id } }`,
      { d: { basics: { name: 'X' }, work: [{ name: 'Acme', startDate: 'yesterday' }] } },
      auth,
    );
    expect(invalid.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'document.work.0.startDate',
    });
    const notObject = await resumes.query(`mutation { importJsonResume(document: [1, 2]) { id } }`, {}, auth);
    expect(notObject.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // Refused before the schema walks every entry (it took ~0.4 s for 50,000 skills).
    const tooMany = await resumes.query(
      `mutation ($d: JSON!) { importJsonResume(document: $d) { id } }`,
      { d: { basics: { name: 'X' }, skills: Array.from({ length: 101 }, () => ({ name: 'x' })) } },
      auth,
    );
    expect(tooMany.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'document.skills',
    });
  });

  it('keeps a long highlight and fields it does not model (x-*, meta.*) through import and export', async () => {
    const auth = await as(randomUUID());
    const longHighlight = `${'Rebuilt the billing pipeline end to end, '.repeat(15)}done.`;
    expect(longHighlight.length).toBeGreaterThan(600);
    const document = {
      basics: {
        name: 'Kim Park',
        'x-pronouns': 'they/them',
        location: { city: 'Oslo', 'x-geo': [59.9, 10.7] },
      },
      work: [{ name: 'Acme', position: 'Engineer', highlights: [longHighlight], 'x-team': { size: 7 } }],
      skills: [{ name: 'Go', 'x-years': 6 }],
      'x-hobby-projects': ['synths'],
      meta: { canonical: 'https://example.com/resume.json', theme: 'even', 'x-source': 'hand-written' },
    };
    const imported = await resumes.query(
      `mutation ($d: JSON!) { importJsonResume(document: $d) { id work { highlights } } }`,
      { d: document },
      auth,
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importJsonResume.work[0].highlights).toEqual([longHighlight]);
    const exported = await resumes.query(
      'query ($id: ID!) { exportJsonResume(id: $id) }',
      { id: imported.data.importJsonResume.id },
      auth,
    );
    const json = exported.data.exportJsonResume;
    expect(json.basics).toMatchObject({ 'x-pronouns': 'they/them', location: { 'x-geo': [59.9, 10.7] } });
    expect(json.work[0]).toMatchObject({ highlights: [longHighlight], 'x-team': { size: 7 } });
    expect(json.skills[0]).toMatchObject({ 'x-years': 6 });
    expect(json['x-hobby-projects']).toEqual(['synths']);
    expect(json.meta).toMatchObject(document.meta);
    expect(json.meta.hiregraph.resumeId).toBe(imported.data.importJsonResume.id);
  });

  it('imports pasted text as a TEXT resume, PROCESSING then PARSED', async () => {
    const auth = await as(randomUUID());
    const text = `Jane Doe\njane@example.com\n\nExperience\nSenior Engineer, Acme Corp\nJan 2019 - Present\n- Led the payments team\n\nSkills\nTypeScript, PostgreSQL, Kubernetes\n`;
    const res = await resumes.query(
      `mutation ($t: String!) { importResumeText(text: $t) { ${FIELDS} } }`,
      { t: text },
      auth,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.importResumeText).toMatchObject({ status: 'PROCESSING', source: 'TEXT' });
    // The import worker parses it shortly (imports/resume-import.resolver.test.ts covers the steps).
    const done = await eventually(async () => {
      const read = await resumes.query(
        `query ($id: ID!) { resume(id: $id) { ${FIELDS} } }`,
        { id: res.data.importResumeText.id },
        auth,
      );
      return read.data?.resume?.status === 'PARSED' ? read.data.resume : undefined;
    });
    expect(done).toMatchObject({ source: 'TEXT', basics: { name: 'Jane Doe', email: 'jane@example.com' } });
    expect(done.work.length).toBeGreaterThan(0);
    const empty = await resumes.query('mutation { importResumeText(text: "   ") { id } }', {}, auth);
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('caches every column, so a cache hit reads like a loaded row', async () => {
    const auth = await as(randomUUID());
    const { id } = await create(auth, { title: 'Columns' });
    const row = await resumes.em().findOneOrFail(Resume, { id });
    // Non-default values (in memory only), so a column the cache drops cannot pass as its default.
    Object.assign(row, {
      statusDetail: 'Why',
      statusReason: 'CORRUPT',
      originalFileKey: 'users/x/uploads/y',
    });
    const cache = new ResumeCache(resumes.subgraph.runtime.redis);
    await cache.fill((await cache.lookup(id)).ticket, row);
    const { resume: hit } = await cache.lookup(id);
    await cache.invalidate(id);
    const columns = resumes.subgraph.runtime.orm
      .getMetadata()
      .get(Resume)
      .props.filter((prop) => prop.persist !== false)
      .map((prop) => prop.name as keyof Resume);
    expect(columns).toEqual(expect.arrayContaining(['statusReason', 'document', 'createdAt']));
    for (const column of columns) expect({ [column]: hit?.[column] }).toEqual({ [column]: row[column] });
    expect(hit).toBeInstanceOf(Resume);
  });

  it('never serves a cached resume to another user', async () => {
    const owner = randomUUID();
    const auth = await as(owner);
    const resume = await create(auth, { title: 'Cached' });
    const READ = 'query ($id: ID!) { resume(id: $id) { title basics { email } } }';
    await resumes.query(READ, { id: resume.id }, auth); // fills the cache
    const { redis, config } = resumes.subgraph.runtime;
    expect(await redis.exists(`cache:resume:${resume.id}`)).toBe(1);
    const other = await resumes.query(READ, { id: resume.id }, await as(randomUUID()));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.resume ?? null).toBeNull();
    expect(config.REDIS_KEY_PREFIX).toBeTruthy();
    // A write drops the cached copy; the next read sees the change.
    await resumes.query(
      'mutation ($id: ID!) { updateResume(id: $id, input: { version: 1, title: "Fresh" }) { id } }',
      { id: resume.id },
      auth,
    );
    expect(await redis.exists(`cache:resume:${resume.id}`)).toBe(0);
    expect((await resumes.query(READ, { id: resume.id }, auth)).data.resume.title).toBe('Fresh');
  });
});
