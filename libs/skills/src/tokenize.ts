/**
 * Tokenizer shared by the alias trie and the text scanner, so both see the same tokens.
 * Words are maximal runs of letters, digits and underscores; every other visible character is a
 * one-character punctuation token ("c#" → c, #; "node.js" → node, ., js). A hyphen between two
 * word characters is not a token: it marks the gap ("machine-learning" ≈ "machine learning").
 * URLs and e-mail addresses produce no tokens, so "golang.org/x" or "jo@react.dev" name nothing.
 */

export type Gap = 'none' | 'space' | 'newline' | 'hyphen';

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  word: boolean;
  /** What separates this token from the previous one. */
  gap: Gap;
  /** Trie key of this token when it continues a match (see tokenKey), computed once here. */
  joinKey: string;
}

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;
const OPAQUE =
  /(?:https?:\/\/|www\.)[^\s<>"'`)\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|co|app|edu|gov|ai|info|me)\/[^\s<>"'`)\]]*/y;

const TRAILING_PUNCTUATION = '.,;:!?';

function isWordCode(code: number): boolean {
  if (code < 128) {
    return (
      (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
    );
  }
  return NON_ASCII_WORD.test(String.fromCharCode(code));
}

function isSpaceCode(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 160
  );
}

function push(tokens: Token[], text: string, start: number, end: number, word: boolean, gap: Gap): void {
  const lower = word ? text.toLowerCase() : text;
  const previous = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
  const soft =
    gap !== 'none' &&
    previous !== undefined &&
    !FLEXIBLE_PUNCTUATION.has(text) &&
    !FLEXIBLE_PUNCTUATION.has(previous.text);
  tokens.push({ text, lower, start, end, word, gap, joinKey: soft ? ' ' + lower : lower });
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let gap: Gap = 'none';
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (isSpaceCode(code) || code === 0x2028 || code === 0x2029) {
      if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) gap = 'newline';
      else if (gap !== 'newline') gap = 'space';
      index++;
      continue;
    }
    if (isWordCode(code)) {
      let end = index + 1;
      while (end < length && isWordCode(text.charCodeAt(end))) end++;
      // A URL or an address needs one of . @ : + - right after its first word; only then is the
      // sticky regex tried, at this one spot.
      const after = end < length ? text.charCodeAt(end) : 0;
      if (code < 128 && (after === 46 || after === 64 || after === 58 || after === 43 || after === 45)) {
        OPAQUE.lastIndex = index;
        if (OPAQUE.test(text)) {
          // Sentence punctuation after a URL is not part of it.
          let stop = OPAQUE.lastIndex;
          while (stop > end && TRAILING_PUNCTUATION.includes(text[stop - 1])) stop--;
          index = stop;
          gap = 'space';
          continue;
        }
      }
      const word = text.slice(index, end);
      push(tokens, word, index, end, true, gap);
      gap = 'none';
      index = end;
      continue;
    }
    if (
      code === 45 &&
      gap === 'none' &&
      tokens.length > 0 &&
      tokens[tokens.length - 1].word &&
      tokens[tokens.length - 1].end === index &&
      index + 1 < length &&
      isWordCode(text.charCodeAt(index + 1))
    ) {
      gap = 'hyphen';
      index++;
      continue;
    }
    const char = text[index];
    push(tokens, char, index, index + 1, false, gap);
    gap = 'none';
    index++;
  }
  return tokens;
}

/** Punctuation whose surrounding spaces don't matter: "CI / CD" is "CI/CD", "R & D" is "R&D". */
export const FLEXIBLE_PUNCTUATION = new Set(['/', '&']);

/**
 * The trie key of token `index`: its lowercase text, prefixed with a space when it is softly
 * separated (whitespace or hyphen) from the previous token, bare when glued to it.
 */
export function tokenKey(tokens: readonly Token[], index: number, first: boolean): string {
  return first ? tokens[index].lower : tokens[index].joinKey;
}
