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
  /**
   * While the fragment is built: its pieces between gaps wider than a space with no space
   * character (separately placed words), to tell a line of skill chips from one of text.
   */
  pieces?: { text: string; x0: number; x1: number; fontName?: string }[];
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
/** A gap between separately placed words wider than this (in ems) sets chips apart. */
const CHIP_GAP_EM = 0.5;
const YEAR = /\b(?:19|20)\d{2}\b/;
/** A column holds at least this many lines with a next line right below them. */
const MIN_FLOWING_LINES = 3;
/** Gutter candidates tried per region (each costs a pass over the fragments). */
const MAX_GUTTER_TRIES = 4;
/**
 * The x-projection has a cell per point of width, never more than this: a page is ~600 points
 * wide, but one glyph at font size 6e8 is 5e8 points wide.
 */
const MAX_GUTTER_BINS = 2000;

/** Merges items sharing a baseline into fragments, split where the horizontal gap is wide. */
export function toFragments(items: PositionedText[]): Fragment[] {
  // Icon glyphs some fonts map to NUL or other control characters carry no text.
  // eslint-disable-next-line no-control-regex
  const visible = items.filter((item) => /[^\s\u0000-\u001f]/u.test(item.text));
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PositionedText[][] = [];
  for (const item of sorted) {
    // Rows open in descending y: only the last few can be within tolerance of this item, so the
    // search stops at the first row too far above (the earliest row in reach wins, as before).
    const reach = Math.max(2, 0.4 * item.fontSize);
    let row: PositionedText[] | undefined;
    for (let index = rows.length - 1; index >= 0 && rows[index][0].y - item.y <= reach; index--) {
      const candidate = rows[index];
      if (
        Math.abs(candidate[0].y - item.y) <= Math.max(2, 0.4 * Math.min(candidate[0].fontSize, item.fontSize))
      )
        row = candidate;
    }
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
        const piece = current.pieces!.at(-1)!;
        if (needsSpace && gap > CHIP_GAP_EM * fontSize)
          current.pieces!.push({
            text: item.text,
            x0: item.x,
            x1: item.x + item.width,
            fontName: item.fontName,
          });
        else {
          piece.text += (needsSpace ? ' ' : '') + item.text;
          piece.x1 = Math.max(piece.x1, item.x + item.width);
        }
      } else {
        current = {
          text: item.text,
          x0: item.x,
          x1: item.x + item.width,
          y: item.y,
          fontSize,
          pieces: [{ text: item.text, x0: item.x, x1: item.x + item.width, fontName: item.fontName }],
        };
        fragments.push(current);
      }
      // The lead font is the first run with letters (a bullet glyph's symbol font does not count).
      if (!current.leadFontName && /[\p{L}\p{N}]/u.test(item.text)) current.leadFontName = item.fontName;
      countFont(current, item);
    }
  }
  const split = fragments.flatMap(splitChips);
  for (const fragment of split) {
    fragment.text = fragment.text.replace(/\s+/g, ' ').trim();
    let most = 0;
    for (const [font, chars] of fragment.fontChars ?? [])
      if (chars > most) [fragment.fontName, most] = [font, chars];
    delete fragment.fontChars;
  }
  return split;
}

/**
 * Tags or chips set on one line ("Go  Python  SQL"): short items placed apart with a gap wider
 * than a word space and no space character. Such a line becomes one fragment per chip (cells of
 * the line), so the items are never read as one skill. Text whose words are placed one by one has
 * gaps of a space's width; a letter-spaced heading has one-letter pieces; a date beside a title
 * holds a year — none of them splits.
 */
function splitChips(fragment: Fragment): Fragment[] {
  const pieces = fragment.pieces ?? [];
  delete fragment.pieces;
  const isChip = (text: string) => {
    const trimmed = text.trim();
    return (
      trimmed.length >= 2 &&
      trimmed.length <= 32 &&
      trimmed.split(/\s+/).length <= 3 &&
      !/[.;]$/.test(trimmed) &&
      !YEAR.test(trimmed)
    );
  };
  // Chips share one style; a date beside a bold title is an entry header, not two chips.
  const oneFont = pieces.every((piece) => piece.fontName === pieces[0].fontName);
  if (pieces.length < 2 || !oneFont || !pieces.every((piece) => isChip(piece.text))) return [fragment];
  return pieces.map((piece) => ({
    text: piece.text,
    x0: piece.x0,
    x1: piece.x1,
    y: fragment.y,
    fontSize: fragment.fontSize,
    leadFontName: piece.fontName,
    ...(piece.fontName ? { fontChars: new Map([[piece.fontName, 1]]) } : {}),
  }));
}

/**
 * A vertical gutter: an x-range no fragment crosses except a few full-width lines (a centred name,
 * a contact line). The coverage profile is built with a difference array, so the cost is linear in
 * fragments plus bins. The gutter is the lowest valley wide enough: at each crossing count, fewest
 * first, the widest run of bins at or under it — so the shoulders of a valley (lines ending just
 * before the gutter) never make a busier, wider gap between text and right-aligned dates win.
 */
function findGutter(fragments: Fragment[]): { x: number; crossing: Set<Fragment> } | undefined {
  if (fragments.length < 4) return undefined;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const fragment of fragments) {
    minX = Math.min(minX, fragment.x0);
    maxX = Math.max(maxX, fragment.x1);
  }
  const span = maxX - minX;
  if (span < 100) return undefined;
  const step = Math.max(1, span / MAX_GUTTER_BINS);
  const bins = Math.ceil(span / step);
  const coverage = new Int32Array(bins + 1);
  for (const fragment of fragments) {
    coverage[Math.max(0, Math.floor((fragment.x0 - minX) / step))]++;
    coverage[Math.min(bins, Math.ceil((fragment.x1 - minX) / step))]--;
  }
  for (let bin = 1; bin <= bins; bin++) coverage[bin] += coverage[bin - 1];
  const allowedCrossings = Math.max(1, Math.floor(fragments.length * 0.15));
  const from = Math.floor((span * 0.1) / step);
  const to = Math.min(bins, Math.ceil((span * 0.9) / step) + 1);
  const levels = new Set<number>();
  for (let bin = from; bin < to; bin++) if (coverage[bin] <= allowedCrossings) levels.add(coverage[bin]);
  // Candidates, lowest valley first; the first whose two sides both hold flowing text wins (a run
  // between body text and right-aligned dates is no gutter). A few tries keep this linear.
  const sortedLevels = [...levels].sort((a, b) => a - b);
  for (const level of sortedLevels.slice(0, MAX_GUTTER_TRIES)) {
    const x = widestRun(coverage, from, to, level, step, minX);
    if (x === undefined) continue;
    const crossing = new Set(fragments.filter((f) => f.x0 < x && f.x1 > x));
    const left = fragments.filter((f) => !crossing.has(f) && f.x1 <= x);
    const right = fragments.filter((f) => !crossing.has(f) && f.x0 >= x);
    if (Math.min(flowingLines(left), flowingLines(right)) >= MIN_FLOWING_LINES) return { x, crossing };
  }
  return undefined;
}

/** The middle of the widest run of bins at or under `level` crossings, if wide enough for a gutter. */
function widestRun(
  coverage: Int32Array,
  from: number,
  to: number,
  level: number,
  step: number,
  minX: number,
): number | undefined {
  let best: { x: number; width: number } | undefined;
  let runStart = -1;
  for (let bin = from; bin <= to; bin++) {
    if (bin < to && coverage[bin] <= level) {
      if (runStart < 0) runStart = bin;
    } else if (runStart >= 0) {
      const width = (bin - runStart) * step;
      if (width >= MIN_GUTTER_POINTS && (!best || width > best.width))
        best = { x: minX + ((runStart + bin) / 2) * step, width };
      runStart = -1;
    }
  }
  return best?.x;
}

function sameBaseline(a: Fragment, b: Fragment): boolean {
  return Math.abs(a.y - b.y) <= Math.max(1.5, 0.25 * Math.max(a.fontSize, b.fontSize));
}

/**
 * Lines of one side that have a next line of the same side right below them (a line spacing
 * apart): text that flows. A sidebar or main column has many; section names printed in the left
 * margin beside their first entry, or dates flush right beside entry headers, have few.
 */
function flowingLines(side: Fragment[]): number {
  const byY = [...side].sort((a, b) => b.y - a.y);
  let flowing = 0;
  for (let index = 1; index < byY.length; index++) {
    const gap = byY[index - 1].y - byY[index].y;
    if (gap > 0.5 && gap <= 1.9 * Math.max(byY[index - 1].fontSize, byY[index].fontSize)) flowing++;
  }
  return flowing;
}

/**
 * Columns or table? Both sides must hold text that flows over several lines; otherwise the
 * narrow side annotates the other (margin headings, right-aligned dates and places). In a table,
 * nearly every line of the sparser side has a partner on the same baseline on the other side;
 * independent columns drift apart. Section headings on both sides (a sidebar with "Skills" beside
 * "Experience") mean columns whatever the baselines say.
 */
function looksLikeTable(
  left: Fragment[],
  right: Fragment[],
  isSectionHeading: (text: string) => boolean,
): boolean {
  if (Math.min(flowingLines(left), flowingLines(right)) < MIN_FLOWING_LINES) return true;
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
