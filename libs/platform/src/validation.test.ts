import { z } from 'zod';
import { assertVariablesDepth, MAX_INPUT_DEPTH, parseInput } from './validation.js';

const codeOf = (action: () => unknown) => {
  try {
    action();
    return 'ok';
  } catch (error) {
    return { code: (error as any).extensions?.code, field: (error as any).extensions?.field };
  }
};

describe('parseInput', () => {
  const schema = z.object({ name: z.string(), tags: z.array(z.string()).optional() });

  it('refuses a NUL character anywhere in the input, naming its field', () => {
    expect(codeOf(() => parseInput(schema, { name: 'Ann\u0000' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
    expect(codeOf(() => parseInput(schema, { name: 'Ann', tags: ['a', 'b\u0000'] }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'tags.1',
    });
    expect(codeOf(() => parseInput(z.string(), '\u0000'))).toEqual({ code: 'BAD_USER_INPUT', field: '' });
  });

  it('keeps other control and unicode characters as they are', () => {
    expect(parseInput(schema, { name: 'Zoë \u001b\u202e 履歴書' })).toEqual({
      name: 'Zoë \u001b\u202e 履歴書',
    });
  });
});

describe('assertVariablesDepth', () => {
  const nested = (levels: number): unknown => (levels === 0 ? 1 : { a: nested(levels - 1) });

  it('accepts real inputs and refuses variables nested past the limit', () => {
    expect(codeOf(() => assertVariablesDepth({ d: nested(10) }))).toBe('ok');
    expect(codeOf(() => assertVariablesDepth(undefined))).toBe('ok');
    expect(codeOf(() => assertVariablesDepth({ d: nested(MAX_INPUT_DEPTH + 5) }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'variables',
    });
  });
});
