import { exportsMapReport } from '@hiregraph/platform/testing/exports-map';

describe('@hiregraph/requirements package.json', () => {
  it('exports every module the other packages import and declares exactly the dependencies it imports', () => {
    const report = exportsMapReport('requirements');
    expect(report.imported).toBeGreaterThanOrEqual(1); // the importers really were read
    expect(report).toEqual({
      imported: report.imported,
      badEntries: [],
      missing: [],
      undeclared: [],
      unused: [],
    });
  });
});
