/** Small shared pieces of the pages. */
export function ErrorMessage({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p className="error" role="alert" id={id}>
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

const VERDICT_LABELS: Record<string, string> = {
  STRONG: 'Strong match',
  GOOD: 'Good match',
  PARTIAL: 'Partial match',
  WEAK: 'Weak match',
};

export function Verdict({ verdict }: { verdict: string }) {
  return (
    <span className={`verdict verdict-${verdict.toLowerCase()}`}>{VERDICT_LABELS[verdict] ?? verdict}</span>
  );
}

export function formatSalary(salary: {
  text?: string | null;
  min?: number | null;
  max?: number | null;
  currency?: string | null;
}): string | null {
  if (salary.text) return salary.text;
  if (salary.min == null && salary.max == null) return null;
  const range = [salary.min, salary.max].filter((n) => n != null).map((n) => n!.toLocaleString());
  return `${range.join('–')} ${salary.currency ?? ''}`.trim();
}
