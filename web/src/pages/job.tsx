import { useQuery } from 'urql';
import { graphql } from '../gql';
import { describeError } from '../errors';
import { ErrorMessage, Loading, formatSalary } from '../ui';
import { REMOTE_LABELS } from './jobs';
import { JobTools } from './job-tools';

const JobDocument = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      id
      title
      company
      description
      remote
      seniority
      employmentType
      sourceUrl
      postedAt
      isActive
      location {
        city
        region
        countryCode
      }
      salary {
        text
        min
        max
        currency
      }
      requirements {
        years
        requiredSkills
        preferredSkills
        qualifications
      }
    }
  }
`);

export function JobPage({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: JobDocument, variables: { id } });
  if (fetching && !data) return <Loading what="the job" />;
  const job = data?.job;
  if (!job) return <ErrorMessage message={describeError(error) ?? 'We could not find that job.'} />;
  const salary = formatSalary(job.salary);
  const where = [job.location.city, job.location.region, job.location.countryCode].filter(Boolean).join(', ');
  return (
    <article>
      <h1 tabIndex={-1}>{job.title}</h1>
      <p className="lead">{job.company}</p>
      <dl className="facts">
        {where && (
          <>
            <dt>Location</dt>
            <dd>{where}</dd>
          </>
        )}
        {job.remote && (
          <>
            <dt>Remote</dt>
            <dd>{REMOTE_LABELS[job.remote]}</dd>
          </>
        )}
        {job.seniority && (
          <>
            <dt>Level</dt>
            <dd>{job.seniority.toLowerCase()}</dd>
          </>
        )}
        {salary && (
          <>
            <dt>Salary</dt>
            <dd>{salary}</dd>
          </>
        )}
        {job.requirements.years != null && (
          <>
            <dt>Experience</dt>
            <dd>{job.requirements.years}+ years</dd>
          </>
        )}
      </dl>
      {!job.isActive && <p className="error">This posting is closed.</p>}
      {job.requirements.requiredSkills.length > 0 && (
        <>
          <h2>Required skills</h2>
          <ul className="tags">
            {job.requirements.requiredSkills.map((skill) => (
              <li key={skill}>{skill}</li>
            ))}
          </ul>
        </>
      )}
      {job.requirements.preferredSkills.length > 0 && (
        <>
          <h2>Nice to have</h2>
          <ul className="tags">
            {job.requirements.preferredSkills.map((skill) => (
              <li key={skill}>{skill}</li>
            ))}
          </ul>
        </>
      )}
      {job.isActive && <JobTools jobId={job.id} />}
      <h2>Description</h2>
      <p className="prewrap">{job.description}</p>
      {job.sourceUrl && (
        <p>
          <a href={job.sourceUrl} rel="noreferrer noopener" target="_blank">
            Original posting
          </a>
        </p>
      )}
    </article>
  );
}
