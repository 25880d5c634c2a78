import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useMutation, useQuery } from 'urql';
import { ResumeStatusChangedDocument } from '@hiregraph/sdk';
import { graphql } from '../gql';
import { PdfExport, ShareLinks, Snapshots } from './resume-extras';
import type { ResumeQuery } from '../gql/graphql';
import { describeError } from '../errors';
import { useLiveSubscription } from '../graphql/live';
import { ErrorMessage, Loading } from '../ui';

const ResumeDocument = graphql(`
  query Resume($id: ID!) {
    resume(id: $id) {
      id
      title
      status
      statusDetail
      statusReason
      version
      basics {
        name
        label
        email
        phone
        summary
      }
      work {
        id
        name
        position
        startDate
        endDate
        summary
        highlights
      }
      education {
        id
        institution
        area
        studyType
        startDate
        endDate
      }
      skills {
        id
        name
        keywords
      }
    }
  }
`);

const UpdateResumeDocument = graphql(`
  mutation UpdateResume($id: ID!, $input: UpdateResumeInput!) {
    updateResume(id: $id, input: $input) {
      id
      version
      basics {
        name
        label
        email
        phone
        summary
      }
      work {
        id
        name
        position
        startDate
        endDate
        summary
        highlights
      }
    }
  }
`);

type Resume = NonNullable<ResumeQuery['resume']>;

const STATUS_TEXT: Record<string, string> = {
  PROCESSING: 'Processing: reading your file…',
  PARSED: 'Parsed',
  FAILED: 'Failed',
};

function Status({ status, reason }: { status: string; reason: string | null | undefined }) {
  return (
    <p
      className={`status status-${status.toLowerCase()}`}
      role="status"
      aria-live="polite"
      data-testid="resume-status"
    >
      {STATUS_TEXT[status] ?? status}
      {status === 'FAILED' && reason ? `: ${reason}` : ''}
    </p>
  );
}

function Editor({ resume, onDone }: { resume: Resume; onDone: () => void }) {
  const [basics, setBasics] = useState({
    name: resume.basics.name ?? '',
    label: resume.basics.label ?? '',
    email: resume.basics.email ?? '',
    phone: resume.basics.phone ?? '',
    summary: resume.basics.summary ?? '',
  });
  const [work, setWork] = useState(
    resume.work.map((item) => ({
      id: item.id,
      name: item.name ?? '',
      position: item.position ?? '',
      startDate: item.startDate ?? '',
      endDate: item.endDate ?? '',
      summary: item.summary ?? '',
      highlights: item.highlights ?? [],
    })),
  );
  const [state, update] = useMutation(UpdateResumeDocument);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const blankToNull = (value: string) => (value.trim() === '' ? null : value);
    const result = await update({
      id: resume.id,
      input: {
        version: resume.version,
        basics: {
          name: blankToNull(basics.name),
          label: blankToNull(basics.label),
          email: blankToNull(basics.email),
          phone: blankToNull(basics.phone),
          summary: blankToNull(basics.summary),
        },
        work: work.map((item) => ({
          id: item.id,
          name: blankToNull(item.name),
          position: blankToNull(item.position),
          startDate: blankToNull(item.startDate),
          endDate: blankToNull(item.endDate),
          summary: blankToNull(item.summary),
          highlights: item.highlights,
        })),
      },
    });
    if (result.data) onDone();
    else setError(describeError(result.error));
  };

  const basicsField = (key: keyof typeof basics, label: string, type = 'text') => (
    <label>
      {label}
      {key === 'summary' ? (
        <textarea
          rows={4}
          value={basics[key]}
          onChange={(e) => setBasics({ ...basics, [key]: e.target.value })}
        />
      ) : (
        <input
          type={type}
          value={basics[key]}
          onChange={(e) => setBasics({ ...basics, [key]: e.target.value })}
        />
      )}
    </label>
  );

  return (
    <form onSubmit={submit} className="stack">
      <fieldset className="stack">
        <legend>Basics</legend>
        {basicsField('name', 'Name')}
        {basicsField('label', 'Headline')}
        {basicsField('email', 'Email', 'email')}
        {basicsField('phone', 'Phone', 'tel')}
        {basicsField('summary', 'Summary')}
      </fieldset>
      {work.map((item, index) => {
        const set = (key: 'name' | 'position' | 'startDate' | 'endDate' | 'summary', value: string) =>
          setWork(work.map((w, i) => (i === index ? { ...w, [key]: value } : w)));
        return (
          <fieldset key={item.id} className="stack">
            <legend>Work {index + 1}</legend>
            <label>
              Position
              <input value={item.position} onChange={(e) => set('position', e.target.value)} />
            </label>
            <label>
              Company
              <input value={item.name} onChange={(e) => set('name', e.target.value)} />
            </label>
            <div className="pair">
              <label>
                Start date
                <input
                  value={item.startDate}
                  onChange={(e) => set('startDate', e.target.value)}
                  placeholder="2020-01"
                />
              </label>
              <label>
                End date
                <input
                  value={item.endDate}
                  onChange={(e) => set('endDate', e.target.value)}
                  placeholder="present"
                />
              </label>
            </div>
            <label>
              Summary
              <textarea rows={3} value={item.summary} onChange={(e) => set('summary', e.target.value)} />
            </label>
            <button
              type="button"
              className="secondary"
              onClick={() => setWork(work.filter((_, i) => i !== index))}
            >
              Remove this position
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          setWork([
            ...work,
            { id: '', name: '', position: '', startDate: '', endDate: '', summary: '', highlights: [] },
          ])
        }
      >
        Add a position
      </button>
      <ErrorMessage message={error} />
      <div className="actions">
        <button type="submit" disabled={state.fetching}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Sections({ resume }: { resume: Resume }) {
  const { basics } = resume;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="basics-heading">
        <h2 id="basics-heading">Basics</h2>
        <p className="lead">
          {basics.name ?? 'No name'}
          {basics.label ? ` · ${basics.label}` : ''}
        </p>
        {(basics.email || basics.phone) && (
          <p className="muted">{[basics.email, basics.phone].filter(Boolean).join(' · ')}</p>
        )}
        {basics.summary && <p>{basics.summary}</p>}
      </section>
      <section className="card" aria-labelledby="work-heading">
        <h2 id="work-heading">Work</h2>
        {resume.work.length === 0 && <p className="muted">No positions.</p>}
        <ul className="plain">
          {resume.work.map((item) => (
            <li key={item.id}>
              <h3>
                {item.position ?? 'Position'}
                {item.name ? ` at ${item.name}` : ''}
              </h3>
              <p className="muted">
                {[item.startDate, item.endDate ?? 'present'].filter(Boolean).join(' – ')}
              </p>
              {item.summary && <p>{item.summary}</p>}
              {item.highlights && item.highlights.length > 0 && (
                <ul>
                  {item.highlights.map((highlight, i) => (
                    <li key={i}>{highlight}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="education-heading">
        <h2 id="education-heading">Education</h2>
        {resume.education.length === 0 && <p className="muted">No education.</p>}
        <ul className="plain">
          {resume.education.map((item) => (
            <li key={item.id}>
              <strong>{[item.studyType, item.area].filter(Boolean).join(' in ') || 'Studies'}</strong>
              {item.institution ? `, ${item.institution}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="skills-heading">
        <h2 id="skills-heading">Skills</h2>
        {resume.skills.length === 0 && <p className="muted">No skills.</p>}
        <ul className="tags">
          {resume.skills.flatMap((skill) =>
            [skill.name, ...(skill.keywords ?? [])]
              .filter(Boolean)
              .map((name, i) => <li key={`${skill.id}-${i}`}>{name}</li>),
          )}
        </ul>
      </section>
    </div>
  );
}

export function ResumePage({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ResumeDocument, variables: { id } });
  const [editing, setEditing] = useState(false);
  const [live, setLive] = useState<{ status: string; detail: string | null | undefined } | null>(null);
  const resume = data?.resume;
  const processing = resume?.status === 'PROCESSING' && (live === null || live.status === 'PROCESSING');

  // While the file is read: its status changes, from the start of the replay window so a change made
  // before this page subscribed is not missed.
  const liveError = useLiveSubscription(
    ResumeStatusChangedDocument,
    processing ? { resumeId: id } : null,
    (event) => setLive({ status: event.resumeStatus!.status, detail: event.resumeStatus!.detail }),
    (event) => event.resumeStatus?.cursor,
    '0',
  );
  useEffect(() => {
    if (live && live.status !== 'PROCESSING') refetch({ requestPolicy: 'network-only' });
  }, [live, refetch]);

  if (fetching && !data) return <Loading what="the resume" />;
  if (!resume) return <ErrorMessage message={describeError(error) ?? 'We could not find that resume.'} />;
  const status = live?.status ?? resume.status;
  const reason = live?.detail ?? resume.statusReason ?? resume.statusDetail;

  return (
    <section>
      <h1 tabIndex={-1}>{resume.title}</h1>
      <Status status={status} reason={reason} />
      <ErrorMessage message={liveError} />
      {resume.status === 'PARSED' && (
        <p className="actions">
          <Link href={`/resumes/${id}/matches`} className="button">
            See matching jobs
          </Link>
          {!editing && (
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              Edit basics and work
            </button>
          )}
        </p>
      )}
      {resume.status !== 'PROCESSING' &&
        (editing ? (
          <Editor
            resume={resume}
            onDone={() => {
              setEditing(false);
              refetch({ requestPolicy: 'network-only' });
            }}
          />
        ) : (
          <Sections resume={resume} />
        ))}
      {resume.status === 'PARSED' && !editing && (
        <div className="stack extras">
          <ShareLinks resumeId={id} />
          <Snapshots resumeId={id} version={resume.version} />
          <PdfExport resumeId={id} />
        </div>
      )}
    </section>
  );
}
