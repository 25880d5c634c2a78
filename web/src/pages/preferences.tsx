import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { RemotePolicy } from '../gql/graphql';
import { describeError } from '../errors';
import { ErrorMessage, Loading } from '../ui';

const PreferencesDocument = graphql(`
  query Preferences {
    myPreferences {
      jobSearch {
        matchThreshold
        remotePolicy
        minimumSalary
        salaryCurrency
        openToRecruiters
      }
    }
  }
`);

const UpdatePreferencesDocument = graphql(`
  mutation UpdatePreferences($input: UpdatePreferencesInput!) {
    updatePreferences(input: $input) {
      jobSearch {
        matchThreshold
        remotePolicy
        minimumSalary
        salaryCurrency
        openToRecruiters
      }
    }
  }
`);

const REMOTE: Record<RemotePolicy, string> = {
  ANY: 'Any',
  REMOTE: 'Remote',
  HYBRID: 'Hybrid',
  ONSITE: 'On site',
};

export function PreferencesPage() {
  const [{ data, fetching, error }] = useQuery({ query: PreferencesDocument });
  const [state, update] = useMutation(UpdatePreferencesDocument);
  const [form, setForm] = useState({
    matchThreshold: '50',
    remotePolicy: 'ANY' as RemotePolicy,
    minimumSalary: '',
    salaryCurrency: '',
    openToRecruiters: false,
  });
  const [message, setMessage] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    const prefs = data?.myPreferences.jobSearch;
    if (!prefs) return;
    setForm({
      matchThreshold: String(prefs.matchThreshold),
      remotePolicy: prefs.remotePolicy,
      minimumSalary: prefs.minimumSalary == null ? '' : String(prefs.minimumSalary),
      salaryCurrency: prefs.salaryCurrency ?? '',
      openToRecruiters: prefs.openToRecruiters,
    });
  }, [data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setSaveError(null);
    const result = await update({
      input: {
        jobSearch: {
          matchThreshold: Number(form.matchThreshold),
          remotePolicy: form.remotePolicy,
          minimumSalary: form.minimumSalary === '' ? null : Number(form.minimumSalary),
          salaryCurrency: form.salaryCurrency === '' ? null : form.salaryCurrency.toUpperCase(),
          openToRecruiters: form.openToRecruiters,
        },
      },
    });
    if (result.data) setMessage('Your preferences are saved.');
    else setSaveError(describeError(result.error));
  };

  if (fetching && !data) return <Loading what="your preferences" />;
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Preferences</h1>
      <ErrorMessage message={describeError(error)} />
      <form onSubmit={submit} className="stack">
        <label>
          Announce matches scoring at least (0–100)
          <input
            type="number"
            min={0}
            max={100}
            value={form.matchThreshold}
            onChange={(e) => setForm({ ...form, matchThreshold: e.target.value })}
            required
          />
        </label>
        <label>
          Remote work
          <select
            value={form.remotePolicy}
            onChange={(e) => setForm({ ...form, remotePolicy: e.target.value as RemotePolicy })}
          >
            {Object.entries(REMOTE).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <div className="pair">
          <label>
            Minimum salary
            <input
              type="number"
              min={0}
              value={form.minimumSalary}
              onChange={(e) => setForm({ ...form, minimumSalary: e.target.value })}
            />
          </label>
          <label>
            Currency (ISO code)
            <input
              value={form.salaryCurrency}
              maxLength={3}
              onChange={(e) => setForm({ ...form, salaryCurrency: e.target.value })}
              placeholder="EUR"
            />
          </label>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.openToRecruiters}
            onChange={(e) => setForm({ ...form, openToRecruiters: e.target.checked })}
          />
          Recruiters may find my resumes among their postings&apos; candidates
        </label>
        <ErrorMessage message={saveError} />
        {message && (
          <p role="status" className="ok">
            {message}
          </p>
        )}
        <button type="submit" disabled={state.fetching}>
          Save preferences
        </button>
      </form>
    </section>
  );
}
