import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { JobRemotePolicy } from '../gql/graphql';
import { describeError } from '../errors';
import { useLiveSubscription } from '../graphql/live';
import { ErrorMessage, Loading, Verdict } from '../ui';
import { REMOTE_LABELS } from './jobs';

const PostJobDocument = graphql(`
  mutation PostJob($input: PostJobInput!) {
    postJob(input: $input) {
      id
    }
  }
`);

const PostedJobDocument = graphql(`
  query PostedJob($jobId: ID!) {
    job(id: $jobId) {
      id
      title
      company
    }
  }
`);

const CandidatesDocument = graphql(`
  query Candidates($jobId: ID!) {
    candidatesForJob(jobId: $jobId, first: 50) {
      totalCount
      nodes {
        id
        score
        verdict
        matchedSkills
        missingSkills
      }
    }
  }
`);

const JobCandidatesDocument = graphql(`
  subscription JobCandidates($jobId: ID!, $after: String) {
    jobCandidates(jobId: $jobId, after: $after) {
      cursor
      matchId
      resumeId
      score
      previousScore
    }
  }
`);

/** Comma- or line-separated words, trimmed, without blanks. */
function list(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function PostJobPage() {
  const [, navigate] = useLocation();
  const [state, post] = useMutation(PostJobDocument);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({
    title: '',
    company: '',
    description: '',
    requiredSkills: '',
    remote: '' as JobRemotePolicy | '',
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const result = await post({
      input: {
        title: form.title.trim(),
        company: form.company.trim(),
        description: form.description.trim() || null,
        requiredSkills: list(form.requiredSkills),
        remote: form.remote || null,
      },
    });
    if (result.data) navigate(`/recruiter/jobs/${result.data.postJob.id}`);
    else setError(describeError(result.error, { FORBIDDEN: 'Only recruiters can post jobs.' }));
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Post a job</h1>
      <p className="muted">
        Candidates open to recruiters whose resumes fit appear on the posting&apos;s page as they are found.
      </p>
      <form onSubmit={submit} className="stack">
        <label>
          Job title
          <input value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required />
        </label>
        <label>
          Company
          <input
            value={form.company}
            onChange={(e) => setForm({ ...form, company: e.target.value })}
            required
          />
        </label>
        <label>
          Required skills (separated by commas)
          <input
            value={form.requiredSkills}
            onChange={(e) => setForm({ ...form, requiredSkills: e.target.value })}
            placeholder="Python, PostgreSQL"
          />
        </label>
        <label>
          Remote work
          <select
            value={form.remote}
            onChange={(e) => setForm({ ...form, remote: e.target.value as JobRemotePolicy | '' })}
          >
            <option value="">Not said</option>
            {Object.entries(REMOTE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Description (Markdown)
          <textarea
            rows={8}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
          />
        </label>
        <ErrorMessage message={error} />
        <button type="submit" disabled={state.fetching}>
          Post the job
        </button>
      </form>
    </section>
  );
}

interface Candidate {
  id: string;
  score: number;
  verdict?: string;
  matchedSkills: string[];
  missingSkills: string[];
}

export function CandidatesPage({ jobId }: { jobId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PostedJobDocument, variables: { jobId } });
  const [candidatesResult, refetch] = useQuery({
    query: CandidatesDocument,
    variables: { jobId },
    requestPolicy: 'network-only',
  });
  // Matching learns of a new posting from an event: until then it answers NOT_FOUND (and refuses the
  // subscription, which it authorizes the same way), so it is asked again shortly, a few times.
  const notKnownYet = Boolean(
    candidatesResult.error?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND'),
  );
  const [attempts, setAttempts] = useState(0);
  useEffect(() => {
    if (!notKnownYet || attempts >= 10) return;
    const timer = setTimeout(
      () => {
        setAttempts((n) => n + 1);
        refetch({ requestPolicy: 'network-only' });
      },
      500 * (attempts + 1),
    );
    return () => clearTimeout(timer);
  }, [notKnownYet, attempts, refetch]);
  const candidatesError =
    notKnownYet && attempts < 10
      ? null
      : describeError(candidatesResult.error, {
          FORBIDDEN: 'Only the recruiter who posted this job sees its candidates.',
        });
  const candidateNodes = candidatesResult.data?.candidatesForJob.nodes;
  const [arrived, setArrived] = useState<Map<string, number>>(new Map());
  const [announcement, setAnnouncement] = useState('');

  const liveError = useLiveSubscription(
    JobCandidatesDocument,
    candidatesResult.data ? { jobId } : null,
    (event) => {
      const candidate = event.jobCandidates;
      if (!candidate) return;
      setArrived((previous) => new Map(previous).set(candidate.matchId, candidate.score));
      setAnnouncement(`New candidate, score ${Math.round(candidate.score)}.`);
      // The event carries the score; the details (redacted) come from candidatesForJob.
      refetch({ requestPolicy: 'network-only' });
    },
    (event) => event.jobCandidates?.cursor,
    '0',
  );

  const candidates = useMemo(() => {
    const all = new Map<string, Candidate>((candidateNodes ?? []).map((c) => [c.id, c]));
    for (const [id, score] of arrived)
      if (!all.has(id)) all.set(id, { id, score, matchedSkills: [], missingSkills: [] });
    return [...all.values()].sort((a, b) => b.score - a.score);
  }, [candidateNodes, arrived]);

  if (fetching && !data) return <Loading what="candidates" />;
  if (!data?.job)
    return (
      <ErrorMessage
        message={
          describeError(error, {
            FORBIDDEN: 'Only the recruiter who posted this job sees its candidates.',
          }) ?? 'We could not find that job.'
        }
      />
    );

  return (
    <section>
      <h1 tabIndex={-1}>Candidates for {data.job.title}</h1>
      <p className="lead">
        {data.job.company} · <Link href={`/jobs/${data.job.id}`}>See the posting</Link>
      </p>
      <p className="muted">
        Only people open to recruiters are shown, without their contact details. New candidates appear here as
        they are found.
      </p>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      <ErrorMessage message={candidatesError ?? liveError} />
      {candidates.length === 0 ? (
        <p data-testid="no-candidates">No candidates yet.</p>
      ) : (
        <ul className="plain stack">
          {candidates.map((candidate, i) => (
            <li key={candidate.id} className="card" data-testid="candidate">
              <div className="match-head">
                <h2>Candidate {i + 1}</h2>
                <span className="score" aria-label={`Score ${Math.round(candidate.score)} out of 100`}>
                  {Math.round(candidate.score)}
                </span>
              </div>
              <p>{candidate.verdict && <Verdict verdict={candidate.verdict} />}</p>
              {candidate.matchedSkills.length > 0 && (
                <>
                  <h3>Has</h3>
                  <ul className="tags matched">
                    {candidate.matchedSkills.map((skill) => (
                      <li key={skill}>{skill}</li>
                    ))}
                  </ul>
                </>
              )}
              {candidate.missingSkills.length > 0 && (
                <>
                  <h3>Does not show</h3>
                  <ul className="tags missing">
                    {candidate.missingSkills.map((skill) => (
                      <li key={skill}>{skill}</li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
