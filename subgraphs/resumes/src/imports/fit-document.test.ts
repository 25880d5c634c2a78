import { MAX_HIGHLIGHT_CHARS } from '../resumes/resume-document.js';
import { fitToDocument } from './fit-document.js';

describe('fitToDocument', () => {
  it('splits a bullet over the limit at sentence ends, cuts fields, drops unreadable dates — never throws', () => {
    const sentence = `${'Ran the data platform migration across four regions without downtime '.repeat(12).trim()}.`;
    const long = Array.from({ length: 12 }, () => sentence).join(' ');
    expect(long.length).toBeGreaterThan(MAX_HIGHLIGHT_CHARS);
    const { document, notes } = fitToDocument({
      basics: { name: 'N'.repeat(300) },
      work: [{ name: 'Acme', startDate: '20/19', highlights: ['Short one.', long, 'Last one.'] }],
    });
    const highlights = document.work[0].highlights;
    expect(highlights[0]).toBe('Short one.');
    expect(highlights.at(-1)).toBe('Last one.');
    expect(highlights.length).toBeGreaterThan(3);
    expect(highlights.every((h) => h.length <= MAX_HIGHLIGHT_CHARS)).toBe(true);
    expect(highlights.slice(1, -1).join(' ')).toBe(long);
    expect(document.basics.name).toHaveLength(200);
    expect(document.basics.name!.endsWith('…')).toBe(true);
    expect(document.work[0].startDate).toBeUndefined();
    expect(notes.length).toBe(3);
  });
});
