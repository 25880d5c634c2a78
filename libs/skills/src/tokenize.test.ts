import { tokenize } from './tokenize.js';

const shape = (text: string) => tokenize(text).map((token) => `${token.gap}:${token.text}`);

describe('tokenize', () => {
  it('splits punctuation into its own tokens and records gaps', () => {
    expect(shape('C# and C++, node.js')).toEqual([
      'none:C',
      'none:#',
      'space:and',
      'space:C',
      'none:+',
      'none:+',
      'none:,',
      'space:node',
      'none:.',
      'none:js',
    ]);
  });

  it('turns a hyphen between words into a gap, keeps a free-standing dash', () => {
    expect(shape('machine-learning - go-to')).toEqual([
      'none:machine',
      'hyphen:learning',
      'space:-',
      'space:go',
      'hyphen:to',
    ]);
  });

  it('marks line breaks', () => {
    expect(shape('Go\n  Rust')).toEqual(['none:Go', 'newline:Rust']);
  });

  it('skips URLs and e-mail addresses but keeps offsets of the rest', () => {
    const text = 'see https://go.dev/doc, jo@react.dev and github.com/golang/go then Go';
    const tokens = tokenize(text);
    expect(tokens.map((token) => token.text)).toEqual(['see', ',', 'and', 'then', 'Go']);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  });

  it('keeps letters beyond ASCII inside words', () => {
    expect(tokenize('Müller café_bar').map((token) => token.text)).toEqual(['Müller', 'café_bar']);
  });
});
