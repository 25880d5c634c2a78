import { isSectionHeading } from './sections.js';

/** A line of extracted text with what layout told us about it. */
export interface ExtractedLine {
  text: string;
  /** Relative to the document's body text size (1 = body). */
  relativeSize?: number;
  /** Starts a new paragraph (a visible vertical gap above it). */
  paragraphBreak?: boolean;
  /** Already known to be a heading (DOCX heading styles). */
  headingLevel?: number;
  /** Table cells, left → right. */
  cells?: string[];
  /** Set in a font other than the body's (bold, small caps): an entry header, even after a bullet. */
  strong?: boolean;
}

/** Glyphs resumes put before list items (a character class body). */
export const BULLET_GLYPHS = '•●○◦▪▫■□‣⁃∙·*➢➤►▶▸▹✓✔✗◆◇♦❖➔→⦿⦾–—-';
const BULLET = new RegExp(`^\\s*(?:[${BULLET_GLYPHS}]|\\d{1,2}[.)])\\s+`, 'u');

export function isBulletLine(text: string): boolean {
  return BULLET.test(text);
}

export function stripBullet(text: string): string {
  return text.replace(BULLET, '').trim();
}

/**
 * Clean markdown: the name as `#`, section headings as `##`, bullets as `- `, table rows as
 * `a | b | c`, blank lines between paragraphs.
 */
export function linesToMarkdown(lines: ExtractedLine[]): string {
  const out: string[] = [];
  let sawName = false;
  for (const line of lines) {
    const text = line.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const level = line.headingLevel ?? headingLevelOf(text, line.relativeSize, sawName);
    if (level === 1 && !sawName) {
      sawName = true;
      out.push(`# ${text}`, '');
      continue;
    }
    if (level) {
      if (out.length && out.at(-1) !== '') out.push('');
      out.push(`${'#'.repeat(Math.max(2, level))} ${text.replace(/:$/, '')}`, '');
      continue;
    }
    if (!sawName && out.length === 0 && looksLikeName(text)) {
      sawName = true;
      out.push(`# ${text}`, '');
      continue;
    }
    if (line.paragraphBreak && out.length && out.at(-1) !== '') out.push('');
    const content = isBulletLine(text) ? stripBullet(text) : text;
    const marked = line.strong ? `**${content}**` : content;
    out.push(isBulletLine(text) ? `- ${marked}` : marked);
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

function headingLevelOf(
  text: string,
  relativeSize: number | undefined,
  sawName: boolean,
): number | undefined {
  // A list item is content, even one that names a section ("- 5+ years of experience").
  if (isBulletLine(text)) return undefined;
  if (isSectionHeading(text)) return 2;
  if (!sawName && relativeSize !== undefined && relativeSize >= 1.35 && looksLikeName(text)) return 1;
  return undefined;
}

/** Two to five capitalised words without digits or contact markers. */
export function looksLikeName(text: string): boolean {
  const cleaned = text.replace(/[,|].*$/, '').trim();
  if (/[\d@:/]/.test(cleaned) || isSectionHeading(cleaned)) return false;
  const words = cleaned.split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  return words.every((word) =>
    /^(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.|(?:van|von|de|da|del|der|di|la|le|bin|al)$)/u.test(word),
  );
}
