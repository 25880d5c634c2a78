import { layoutPage, type PositionedText } from './pdf-layout.js';
import { isSectionHeading } from './sections.js';

/** One text item; width from the text at half the font size per character (close to Helvetica). */
function item(text: string, x: number, y: number, fontSize = 10, fontName = 'body'): PositionedText {
  return { text, x, y, width: text.length * fontSize * 0.5, fontSize, fontName };
}

const texts = (items: PositionedText[]) => layoutPage(items, isSectionHeading).map((line) => line.text);

describe('layoutPage', () => {
  it('reads a sidebar and a main column sharing baselines as two flows', () => {
    // Sidebar lines end at different x (a ragged edge next to the gutter); the name and title run
    // across the gutter; in the main column two long lines reach under the right-aligned dates, so
    // the gap before the dates is as empty as the gutter's ragged shoulder.
    const sidebar = ['Critical care', 'Ventilator management', 'IV therapy', 'Sepsis screening', 'Epic EHR'];
    const sidebarEnds = [150, 175, 120, 160, 110];
    const items = [
      item('Olivia Grant', 40, 760, 24, 'bold'),
      item('Registered Nurse, Critical Care', 40, 740, 12),
      item('Skills', 40, 700, 12, 'bold'),
      ...sidebar.map((text, index) => ({
        ...item(text, 40, 686 - index * 14),
        width: sidebarEnds[index] - 40,
      })),
      item('Experience', 200, 700, 12, 'bold'),
    ];
    const main: string[] = ['Experience'];
    for (const [index, [company, dates]] of [
      ['Manchester Royal Infirmary', '04/2020 - Present'],
      ['Salford Royal Hospital', '09/2017 - 03/2020'],
      ['Boots UK', '06/2014 - 08/2017'],
    ].entries()) {
      const y = 686 - index * 56;
      const short = `Short duty line ${index + 1}`;
      const long = `A long duty line ${index + 1} that runs on under the dates`;
      items.push(
        { ...item(company, 200, y, 10, 'bold'), width: 150 },
        { ...item(dates, 480, y + 2, 8), width: 70 },
        { ...item(short, 215, y - 14), width: 250 },
        { ...item(long, 215, y - 28), width: index < 2 ? 330 : 250 },
      );
      main.push(`${company} | ${dates}`, short, long);
    }
    const lines = texts(items);
    expect(lines).toEqual(['Olivia Grant', 'Registered Nurse, Critical Care', 'Skills', ...sidebar, ...main]);
  });

  it('keeps right-aligned dates beside their entry headers in a single column', () => {
    const items = [
      item('Experience', 40, 700, 12, 'bold'),
      item('Acme Corp, Staff Engineer', 40, 680),
      item('Jan 2020 – Present', 480, 680),
      item('Led the payments team through a ledger migration', 52, 666),
      item('Cut p99 latency from 420 ms to 95 ms', 52, 652),
      item('Globex, Engineer', 40, 630),
      item('Mar 2016 – Dec 2019', 475, 630),
      item('Built the billing service in Go and PostgreSQL', 52, 616),
      item('Mentored four engineers through on-call', 52, 602),
      item('Initech, Intern', 40, 580),
      item('Jun 2015 – Feb 2016', 475, 580),
      item('Wrote the first integration tests for ingestion', 52, 566),
    ];
    expect(texts(items)).toEqual([
      'Experience',
      'Acme Corp, Staff Engineer | Jan 2020 – Present',
      'Led the payments team through a ledger migration',
      'Cut p99 latency from 420 ms to 95 ms',
      'Globex, Engineer | Mar 2016 – Dec 2019',
      'Built the billing service in Go and PostgreSQL',
      'Mentored four engineers through on-call',
      'Initech, Intern | Jun 2015 – Feb 2016',
      'Wrote the first integration tests for ingestion',
    ]);
  });

  it('keeps section names printed in the left margin beside their first line', () => {
    const items = [
      item('Work', 40, 700, 14, 'bold'),
      item('Acme Corp', 200, 700),
      item('Staff Engineer', 200, 686),
      item('Led the payments team', 200, 672),
      item('Education', 40, 640, 14, 'bold'),
      item('University of Washington', 200, 640),
      item('BSc Computer Science', 200, 626),
      item('Skills', 40, 600, 14, 'bold'),
      item('Go, Python, SQL', 200, 600),
    ];
    expect(texts(items)).toEqual([
      'Work | Acme Corp',
      'Staff Engineer',
      'Led the payments team',
      'Education | University of Washington',
      'BSc Computer Science',
      'Skills | Go, Python, SQL',
    ]);
  });

  it('splits skill chips set apart on one line into cells, but not words or letter-spaced headings', () => {
    // Chips: separate items with a gap of ~0.6 em and no space character between them.
    const chips = [
      item('Go', 40, 500),
      item('Python', 56, 500),
      item('SQL', 92, 500),
      item('Power BI', 114, 500),
    ];
    // A sentence placed word by word: gaps of a space's width.
    const words = ['Built', 'the', 'billing', 'service'];
    let x = 40;
    const sentence = words.map((word) => {
      const placed = item(word, x, 480);
      x += placed.width + 2.8;
      return placed;
    });
    const spaced = 'SKILLS'.split('').map((letter, index) => item(letter, 40 + index * 12, 460, 10, 'bold'));
    const lines = layoutPage([...chips, ...sentence, ...spaced]);
    expect(lines[0].cells).toEqual(['Go', 'Python', 'SQL', 'Power BI']);
    expect(lines[1].cells).toEqual(['Built the billing service']);
    expect(lines[2].cells).toEqual(['S K I L L S']);
  });

  it('does not split a date and a title set apart in different fonts', () => {
    const lines = layoutPage([item('Jan 2021', 40, 500), item('NeuralPrune', 86, 500, 10, 'bold')]);
    expect(lines[0].cells).toEqual(['Jan 2021 NeuralPrune']);
  });
});
