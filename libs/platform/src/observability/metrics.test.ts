import { codeLabel, operationLabel, routeLabel } from './metrics.js';

describe('metric labels', () => {
  it('keeps operation names, and bounds what a client could make unbounded', () => {
    expect(operationLabel('MatchesForResume')).toBe('MatchesForResume');
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('')).toBe('anonymous');
    expect(operationLabel('a'.repeat(65))).toBe('other');
    expect(operationLabel('Resume_0191d5c2a8e47f3b9c1d')).toBe('other');
    expect(operationLabel('Order12345678')).toBe('other');
    expect(operationLabel('query-with-dash')).toBe('other');
  });

  it('counts at most MAX_OPERATION_LABELS distinct names, then "other"', async () => {
    const { MAX_OPERATION_LABELS } = await import('./metrics.js');
    const names = Array.from(
      { length: MAX_OPERATION_LABELS + 10 },
      (_, i) => `Op_${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`,
    );
    const labels = names.map((name) => operationLabel(name));
    expect(new Set(labels.filter((label) => label !== 'other')).size).toBeLessThanOrEqual(
      MAX_OPERATION_LABELS,
    );
    expect(labels.at(-1)).toBe('other');
    // A name seen before the cap keeps its label.
    expect(operationLabel('MatchesForResume')).toBe('MatchesForResume');
  });

  it('labels only constant-looking codes and fixed routes', () => {
    expect(codeLabel('BAD_USER_INPUT')).toBe('BAD_USER_INPUT');
    expect(codeLabel('user 42 missing')).toBe('other');
    expect(codeLabel(undefined)).toBe('NONE');
    expect(routeLabel('/graphql')).toBe('/graphql');
    expect(routeLabel('/users/0191d5c2')).toBe('other');
  });
});
