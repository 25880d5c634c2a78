/**
 * Reading order for one PDF page from positioned text items. Resumes put a sidebar beside the main
 * column, or lay entries out in tables; reading items in raw y order would interleave lines from
 * different columns. So: items → fragments (runs on one baseline without a wide gap) → bands split
 * by full-width lines → per band either columns (gutter found by x-projection, each column read top
 * to bottom) or table rows (cells on shared baselines, read left → right).
 */

export interface PositionedText {
  text: string;
  /** Left edge and baseline in PDF points (origin bottom-left, y grows upwards). */
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** pdf.js's id of the font (same id = same face): tells bold/italic runs from body text. */
  fontName?: string;
}

/** One cell of a line: its text, horizontal extent and dominant font. */
export interface LayoutCell {
  text: string;
  x0: number;
  x1: number;
  fontName?: string;
  /** Font of the cell's first run: a bold lead ("**Acme Corp**, Engineer") marks an entry header. */
  leadFontName?: string;
}

export interface LayoutLine {
  text: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** Vertical distance to the previous line of the same flow (0 for a flow's first line). */
  gapAbove: number;
  /** Cells of a table row, left → right (one cell for ordinary lines). */
  cells: string[];
  /** The same cells with their positions and fonts. */
  boxes: LayoutCell[];
}

interface Fragment {
  text: string;
  x0: number;
  x1: number;
  y: number;
  fontSize: number;
  fontName?: string;
  leadFontName?: string;
  /** Characters per font, to name the fragment's dominant font. */
  fontChars?: Map<string, number>;
}

function countFont(fragment: Fragment, item: PositionedText): void {
  if (!item.fontName) return;
  fragment.fontChars ??= new Map();
  const chars = item.text.replace(/\s/g, '').length;
  fragment.fontChars.set(item.fontName, (fragment.fontChars.get(item.fontName) ?? 0) + chars);
}

const MIN_GUTTER_POINTS = 9;
/**
 * The x-projection has a cell per point of width, never more than this: a page is ~600 points
 * wide, but one glyph at font size 6e8 is 5e8 points wide.
 */
const MAX_GUTTER_BINS = 2000;

/** Merges items sharing a baseline into fragments, split where the horizontal gap is wide. */
export function toFragments(items: PositionedText[]): Fragment[] {
  const visible = items.filter((item) => item.text.trim().length > 0);
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PositionedText[][] = [];
  for (const item of sorted) {
    const row = rows.find(
      (candidate) =>
        Math.abs(candidate[0].y - item.y) <=
        Math.max(2, 0.4 * Math.min(candidate[0].fontSize, item.fontSize)),
    );
    if (row) row.push(item);
    else rows.push([item]);
  }
  const fragments: Fragment[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let current: Fragment | undefined;
    for (const item of row) {
      const fontSize = item.fontSize || 10;
      const gap = current ? item.x - current.x1 : Infinity;
      if (current && gap <= Math.max(6, 1.0 * fontSize)) {
        const needsSpace = gap > 0.15 * fontSize && !/\s$/.test(current.text) && !/^\s/.test(item.text);
        current.text += (needsSpace ? ' ' : '') + item.text;
        current.x1 = Math.max(current.x1, item.x + item.width);
        current.fontSize = Math.max(current.fontSize, fontSize);
      } else {
        current = {
          text: item.text,
          x0: item.x,
          x1: item.x + item.width,
          y: item.y,
          fontSize,
        };
        fragments.push(current);
      }
      // The lead font is the first run with letters (a bullet glyph's symbol font does not count).
      if (!current.leadFontName && /[\p{L}\p{N}]/u.test(item.text)) current.leadFontName = item.fontName;
      countFont(current, item);
    }
  }
  for (const fragment of fragments) {
    fragment.text = fragment.text.replace(/\s+/g, ' ').trim();
    let most = 0;
    for (const [font, chars] of fragment.fontChars ?? [])
      if (chars > most) [fragment.fontName, most] = [font, chars];
    delete fragment.fontChars;
  }
  return fragments;
}

/** A vertical gutter: an x-range no fragment crosses except a few full-width lines. */
function findGutter(fragments: Fragment[]): { x: number; crossing: Set<Fragment> } | undefined {
  if (fragments.length < 4) return undefined;
  const minX = Math.min(...fragments.map((f) => f.x0));
  const maxX = Math.max(...fragments.map((f) => f.x1));
  const span = maxX - minX;
  if (span < 100) return undefined;
  const step = Math.max(1, span / MAX_GUTTER_BINS);
  const bins = Math.ceil(span / step);
  const coverage = new Array<number>(bins).fill(0);
  for (const fragment of fragments) {
    for (
      let bin = Math.floor((fragment.x0 - minX) / step);
      bin < Math.ceil((fragment.x1 - minX) / step);
      bin++
    ) {
      coverage[bin]++;
    }
  }
  // Few fragments may cross the gutter (a centred name, a full-width contact line).
  const allowedCrossings = Math.max(1, Math.floor(fragments.length * 0.15));
  let best: { x: number; width: number; crossings: number } | undefined;
  let runStart = -1;
  let runMax = 0;
  for (let bin = Math.floor((span * 0.1) / step); bin <= Math.ceil((span * 0.9) / step); bin++) {
    const inRun = bin < bins && coverage[bin] <= allowedCrossings;
    if (inRun) {
      if (runStart < 0) {
        runStart = bin;
        runMax = 0;
      }
      runMax = Math.max(runMax, coverage[bin]);
    } else if (runStart >= 0) {
      const width = (bin - runStart) * step;
      if (
        width >= MIN_GUTTER_POINTS &&
        (!best || runMax < best.crossings || (runMax === best.crossings && width > best.width))
      ) {
        best = { x: minX + ((runStart + bin) / 2) * step, width, crossings: runMax };
      }
      runStart = -1;
    }
  }
  if (!best) return undefined;
  const gutterX = best.x;
  const crossing = new Set(fragments.filter((f) => f.x0 < gutterX && f.x1 > gutterX));
  const left = fragments.filter((f) => !crossing.has(f) && f.x1 <= gutterX);
  const right = fragments.filter((f) => !crossing.has(f) && f.x0 >= gutterX);
  if (left.length < 2 || right.length < 2) return undefined;
  return { x: gutterX, crossing };
}

function sameBaseline(a: Fragment, b: Fragment): boolean {
  return Math.abs(a.y - b.y) <= Math.max(1.5, 0.25 * Math.min(a.fontSize, b.fontSize));
}

/**
 * Columns or table? In a table, nearly every line of the sparser side has a partner on the same
 * baseline on the other side; independent columns drift apart. Section headings on both sides
 * (a sidebar with "Skills" beside "Experience") mean columns whatever the baselines say.
 */
function looksLikeTable(
  left: Fragment[],
  right: Fragment[],
  isSectionHeading: (text: string) => boolean,
): boolean {
  if (left.some((f) => isSectionHeading(f.text)) && right.some((f) => isSectionHeading(f.text))) return false;
  const pairedLeft = left.filter((l) => right.some((r) => sameBaseline(l, r))).length;
  const pairedRight = right.filter((r) => left.some((l) => sameBaseline(l, r))).length;
  const sparser = Math.min(left.length, right.length);
  return Math.min(pairedLeft, pairedRight) / sparser >= 0.75;
}

type Block = { kind: 'flow'; fragments: Fragment[] } | { kind: 'rows'; fragments: Fragment[] };

function layoutRegion(
  fragments: Fragment[],
  isSectionHeading: (text: string) => boolean,
  depth: number,
): Block[] {
  const byY = [...fragments].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const gutter = depth < 3 ? findGutter(byY) : undefined;
  if (!gutter) return [{ kind: 'rows', fragments: byY }];
  const blocks: Block[] = [];
  let band: Fragment[] = [];
  const flushBand = () => {
    if (band.length === 0) return;
    const left = band.filter((f) => f.x1 <= gutter.x);
    const right = band.filter((f) => f.x0 >= gutter.x);
    if (left.length === 0 || right.length === 0 || looksLikeTable(left, right, isSectionHeading)) {
      blocks.push({ kind: 'rows', fragments: band });
    } else {
      blocks.push(...layoutRegion(left, isSectionHeading, depth + 1));
      blocks.push(...layoutRegion(right, isSectionHeading, depth + 1));
    }
    band = [];
  };
  for (const fragment of byY) {
    if (gutter.crossing.has(fragment)) {
      flushBand();
      blocks.push({ kind: 'flow', fragments: [fragment] });
    } else {
      band.push(fragment);
    }
  }
  flushBand();
  return blocks;
}

/** Lines of one page in reading order. */
export function layoutPage(
  items: PositionedText[],
  isSectionHeading: (text: string) => boolean = () => false,
): LayoutLine[] {
  const blocks = layoutRegion(toFragments(items), isSectionHeading, 0);
  const lines: LayoutLine[] = [];
  for (const block of blocks) {
    // Fragments on one baseline within a block form a row; several of them are table cells.
    const rows: Fragment[][] = [];
    for (const fragment of [...block.fragments].sort((a, b) => b.y - a.y || a.x0 - b.x0)) {
      const row = rows.at(-1);
      if (row && sameBaseline(row[0], fragment)) row.push(fragment);
      else rows.push([fragment]);
    }
    let previousY: number | undefined;
    for (const row of rows) {
      row.sort((a, b) => a.x0 - b.x0);
      const cells = row.map((f) => f.text);
      const x0 = row[0].x0;
      const x1 = Math.max(...row.map((f) => f.x1));
      lines.push({
        text: cells.join(' | '),
        cells,
        boxes: row.map((f) => ({
          text: f.text,
          x0: f.x0,
          x1: f.x1,
          fontName: f.fontName,
          leadFontName: f.leadFontName,
        })),
        x: x0,
        y: row[0].y,
        width: x1 - x0,
        fontSize: Math.max(...row.map((f) => f.fontSize)),
        gapAbove: previousY === undefined ? 0 : previousY - row[0].y,
      });
      previousY = row[0].y;
    }
  }
  return lines;
}
