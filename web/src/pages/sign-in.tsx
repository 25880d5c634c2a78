import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { setSession } from '../auth/session';
import { describeError } from '../errors';
import { ErrorMessage } from '../ui';

const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      user {
        id
        email
        fullName
        role
      }
    }
  }
`);

const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      user {
        id
        email
        fullName
        role
      }
    }
  }
`);

const AUTH_SENTENCES = {
  UNAUTHENTICATED: 'That email and password do not match an account.',
  CONFLICT: 'An account with this email already exists. Sign in instead.',
};

export function SignInPage() {
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fullName, setFullName] = useState('');
  const [loginState, login] = useMutation(LoginDocument);
  const [registerState, register] = useMutation(RegisterDocument);
  const [error, setError] = useState<string | null>(null);
  const busy = loginState.fetching || registerState.fetching;
  const signingUp = mode === 'sign-up';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (signingUp) {
      const result = await register({ input: { email, password, fullName } });
      if (result.data) setSession(result.data.register);
      else setError(describeError(result.error, AUTH_SENTENCES));
    } else {
      const result = await login({ input: { email, password } });
      if (result.data) setSession(result.data.login);
      else setError(describeError(result.error, AUTH_SENTENCES));
    }
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{signingUp ? 'Create your account' : 'Sign in'}</h1>
      <form onSubmit={submit} className="stack" aria-describedby={error ? 'auth-error' : undefined}>
        {signingUp && (
          <label>
            Full name
            <input
              value={fullName}
              onChange={(e) => setFullName(e.target.value)}
              required
              autoComplete="name"
            />
          </label>
        )}
        <label>
          Email
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoComplete="email"
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={signingUp ? 8 : undefined}
            autoComplete={signingUp ? 'new-password' : 'current-password'}
          />
        </label>
        <ErrorMessage id="auth-error" message={error} />
        <button type="submit" disabled={busy}>
          {signingUp ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      <p>
        {signingUp ? 'Already have an account?' : 'New here?'}{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setMode(signingUp ? 'sign-in' : 'sign-up');
            setError(null);
          }}
        >
          {signingUp ? 'Sign in instead' : 'Create an account'}
        </button>
      </p>
    </section>
  );
}
