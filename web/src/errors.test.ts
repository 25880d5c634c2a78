import { CombinedError } from 'urql';
import { describeError, sentenceFor } from './errors';

const failed = (code: string | undefined, message = 'raw message') =>
  new CombinedError({ graphQLErrors: [{ message, extensions: code ? { code } : {} }] });

describe('error sentences', () => {
  it('says a sentence chosen by the code, never the raw error', () => {
    expect(describeError(failed('FORBIDDEN'))).toBe('You are not allowed to do that.');
    expect(describeError(failed('RATE_LIMITED', '{"limit":5}'))).toBe(
      'You are going a little fast. Wait a moment, then try again.',
    );
    expect(describeError(failed(undefined, '{"weird":true}'))).toBe(
      'Something went wrong on our side. Try again later.',
    );
  });

  it('shows validation messages as the API words them, as a sentence, unless they look like data', () => {
    expect(describeError(failed('BAD_USER_INPUT', 'email must be an email address'))).toBe(
      'Email must be an email address.',
    );
    expect(describeError(failed('BAD_USER_INPUT', 'invalid: {"field":"x"}'))).toBe(
      'Some of what you entered is not valid.',
    );
  });

  it('lets a page say what a code means there', () => {
    expect(
      sentenceFor(
        { message: 'Wrong email or password', extensions: { code: 'UNAUTHENTICATED' } },
        { UNAUTHENTICATED: 'That email and password do not match an account.' },
      ),
    ).toBe('That email and password do not match an account.');
  });

  it('tells a network failure apart from a refusal, and nothing when there is no error', () => {
    expect(describeError(new CombinedError({ networkError: new Error('fetch failed') }))).toBe(
      'The server cannot be reached. Check your connection and try again.',
    );
    expect(describeError(undefined)).toBeNull();
  });
});
