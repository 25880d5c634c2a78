import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useClient, useMutation, useQuery } from 'urql';
import { HiregraphError, ImportResumeFileDocument } from '@hiregraph/sdk';
import { graphql } from '../gql';
import { describeError, sentenceFor } from '../errors';
import { sdk } from '../graphql/client';
import { ErrorMessage, Loading } from '../ui';

const MyResumesDocument = graphql(`
  query MyResumes {
    myResumes(first: 50) {
      nodes {
        id
        title
        status
        isDefault
        updatedAt
      }
    }
  }
`);

const ImportJsonResumeDocument = graphql(`
  mutation ImportJsonResume($document: JSON!, $title: String) {
    importJsonResume(document: $document, title: $title) {
      id
      status
    }
  }
`);

const STATUS_LABELS: Record<string, string> = { PROCESSING: 'Reading…', PARSED: 'Ready', FAILED: 'Failed' };

function UploadForm() {
  const client = useClient();
  const [, navigate] = useLocation();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    try {
      // createUpload, the presigned POST straight to storage, then confirmUpload.
      setStep('Uploading the file…');
      const upload = await sdk.upload(file, { filename: file.name });
      // A refused file is answered with BAD_USER_INPUT (caught below); the status is checked anyway.
      if (upload.status !== 'CONFIRMED') throw new Failure(upload.rejectionReason);

      setStep('Starting the import…');
      const title = file.name.replace(/\.[^.]+$/, '');
      const imported = await client
        .mutation(ImportResumeFileDocument, { uploadId: upload.id, title })
        .toPromise();
      if (!imported.data) throw new Failure(describeError(imported.error));
      navigate(`/resumes/${imported.data.importResumeFile.id}`);
    } catch (caught) {
      if (caught instanceof HiregraphError && caught.errors[0]) setError(sentenceFor(caught.errors[0]));
      else setError(caught instanceof Failure ? caught.message : 'The upload did not go through. Try again.');
      setStep(null);
    }
  };

  return (
    <form onSubmit={submit} className="card stack">
      <h2>Upload a resume</h2>
      <label>
        Resume file (PDF or DOCX, up to 10 MB)
        <input
          type="file"
          accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          required
        />
      </label>
      {step && (
        <p role="status" className="muted">
          {step}
        </p>
      )}
      <ErrorMessage message={error} />
      <button type="submit" disabled={!file || step !== null}>
        Upload
      </button>
    </form>
  );
}

/** A step refused by the API, with the sentence to show. */
class Failure extends Error {
  constructor(sentence: string | null) {
    super(sentence ?? 'The upload did not go through. Try again.');
  }
}

function JsonResumeForm() {
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [state, importJson] = useMutation(ImportJsonResumeDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      setError('That is not valid JSON. Paste a JSON Resume document (jsonresume.org).');
      return;
    }
    const result = await importJson({ document });
    if (result.data) navigate(`/resumes/${result.data.importJsonResume.id}`);
    else setError(describeError(result.error));
  };

  return (
    <form onSubmit={submit} className="card stack">
      <h2>Paste a JSON Resume</h2>
      <label>
        JSON Resume document
        <textarea
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
          spellCheck={false}
        />
      </label>
      <ErrorMessage message={error} />
      <button type="submit" disabled={state.fetching}>
        Import
      </button>
    </form>
  );
}

export function ResumesPage() {
  const [{ data, fetching, error }] = useQuery({ query: MyResumesDocument });
  return (
    <section>
      <h1 tabIndex={-1}>Your resumes</h1>
      <ErrorMessage message={describeError(error)} />
      {fetching && !data && <Loading what="your resumes" />}
      {data && data.myResumes.nodes.length === 0 && <p>No resumes yet: upload one or paste a JSON Resume.</p>}
      {data && data.myResumes.nodes.length > 0 && (
        <ul className="list">
          {data.myResumes.nodes.map((resume) => (
            <li key={resume.id} className="row">
              <Link href={`/resumes/${resume.id}`}>{resume.title}</Link>
              <span className={`badge status-${resume.status.toLowerCase()}`}>
                {STATUS_LABELS[resume.status]}
              </span>
              {resume.isDefault && <span className="badge">Default</span>}
              <Link href={`/resumes/${resume.id}/matches`}>Matches</Link>
            </li>
          ))}
        </ul>
      )}
      <div className="grid">
        <UploadForm />
        <JsonResumeForm />
      </div>
    </section>
  );
}
