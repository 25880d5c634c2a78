/**
 * PDF page lines (positions, sizes, fonts) → the lines the markdown step reads. The text alone
 * cannot tell a wrapped line from a new one, a heading from a bold company name, or a page number
 * from content; the layout can:
 * - running headers/footers and page numbers in the page margins are dropped;
 * - bullets are recognised by their glyph, also when the glyph is a separate text run;
 * - a line that continues the previous one (same indent as its text, a line-spacing gap, no new
 *   bullet, a lowercase start, or the previous line ran to the right margin) is joined to it;
 * - right-aligned dates/durations/places printed beside an entry's first bullet belong to the
 *   entry's header line, not to the bullet;
 * - headings: lines the section word list knows, plus lines set in the same style (font, size,
 *   capitals) as those — so "Patents" or "Volunteering & Leadership" start sections too;
 * - a line whose leading run is set in a font other than the body font is marked strong (an
 *   entry header, even with a bullet before it).
 */
import { findDateRange, findSingleDate } from './dates.js';
import { BULLET_GLYPHS, type ExtractedLine } from './markdown.js';
import type { PdfPage } from './pdf-extract.js';
import type { LayoutCell, LayoutLine } from './pdf-layout.js';
import { isLetterSpaced, sectionOf } from './sections.js';

interface WorkLine {
  page: number;
  text: string;
  /** Right-hand cells that are dates, durations or places (kept apart from the text). */
  side: string[];
  /** All cells after the bullet, with positions (table rows wrap cell by cell). */
  cells: LayoutCell[];
  x: number;
  /** Where the text after a bullet glyph starts (x when there is no bullet). */
  textX: number;
  /** Right edge of the main text. */
  x1: number;
  y: number;
  gapAbove: number;
  fontSize: number;
  fontName?: string;
  bullet: boolean;
  strong: boolean;
  heading: boolean;
  breakBefore: boolean;
}

/** Icon fonts (Font Awesome and the like) live in the private use area; Symbol/Wingdings bullets too. */
const PRIVATE_USE = /[\uE000-\uF8FF]/gu;
const PRIVATE_USE_BULLETS = new Set([
  '\uF0B7',
  '\uF0A7',
  '\uF076',
  '\uF0D8',
  '\uF0FC',
  '\uF0A8',
  '\uF06C',
  '\uF0AE',
]);
const LONE_BULLET = new RegExp(`^[${BULLET_GLYPHS}]$`, 'u');
const LEADING_BULLET = new RegExp(`^[${BULLET_GLYPHS}]\\s*`, 'u');
const PAGE_NUMBER = /^(?:page\s*)?\d{1,3}(?:\s*(?:\/|of|von|sur|de)\s*\d{1,3})?$/i;
const TRAILING_PAGE_NUMBER = /(?:^|[\s–—|·-])(?:page\s*)?\d{1,3}\s*(?:\/|of)\s*\d{1,3}$/i;
const DURATION =
  /^\(?\d+\+?\s*(?:years?|yrs?|months?|mos?)\.?(?:,?\s*(?:and\s+)?\d+\s*(?:months?|mos?)\.?)?\)?$/i;
const PLACE = /^(?:remote|hybrid|on-?site|[\p{Lu}][\p{L} .'-]+,\s*[\p{Lu}][\p{L} .'-]+)$/u;

function cleanText(text: string): string {
  return text
    .replace(PRIVATE_USE, (ch) => (PRIVATE_USE_BULLETS.has(ch) ? '•' : ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

const isDateish = (text: string) =>
  Boolean(findDateRange(text)) || (Boolean(findSingleDate(text)) && text.length <= 24);
const isSideCell = (text: string) => isDateish(text) || DURATION.test(text) || PLACE.test(text);

/** The font most characters are set in. */
function bodyFontOf(pages: PdfPage[]): string | undefined {
  const chars = new Map<string, number>();
  for (const page of pages)
    for (const line of page.lines)
      for (const box of line.boxes ?? [])
        if (box.fontName) chars.set(box.fontName, (chars.get(box.fontName) ?? 0) + box.text.length);
  let best: string | undefined;
  let most = 0;
  for (const [font, count] of chars) if (count > most) [best, most] = [font, count];
  return best;
}

function modeFontSize(lines: LayoutLine[]): number {
  const weight = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.fontSize * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  let best = 10;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best || 10;
}

/** Lines in the top or bottom margin band that are page furniture (page numbers, running heads). */
function furniture(pages: PdfPage[]): Set<LayoutLine> {
  const drop = new Set<LayoutLine>();
  const marginText = new Map<string, Set<number>>();
  const inMargin = (page: PdfPage, line: LayoutLine) => {
    if (!page.height) return page.lines[0] === line || page.lines.at(-1) === line;
    return line.y > page.height * 0.92 || line.y < page.height * 0.08;
  };
  const key = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  for (const page of pages)
    for (const line of page.lines) {
      const text = cleanText(line.text);
      if (!/[\p{L}\p{N}]/u.test(text) || /^\d{1,3}$/.test(text)) drop.add(line);
      if (!inMargin(page, line)) continue;
      if (PAGE_NUMBER.test(text) || TRAILING_PAGE_NUMBER.test(text)) drop.add(line);
      const pagesWith = marginText.get(key(text)) ?? new Set<number>();
      pagesWith.add(page.number);
      marginText.set(key(text), pagesWith);
    }
  // The same text in the margin of several pages is a running header or footer; on page 1 a
  // running header may be the real heading (a name), so only later pages lose it.
  for (const page of pages)
    for (const line of page.lines) {
      if (!inMargin(page, line)) continue;
      const seen = marginText.get(key(cleanText(line.text)));
      if (seen && seen.size >= 2 && (page.number > 1 || line.y < (page.height ?? 0) * 0.5)) drop.add(line);
    }
  return drop;
}

/** Right-hand date/duration/place cells stay apart; the leftmost cell always belongs to the text. */
function splitSide(cells: LayoutCell[]): { text: string; side: string[]; x1: number } {
  const main = [...cells];
  const side: string[] = [];
  while (main.length > 1 && isSideCell(main.at(-1)!.text)) side.unshift(main.pop()!.text);
  return { text: main.map((cell) => cell.text).join(' | '), side, x1: main.at(-1)?.x1 ?? 0 };
}

function toWorkLine(
  page: PdfPage,
  line: LayoutLine,
  bodyFont: string | undefined,
  bodySize: number,
): WorkLine {
  const given: LayoutCell[] = line.boxes?.length
    ? line.boxes
    : line.cells.map((text) => ({ text, x0: line.x, x1: line.x + line.width }));
  let boxes = given.map((box) => ({ ...box, text: cleanText(box.text) }));
  boxes = boxes.filter((box) => box.text);
  let bullet = false;
  let textX = line.x;
  if (boxes.length > 1 && LONE_BULLET.test(boxes[0].text)) {
    bullet = true;
    boxes = boxes.slice(1);
    textX = boxes[0].x0;
  } else if (boxes.length && LEADING_BULLET.test(boxes[0].text)) {
    bullet = true;
    boxes[0] = { ...boxes[0], text: boxes[0].text.replace(LEADING_BULLET, '') };
    textX = line.x + line.fontSize * 0.6;
  }
  const first = boxes[0];
  // A bold lead marks a header line; after a bullet it may be a lead-in ("Performance: cut …"),
  // so a bullet line is strong only when most of its first cell is set in the other font.
  const leadFont = bullet ? first?.fontName : (first?.leadFontName ?? first?.fontName);
  const strong =
    Boolean(first && bodyFont && leadFont && leadFont !== bodyFont) &&
    /\p{L}/u.test(first?.text ?? '') &&
    line.fontSize < bodySize * 1.3;
  return {
    page: page.number,
    ...splitSide(boxes),
    cells: boxes,
    x: line.x,
    textX,
    y: line.y,
    gapAbove: line.gapAbove,
    fontSize: line.fontSize,
    fontName: first?.fontName,
    bullet,
    strong,
    heading: false,
    breakBefore: line.gapAbove > line.fontSize * 1.9,
  };
}

/**
 * Templates that print section names in a left column ("Work" beside the first entry) put the
 * heading on the same baseline as content: split it off into a line of its own.
 */
function splitLeadingHeading(line: WorkLine): WorkLine[] {
  const [first, ...rest] = line.cells;
  if (line.bullet || rest.length === 0 || !sectionOf(first.text) || first.text.split(/\s+/).length > 4)
    return [line];
  const heading: WorkLine = { ...line, ...splitSide([first]), cells: [first], side: [] };
  const content: WorkLine = { ...line, ...splitSide(rest), cells: rest, x: rest[0].x0, textX: rest[0].x0 };
  return [heading, content];
}

const styleKey = (line: WorkLine) =>
  `${line.fontName ?? ''}|${Math.round(line.fontSize * 2)}|${line.text === line.text.toUpperCase()}`;

/** Section headings: the word list's, then lines in exactly their style (never one with a date). */
function markHeadings(lines: WorkLine[]): void {
  const candidate = (line: WorkLine) =>
    !line.bullet &&
    line.side.length === 0 &&
    !line.text.includes(' | ') &&
    (line.text.split(/\s+/).length <= 6 || isLetterSpaced(line.text)) &&
    /\p{L}/u.test(line.text) &&
    !/[.,;!?]$/.test(line.text) &&
    !isDateish(line.text);
  const known = lines.filter((line) => candidate(line) && sectionOf(line.text.replace(/:$/, '')));
  for (const line of known) line.heading = true;
  const styles = new Map<string, { headings: number; others: number; dated: boolean; xs: number[] }>();
  for (const line of lines) {
    const key = styleKey(line);
    const style = styles.get(key) ?? { headings: 0, others: 0, dated: false, xs: [] };
    if (line.heading) {
      style.headings++;
      style.xs.push(line.x);
    } else style.others++;
    if (line.side.length || isDateish(line.text)) style.dated = true;
    styles.set(key, style);
  }
  for (const [index, line] of lines.entries()) {
    if (line.heading || !candidate(line)) continue;
    // Right after a heading (or beside one) comes content, not another heading.
    const before = lines[index - 1];
    if (before && (before.heading || (before.page === line.page && Math.abs(before.y - line.y) < 1)))
      continue;
    const style = styles.get(styleKey(line))!;
    // Headings set flush at an indent (two or more share it, unlike centred ones): a line in their
    // style at another indent is an entry header.
    const near = (a: number, b: number) => Math.abs(a - b) <= 3;
    const flush = style.xs.some((x, index) => style.xs.some((other, at) => at !== index && near(x, other)));
    if (flush && !style.xs.some((x) => near(x, line.x))) continue;
    // A style only headings use (entry headers in the same font carry dates, body text is common).
    if (style.headings >= 2 && !style.dated && style.others <= style.headings) line.heading = true;
  }
}

const CONTACT_TOKEN = /^\S*(?:@|https?:|www\.|\.[a-z]{2,}(?:\/|$|\s))/i;
const ENDS_OPEN =
  /(?:[-,;:&/(–]|\b(?:and|or|of|the|to|with|for|in|on|at|by|a|an|as|from|into|via|including))$/i;

/** Whether `line` continues `previous` (a wrapped line of the same bullet or paragraph). */
function continues(previous: WorkLine, line: WorkLine, rightEdge: number): boolean {
  if (line.bullet || line.heading || previous.heading || previous.page !== line.page) return false;
  // From the baselines, not gapAbove: a column split starts each block's gap at 0.
  const gap = previous.y - line.y;
  if (gap <= 0 || gap > Math.max(previous.fontSize, line.fontSize) * 1.6) return false;
  if (Math.abs(previous.fontSize - line.fontSize) > 0.15 * previous.fontSize) return false;
  // A line that is a date (range) alone is an entry's date, not the end of a sentence.
  if (findDateRange(line.text) || (findSingleDate(line.text) && line.text.length <= 24)) return false;
  if (line.strong && !previous.strong) return false;
  // A lowercase start continues a sentence, unless it is a contact detail (email, web address).
  const startsLower = /^[\p{Ll}\d(&%]/u.test(line.text) && !CONTACT_TOKEN.test(line.text);
  const openEnd = ENDS_OPEN.test(previous.text);
  const ranToMargin =
    previous.x1 >= rightEdge - Math.max(40, previous.fontSize * 4) ||
    wouldNotFit(previous.x1, line.text, line.fontSize, rightEdge);
  if (previous.bullet) {
    const underText = line.x > previous.x + 1 && line.x <= previous.textX + previous.fontSize * 2;
    return underText && (startsLower || openEnd || ranToMargin || !/[.!?]$/.test(previous.text));
  }
  if (Math.abs(line.x - previous.x) > 2) return false;
  // A short header line followed by a capitalised one is two lines (company, then title).
  return startsLower || openEnd || (ranToMargin && !/[.!?:]$/.test(previous.text));
}

/**
 * A table row whose cells wrap: each cell of `line` sits under a cell of `previous` (same left
 * edge) and continues it — lowercase, an open end, a date completed ("September 2015 to February"
 * + "2018"), or the cell above ran up to the next column.
 */
function continuesCells(previous: WorkLine, line: WorkLine): boolean {
  if (line.bullet || line.heading || previous.heading || previous.page !== line.page) return false;
  if (previous.cells.length < 2 || line.cells.length >= previous.cells.length) return false;
  const gap = previous.y - line.y;
  if (gap <= 0 || gap > Math.max(previous.fontSize, line.fontSize) * 1.6) return false;
  return line.cells.every((cell) => {
    const index = previous.cells.findIndex((above) => Math.abs(above.x0 - cell.x0) <= 3);
    if (index < 0) return false;
    const above = previous.cells[index];
    const next = previous.cells[index + 1];
    const ranToColumn =
      next !== undefined && wouldNotFit(above.x1, cell.text, line.fontSize, next.x0 - line.fontSize * 0.5);
    const completesDate = !findDateRange(above.text) && Boolean(findDateRange(`${above.text} ${cell.text}`));
    return /^[\p{Ll}\d(&]/u.test(cell.text) || ENDS_OPEN.test(above.text) || completesDate || ranToColumn;
  });
}

function joinCells(previous: WorkLine, line: WorkLine): void {
  previous.cells = previous.cells.map((above) => {
    const below = line.cells.find((cell) => Math.abs(above.x0 - cell.x0) <= 3);
    return below
      ? { ...above, text: joinText(above.text, below.text), x1: Math.max(above.x1, below.x1) }
      : above;
  });
  Object.assign(previous, splitSide(previous.cells));
  previous.y = line.y;
}

function joinText(before: string, after: string): string {
  // A word hyphenated at the line end ("submis-" + "sions") is one word again.
  return /\p{L}-$/u.test(before) && /^\p{Ll}/u.test(after)
    ? before.slice(0, -1) + after
    : `${before} ${after}`;
}

/**
 * Why text wraps: the next line's first word would not have fit after the previous line's end.
 * Glyph widths are estimated (half the font size per character, a little under most fonts).
 */
function wouldNotFit(endX: number, nextText: string, fontSize: number, limitX: number): boolean {
  const firstWord = nextText.split(/\s+/)[0] ?? '';
  return endX + (firstWord.length + 1) * fontSize * 0.45 > limitX;
}

function join(previous: WorkLine, line: WorkLine): void {
  previous.text = joinText(previous.text, line.text);
  previous.x1 = line.x1;
  previous.y = line.y;
  previous.side.push(...line.side);
}

/** Page lines → markdown input lines: headings, bullets, joined wraps, page furniture dropped. */
export function pdfPagesToLines(pages: PdfPage[]): ExtractedLine[] {
  const all = pages.flatMap((page) => page.lines);
  const bodySize = modeFontSize(all);
  const bodyFont = bodyFontOf(pages);
  const drop = furniture(pages);
  const lines: WorkLine[] = [];
  for (const page of pages)
    for (const line of page.lines) {
      if (drop.has(line)) continue;
      const work = toWorkLine(page, line, bodyFont, bodySize);
      if (work.text || work.side.length) lines.push(...splitLeadingHeading(work));
    }
  markHeadings(lines);
  const rightEdges = new Map<number, number>();
  for (const line of lines) rightEdges.set(line.page, Math.max(rightEdges.get(line.page) ?? 0, line.x1));

  const merged: WorkLine[] = [];
  for (const line of lines) {
    const previous = merged.at(-1);
    if (previous && line.text && continuesCells(previous, line)) joinCells(previous, line);
    else if (previous && line.text && continues(previous, line, rightEdges.get(line.page) ?? 0))
      join(previous, line);
    else merged.push(line);
  }
  // Dates printed right of a bullet belong to the entry header above it (unless the bullet line
  // is itself a header, or the header has its dates already).
  for (let index = 0; index < merged.length; index++) {
    const line = merged[index];
    if (!line.bullet || line.strong || line.side.length === 0) continue;
    const header = findHeader(merged, index);
    if (!header || findDateRange([header.text, ...header.side].join(' | '))) continue;
    const dates = line.side.filter(isDateish);
    header.side.push(...dates.filter((cell) => !header.side.includes(cell)));
    line.side = line.side.filter((cell) => !dates.includes(cell));
  }
  return merged.map((line) => {
    const cells = [line.text, ...line.side.filter((cell) => !DURATION.test(cell))].filter(Boolean);
    const text = cells.join(' | ');
    return {
      text: line.bullet ? `• ${text}` : text,
      cells,
      relativeSize: line.fontSize / bodySize,
      paragraphBreak: line.breakBefore,
      ...(line.heading ? { headingLevel: 2 } : {}),
      ...(line.strong && !line.heading ? { strong: true } : {}),
    };
  });
}

/** The entry header a bullet belongs to: the nearest non-bullet line above, past a few bullets. */
function findHeader(lines: WorkLine[], index: number): WorkLine | undefined {
  for (let back = index - 1; back >= 0 && back >= index - 4; back--) {
    const line = lines[back];
    if (line.heading) return undefined;
    if (!line.bullet) return line;
  }
  return undefined;
}
