import { exportsMapReport } from './testing/exports-map.js';

describe('@hiregraph/platform package.json', () => {
  it('exports every module the other packages import and declares exactly the dependencies it imports', () => {
    const report = exportsMapReport('platform');
    expect(report.imported).toBeGreaterThanOrEqual(20); // the importers really were read
    expect(report).toEqual({
      imported: report.imported,
      badEntries: [],
      missing: [],
      undeclared: [],
      unused: [],
    });
  });
});
