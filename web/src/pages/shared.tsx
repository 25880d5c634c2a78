import { useQuery } from 'urql';
import { graphql } from '../gql';
import { describeError } from '../errors';
import { ErrorMessage, Loading } from '../ui';

const SharedResumeDocument = graphql(`
  query SharedResume($token: String!) {
    sharedResume(token: $token) {
      id
      basics {
        name
        label
        summary
      }
      work {
        id
        name
        position
        startDate
        endDate
        summary
      }
      skills {
        id
        name
      }
    }
  }
`);

/** A resume read through a share link: anyone with the link, signed in or not. */
export function SharedResumePage({ token }: { token: string }) {
  const [{ data, fetching, error }] = useQuery({ query: SharedResumeDocument, variables: { token } });
  if (fetching && !data) return <Loading what="the resume" />;
  const resume = data?.sharedResume;
  if (!resume)
    return (
      <>
        <h1 tabIndex={-1}>Shared resume</h1>
        <ErrorMessage
          message={describeError(error, {
            NOT_FOUND: 'This link does not work: it may have expired or been revoked.',
          })}
        />
      </>
    );
  return (
    <article className="stack">
      <h1 tabIndex={-1}>{resume.basics.name ?? 'Shared resume'}</h1>
      {resume.basics.label && <p className="lead">{resume.basics.label}</p>}
      {resume.basics.summary && <p>{resume.basics.summary}</p>}
      {resume.work.length > 0 && (
        <section aria-labelledby="shared-work">
          <h2 id="shared-work">Work</h2>
          <ul className="plain stack">
            {resume.work.map((job) => (
              <li key={job.id} className="card">
                <h3>{[job.position, job.name].filter(Boolean).join(' · ')}</h3>
                <p className="muted">{[job.startDate, job.endDate ?? 'now'].filter(Boolean).join(' – ')}</p>
                {job.summary && <p>{job.summary}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {resume.skills.length > 0 && (
        <section aria-labelledby="shared-skills">
          <h2 id="shared-skills">Skills</h2>
          <ul className="tags">
            {resume.skills.map((skill) => (
              <li key={skill.id}>{skill.name}</li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
