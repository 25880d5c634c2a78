import { documentSchema, type ResumeDocument } from '../resumes/resume-document.js';

/**
 * The parser's output made to fit the document schema instead of failing the import: what a
 * person wrote is never a reason for FAILED. A too-long list item is split at sentence ends (else
 * cut with "…"), a too-long field is cut with "…", a list over its cap keeps its first items, and a
 * value of the wrong form (a date the schema cannot hold) is left out. Each change is noted.
 */
export function fitToDocument(input: unknown): { document: ResumeDocument; notes: string[] } {
  const draft = structuredClone(input) as Record<string, unknown>;
  const notes: string[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const parsed = documentSchema.safeParse(draft);
    if (parsed.success) return { document: parsed.data, notes };
    // Deepest paths first, and array items from the back, so earlier fixes keep later paths valid.
    const issues = [...parsed.error.issues].sort((a, b) => comparePaths(b.path, a.path));
    for (const issue of issues) {
      const path = issue.path as (string | number)[];
      const where = path.join('.');
      const value = get(draft, path);
      const maximum = (issue as { maximum?: number | bigint }).maximum;
      if (issue.code === 'too_big' && typeof value === 'string' && maximum !== undefined) {
        const max = Number(maximum);
        const parent = get(draft, path.slice(0, -1));
        if (Array.isArray(parent) && typeof path.at(-1) === 'number') {
          parent.splice(path.at(-1) as number, 1, ...splitSentences(value, max));
          notes.push(`${where}: a long item was split`);
        } else {
          set(draft, path, truncate(value, max));
          notes.push(`${where}: cut to ${max} characters`);
        }
      } else if (issue.code === 'too_big' && Array.isArray(value) && maximum !== undefined) {
        value.splice(Number(maximum));
        notes.push(`${where}: kept the first ${Number(maximum)}`);
      } else {
        set(draft, path, undefined);
        notes.push(`${where}: left out (${issue.message})`);
      }
    }
  }
  // Still refused after the repairs: a parser bug, and the schema's error says where.
  return { document: documentSchema.parse(draft), notes };
}

function truncate(text: string, max: number): string {
  const cut = text.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > max * 0.6 ? atWord : cut}…`;
}

/** Sentences packed into pieces of at most `max` characters; a sentence longer than that is cut. */
function splitSentences(text: string, max: number): string[] {
  const sentences = text.match(/[^.!?;]+(?:[.!?;]+|$)\s*/g) ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences.map((s) => s.trim()).filter(Boolean)) {
    if (current && current.length + 1 + sentence.length > max) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) pieces.push(current);
  return pieces.map((piece) => (piece.length > max ? truncate(piece, max) : piece));
}

function comparePaths(a: PropertyKey[], b: PropertyKey[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (a[i] as number) - (b[i] as number);
    return String(a[i]).localeCompare(String(b[i]));
  }
  return a.length - b.length;
}

function get(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function set(root: unknown, path: (string | number)[], value: unknown): void {
  const parent = get(root, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return;
  const key = path.at(-1)!;
  if (Array.isArray(parent) && typeof key === 'number' && value === undefined) parent.splice(key, 1);
  else if (value === undefined) delete (parent as Record<string | number, unknown>)[key];
  else (parent as Record<string | number, unknown>)[key] = value;
}
