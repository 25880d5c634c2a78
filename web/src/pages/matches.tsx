import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MatchCardFragment } from '../gql/graphql';
import { describeError } from '../errors';
import { useLiveState, useLiveSubscription } from '../graphql/live';
import { ErrorMessage, Loading, Verdict } from '../ui';

graphql(`
  fragment MatchCard on Match {
    id
    score
    verdict
    computedAt
    matchedSkills
    missingSkills
    recommendation
    evidence {
      skill
      quote
      text
    }
    job {
      id
      title
      company
    }
  }
`);

const MatchesDocument = graphql(`
  query Matches($resumeId: ID!) {
    resume(id: $resumeId) {
      id
      title
      status
    }
    matchesForResume(resumeId: $resumeId, first: 50) {
      totalCount
      nodes {
        ...MatchCard
      }
    }
  }
`);

const MatchFoundDocument = graphql(`
  subscription MatchFound($resumeId: ID!, $after: String) {
    matchFound(resumeId: $resumeId, after: $after) {
      cursor
      matchId
      match {
        ...MatchCard
      }
    }
  }
`);

function MatchCard({ match, isNew }: { match: MatchCardFragment; isNew: boolean }) {
  const headingId = `match-${match.id}`;
  return (
    <li className="card match" aria-labelledby={headingId} data-testid="match">
      <div className="match-head">
        <h2 id={headingId}>
          {match.job ? (
            <Link href={`/jobs/${match.job.id}`}>{`${match.job.title} · ${match.job.company}`}</Link>
          ) : (
            'A posting'
          )}
        </h2>
        <span className="score" aria-label={`Score ${Math.round(match.score)} out of 100`}>
          {Math.round(match.score)}
        </span>
      </div>
      <p>
        <Verdict verdict={match.verdict} />
        {isNew && <span className="badge new">New</span>}
      </p>
      {match.recommendation && <p>{match.recommendation}</p>}
      <div className="pair">
        <div>
          <h3>Matched requirements</h3>
          {match.matchedSkills.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="tags matched">
              {match.matchedSkills.map((skill) => (
                <li key={skill}>{skill}</li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Missing requirements</h3>
          {match.missingSkills.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="tags missing">
              {match.missingSkills.map((skill) => (
                <li key={skill}>{skill}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {match.evidence.length > 0 && (
        <details open>
          <summary>Evidence from your resume</summary>
          <ul className="evidence">
            {match.evidence.map((item, i) => (
              <li key={`${item.skill}-${i}`}>
                <strong>{item.skill}</strong>
                <blockquote data-testid="evidence">{highlight(item.text, item.quote)}</blockquote>
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

/** The chunk's text with the quoted words marked. */
function highlight(text: string, quote: string) {
  const at = quote ? text.indexOf(quote) : -1;
  if (at < 0) return `“${quote || text}”`;
  return (
    <>
      “{text.slice(0, at)}
      <mark>{quote}</mark>
      {text.slice(at + quote.length)}”
    </>
  );
}

export function MatchesPage({ resumeId }: { resumeId: string }) {
  const [{ data, fetching, error }] = useQuery({
    query: MatchesDocument,
    variables: { resumeId },
    requestPolicy: 'network-only',
  });
  const [arrived, setArrived] = useState<Map<string, MatchCardFragment>>(new Map());
  const [announcement, setAnnouncement] = useState('');
  const liveState = useLiveState();
  useEffect(() => setArrived(new Map()), [resumeId]);

  // From the start of the replay window the first time, so a match stored between the query and the
  // subscription is not lost; after a drop, from the last cursor received.
  const liveError = useLiveSubscription(
    MatchFoundDocument,
    data ? { resumeId } : null,
    (event) => {
      const match = event.matchFound?.match;
      if (!match) return;
      setArrived((previous) => new Map(previous).set(match.id, match));
      setAnnouncement(`New match: ${match.job?.title ?? 'a posting'}, score ${Math.round(match.score)}.`);
    },
    (event) => event.matchFound?.cursor,
    '0',
  );

  const known = useMemo(() => new Set(data?.matchesForResume.nodes.map((m) => m.id)), [data]);
  const matches = useMemo(() => {
    const all = new Map((data?.matchesForResume.nodes ?? []).map((m) => [m.id, m]));
    for (const [id, match] of arrived) all.set(id, match);
    return [...all.values()].sort((a, b) => b.score - a.score);
  }, [data, arrived]);

  if (fetching && !data) return <Loading what="matches" />;
  if (!data?.resume)
    return <ErrorMessage message={describeError(error) ?? 'We could not find that resume.'} />;

  return (
    <section>
      <h1 tabIndex={-1}>Matches for {data.resume.title}</h1>
      <p className="muted">
        New matches appear here as they are found (
        {liveState === 'connected' ? 'listening' : 'not listening right now'}).
      </p>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      <ErrorMessage message={liveError} />
      {matches.length === 0 ? (
        <p data-testid="no-matches">
          No matches yet. They will show up here when jobs that fit your resume arrive.
        </p>
      ) : (
        <ul className="plain stack">
          {matches.map((match) => (
            <MatchCard key={match.id} match={match} isNew={!known.has(match.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
