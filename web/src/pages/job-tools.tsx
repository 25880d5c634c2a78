import { useState } from 'react';
import { useLocation } from 'wouter';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { AnalysisCompletedSubscription, CoverLetterTone } from '../gql/graphql';
import { describeError } from '../errors';
import { useLiveSubscription } from '../graphql/live';
import { ErrorMessage, Verdict } from '../ui';

const ToolResumesDocument = graphql(`
  query ToolResumes {
    myResumes(first: 50) {
      nodes {
        id
        title
        status
      }
    }
  }
`);

const AnalyzeResumeDocument = graphql(`
  mutation AnalyzeResume($resumeId: ID!, $jobId: ID!) {
    analyzeResume(resumeId: $resumeId, target: { jobId: $jobId }) {
      id
      status
    }
  }
`);

const AnalysisCompletedDocument = graphql(`
  subscription AnalysisCompleted($analysisId: ID!, $after: String) {
    analysisCompleted(analysisId: $analysisId, after: $after) {
      cursor
      status
      score
      verdict
      failureReason
      analysis {
        id
        recommendation
        matches {
          requirement
          key
          status
          evidence {
            text
          }
        }
      }
    }
  }
`);

const GenerateCoverLetterDocument = graphql(`
  mutation GenerateCoverLetter($resumeId: ID!, $jobId: ID!, $tone: CoverLetterTone!) {
    generateCoverLetter(resumeId: $resumeId, target: { jobId: $jobId }, tone: $tone) {
      text
      claimsRemoved
    }
  }
`);

const TailorResumeDocument = graphql(`
  mutation TailorResume($resumeId: ID!, $jobId: ID!) {
    tailorResume(resumeId: $resumeId, target: { jobId: $jobId }) {
      id
    }
  }
`);

const TONES: Record<CoverLetterTone, string> = {
  PROFESSIONAL: 'Professional',
  FRIENDLY: 'Friendly',
  CONFIDENT: 'Confident',
};

const STATUS_LABELS = { MET: 'Met', PARTLY: 'Partly met', MISSING: 'Missing' } as const;

/** What a person can do with one of their resumes and this posting: analyse, write, tailor. */
export function JobTools({ jobId }: { jobId: string }) {
  const [, navigate] = useLocation();
  const [{ data }] = useQuery({ query: ToolResumesDocument, requestPolicy: 'cache-and-network' });
  const [analyzing, analyze] = useMutation(AnalyzeResumeDocument);
  const [writing, write] = useMutation(GenerateCoverLetterDocument);
  const [tailoring, tailor] = useMutation(TailorResumeDocument);
  const [chosen, setChosen] = useState('');
  const [tone, setTone] = useState<CoverLetterTone>('PROFESSIONAL');
  const [analysisId, setAnalysisId] = useState<string | null>(null);
  const [analysis, setAnalysis] = useState<AnalysisCompletedSubscription['analysisCompleted']>(null);
  const [letter, setLetter] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Without `after`, the completion is replayed even when it came before the subscription.
  const liveError = useLiveSubscription(
    AnalysisCompletedDocument,
    analysisId ? { analysisId } : null,
    (event) => {
      if (event.analysisCompleted) setAnalysis(event.analysisCompleted);
    },
    (event) => event.analysisCompleted?.cursor,
  );

  const parsed = data?.myResumes.nodes.filter((resume) => resume.status === 'PARSED') ?? [];
  if (data && parsed.length === 0) return null;
  const resumeId = chosen || parsed[0]?.id || '';
  const busy = analyzing.fetching || writing.fetching || tailoring.fetching;

  return (
    <section className="card stack" aria-labelledby="job-tools">
      <h2 id="job-tools">With your resume</h2>
      <div className="pair">
        <label>
          Resume
          <select value={resumeId} onChange={(e) => setChosen(e.target.value)}>
            {parsed.map((resume) => (
              <option key={resume.id} value={resume.id}>
                {resume.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Cover letter tone
          <select value={tone} onChange={(e) => setTone(e.target.value as CoverLetterTone)}>
            {Object.entries(TONES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={!resumeId || busy}
          onClick={async () => {
            setError(null);
            setAnalysis(null);
            const result = await analyze({ resumeId, jobId });
            if (result.data) setAnalysisId(result.data.analyzeResume.id);
            else setError(describeError(result.error));
          }}
        >
          Analyse the fit
        </button>
        <button
          type="button"
          disabled={!resumeId || busy}
          onClick={async () => {
            setError(null);
            setLetter(null);
            const result = await write({ resumeId, jobId, tone });
            if (result.data) setLetter(result.data.generateCoverLetter.text);
            else setError(describeError(result.error));
          }}
        >
          Write a cover letter
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!resumeId || busy}
          onClick={async () => {
            setError(null);
            const result = await tailor({ resumeId, jobId });
            // The previous version is kept as a snapshot; the resume page shows the new one.
            if (result.data) navigate(`/resumes/${result.data.tailorResume.id}`);
            else setError(describeError(result.error));
          }}
        >
          Tailor my resume to it
        </button>
      </div>
      {busy && (
        <p role="status" className="muted">
          Working…
        </p>
      )}
      <ErrorMessage message={error ?? liveError} />
      {analysisId && !analysis && (
        <p role="status" className="muted">
          Analysing…
        </p>
      )}
      {analysis && (
        <div className="stack" data-testid="analysis" aria-live="polite">
          <h3>Analysis</h3>
          {analysis.status === 'FAILED' ? (
            <p className="error">The analysis failed: {analysis.failureReason}</p>
          ) : (
            <>
              <p>
                Score {Math.round(analysis.score ?? 0)} out of 100{' '}
                {analysis.verdict && <Verdict verdict={analysis.verdict} />}
              </p>
              {analysis.analysis?.recommendation && <p>{analysis.analysis.recommendation}</p>}
              <ul className="evidence">
                {analysis.analysis?.matches.map((match) => (
                  <li key={match.requirement}>
                    <strong>{match.requirement}</strong>
                    {match.key ? ' (key)' : ''}: {STATUS_LABELS[match.status]}
                    {match.evidence && <blockquote>“{match.evidence.text}”</blockquote>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {letter && (
        <div className="stack">
          <h3>Cover letter</h3>
          <p className="prewrap" data-testid="cover-letter">
            {letter}
          </p>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() => void navigator.clipboard?.writeText(letter)}
            >
              Copy the letter
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
