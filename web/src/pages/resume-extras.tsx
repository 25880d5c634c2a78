import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { ShareLinkDuration } from '../gql/graphql';
import { describeError } from '../errors';
import { ErrorMessage } from '../ui';

const ShareLinksDocument = graphql(`
  query ShareLinks($resumeId: ID!) {
    shareLinks(resumeId: $resumeId) {
      id
      expiresAt
      revokedAt
      viewCount
      createdAt
    }
  }
`);

const CreateShareLinkDocument = graphql(`
  mutation CreateShareLink($resumeId: ID!, $duration: ShareLinkDuration!) {
    createShareLink(resumeId: $resumeId, duration: $duration) {
      id
      token
    }
  }
`);

const RevokeShareLinkDocument = graphql(`
  mutation RevokeShareLink($id: ID!) {
    revokeShareLink(id: $id) {
      id
      revokedAt
    }
  }
`);

const SnapshotsDocument = graphql(`
  query Snapshots($resumeId: ID!) {
    snapshots(resumeId: $resumeId) {
      id
      name
      version
      createdAt
    }
  }
`);

const CreateSnapshotDocument = graphql(`
  mutation CreateSnapshot($resumeId: ID!, $name: String!) {
    createSnapshot(resumeId: $resumeId, name: $name) {
      id
    }
  }
`);

const ResumeDiffDocument = graphql(`
  query ResumeDiff($resumeId: ID!, $from: Int!, $to: Int!) {
    resumeDiff(resumeId: $resumeId, from: $from, to: $to) {
      changes {
        kind
        path
        fields
      }
    }
  }
`);

const ExportPdfDocument = graphql(`
  mutation ExportResumePdf($id: ID!, $template: PdfTemplate!) {
    exportResumePdf(id: $id, template: $template) {
      url
    }
  }
`);

const DURATIONS: Record<ShareLinkDuration, string> = {
  WEEK: 'A week',
  MONTH: 'A month',
  THREE_MONTHS: 'Three months',
  PERMANENT: 'No end',
};

const date = (iso: string) => new Date(iso).toLocaleDateString();

/** Links that let anyone read the resume: created (the address shown once), copied, revoked. */
export function ShareLinks({ resumeId }: { resumeId: string }) {
  const [{ data, error }, refetch] = useQuery({ query: ShareLinksDocument, variables: { resumeId } });
  const [creating, create] = useMutation(CreateShareLinkDocument);
  const [, revoke] = useMutation(RevokeShareLinkDocument);
  const [duration, setDuration] = useState<ShareLinkDuration>('MONTH');
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setCopied(false);
    const result = await create({ resumeId, duration });
    if (!result.data) return setFailure(describeError(result.error));
    setCreated(`${location.origin}/shared/${result.data.createShareLink.token}`);
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section className="card stack" aria-labelledby="share-heading">
      <h2 id="share-heading">Share links</h2>
      <form onSubmit={submit} className="actions">
        <label>
          Valid for
          <select value={duration} onChange={(e) => setDuration(e.target.value as ShareLinkDuration)}>
            {Object.entries(DURATIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={creating.fetching}>
          Create a share link
        </button>
      </form>
      {created && (
        <div className="stack">
          <label>
            New link (shown only now)
            <input
              readOnly
              value={created}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="share-url"
            />
          </label>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(created).catch(() => undefined);
                setCopied(true);
              }}
            >
              Copy the link
            </button>
            {copied && (
              <span role="status" className="ok">
                Copied.
              </span>
            )}
          </div>
        </div>
      )}
      <ErrorMessage message={failure ?? describeError(error)} />
      {data && data.shareLinks.length > 0 && (
        <ul className="plain stack">
          {data.shareLinks.map((link) => (
            <li key={link.id} className="row" data-testid="share-link">
              <span>
                Created {date(link.createdAt)}
                {link.expiresAt ? `, until ${date(link.expiresAt)}` : ', no end'}, read {link.viewCount}{' '}
                {link.viewCount === 1 ? 'time' : 'times'}
                {link.revokedAt ? ' · revoked' : ''}
              </span>
              {!link.revokedAt && (
                <button
                  type="button"
                  className="secondary"
                  onClick={async () => {
                    const result = await revoke({ id: link.id });
                    if (!result.data) setFailure(describeError(result.error));
                  }}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Named snapshots of the resume, and what changed since each (resumeDiff). */
export function Snapshots({ resumeId, version }: { resumeId: string; version: number }) {
  const [{ data, error }, refetch] = useQuery({ query: SnapshotsDocument, variables: { resumeId } });
  const [saving, save] = useMutation(CreateSnapshotDocument);
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [compared, setCompared] = useState<number | null>(null);
  const [diff] = useQuery({
    query: ResumeDiffDocument,
    variables: { resumeId, from: compared ?? 0, to: version },
    pause: compared === null,
  });

  return (
    <section className="card stack" aria-labelledby="snapshots-heading">
      <h2 id="snapshots-heading">Snapshots</h2>
      <form
        className="actions"
        onSubmit={async (event) => {
          event.preventDefault();
          setFailure(null);
          const result = await save({ resumeId, name: name.trim() });
          if (!result.data) return setFailure(describeError(result.error));
          setName('');
          refetch({ requestPolicy: 'network-only' });
        }}
      >
        <label>
          Snapshot name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit" disabled={saving.fetching}>
          Keep this version
        </button>
      </form>
      <ErrorMessage message={failure ?? describeError(error) ?? describeError(diff.error)} />
      {data && data.snapshots.length > 0 && (
        <ul className="plain stack">
          {data.snapshots.map((snapshot) => (
            <li key={snapshot.id} className="stack">
              <div className="row">
                <span>
                  {snapshot.name} · version {snapshot.version} · {date(snapshot.createdAt)}
                </span>
                {snapshot.version !== version && (
                  <button type="button" className="secondary" onClick={() => setCompared(snapshot.version)}>
                    What changed since
                  </button>
                )}
              </div>
              {compared === snapshot.version && diff.data && (
                <ul className="evidence" aria-label={`Changes since ${snapshot.name}`}>
                  {diff.data.resumeDiff.changes.length === 0 && <li>Nothing changed.</li>}
                  {diff.data.resumeDiff.changes.map((change, i) => (
                    <li key={`${change.path}-${i}`}>
                      {change.kind.toLowerCase()}: {change.path}
                      {change.fields.length > 0 ? ` (${change.fields.join(', ')})` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A PDF of the resume, through a short-lived download link. */
export function PdfExport({ resumeId }: { resumeId: string }) {
  const [state, exportPdf] = useMutation(ExportPdfDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  return (
    <section className="card stack" aria-labelledby="pdf-heading">
      <h2 id="pdf-heading">PDF</h2>
      <div className="actions">
        {(['CLASSIC', 'MODERN'] as const).map((template) => (
          <button
            key={template}
            type="button"
            className="secondary"
            disabled={state.fetching}
            onClick={async () => {
              setFailure(null);
              const result = await exportPdf({ id: resumeId, template });
              if (result.data) setUrl(result.data.exportResumePdf.url);
              else setFailure(describeError(result.error));
            }}
          >
            {template === 'CLASSIC' ? 'Make a classic PDF' : 'Make a modern PDF'}
          </button>
        ))}
      </div>
      {state.fetching && (
        <p role="status" className="muted">
          Rendering…
        </p>
      )}
      <ErrorMessage message={failure} />
      {url && (
        <p>
          <a href={url} download>
            Download the PDF
          </a>{' '}
          <span className="muted">(the link works for 15 minutes)</span>
        </p>
      )}
    </section>
  );
}
