import { useEffect, useRef, useSyncExternalStore } from 'react';
import { Link, Redirect, Route, Switch, useLocation, useRoute } from 'wouter';
import { useMutation } from 'urql';
import { graphql } from './gql';
import { getSession, onSessionChange, setSession } from './auth/session';
import { useLiveState } from './graphql/live';
import { SignInPage } from './pages/sign-in';
import { ResumesPage } from './pages/resumes';
import { ResumePage } from './pages/resume';
import { JobsPage } from './pages/jobs';
import { JobPage } from './pages/job';
import { MatchesPage } from './pages/matches';
import { PreferencesPage } from './pages/preferences';
import { AssistantPage } from './pages/assistant';
import { SharedResumePage } from './pages/shared';
import { CandidatesPage, PostJobPage } from './pages/recruiter';

const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

export function useSession() {
  return useSyncExternalStore(onSessionChange, getSession);
}

const LIVE_LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Idle',
} as const;

function LiveBadge() {
  const state = useLiveState();
  return (
    <span className={`live live-${state}`} role="status" aria-live="polite" data-testid="live-state">
      Live updates: {LIVE_LABELS[state]}
    </span>
  );
}

function Navigation() {
  const session = useSession();
  const [, logout] = useMutation(LogoutDocument);
  const [location, navigate] = useLocation();
  const link = (href: string, label: string) => (
    <li>
      <Link
        href={href}
        aria-current={location === href || location.startsWith(`${href}/`) ? 'page' : undefined}
      >
        {label}
      </Link>
    </li>
  );
  return (
    <header className="top">
      <Link href="/" className="brand">
        Hiregraph
      </Link>
      {session && (
        <nav aria-label="Main">
          <ul>
            {link('/resumes', 'Resumes')}
            {link('/jobs', 'Jobs')}
            {link('/assistant', 'Assistant')}
            {(session.user.role === 'RECRUITER' || session.user.role === 'ADMIN') &&
              link('/recruiter', 'Post a job')}
            {link('/preferences', 'Preferences')}
          </ul>
        </nav>
      )}
      {session && (
        <div className="account">
          <LiveBadge />
          <span className="who">{session.user.fullName}</span>
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              // Ends the session server-side too; signed out locally whatever the answer.
              await logout({}).catch(() => undefined);
              setSession(null);
              // Signing in again starts from the home page, not the last page of the session.
              navigate('/');
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}

/** Moves focus to the page's heading after navigation, so screen readers announce the new page. */
function useFocusOnNavigate() {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location]);
}

export function App() {
  const session = useSession();
  useFocusOnNavigate();
  // A share link is for anyone, signed in or not.
  const [isShared, shared] = useRoute<{ token: string }>('/shared/:token');
  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <Navigation />
      <main id="main">
        {isShared && shared ? (
          <SharedResumePage token={shared.token} />
        ) : session ? (
          <Switch>
            <Route path="/">
              <Redirect to="/resumes" />
            </Route>
            <Route path="/sign-in">
              <Redirect to="/resumes" />
            </Route>
            <Route path="/resumes" component={ResumesPage} />
            <Route path="/resumes/:id">{(params) => <ResumePage id={params.id} />}</Route>
            <Route path="/resumes/:id/matches">{(params) => <MatchesPage resumeId={params.id} />}</Route>
            <Route path="/jobs" component={JobsPage} />
            <Route path="/jobs/:id">{(params) => <JobPage id={params.id} />}</Route>
            <Route path="/preferences" component={PreferencesPage} />
            <Route path="/assistant" component={AssistantPage} />
            <Route path="/recruiter" component={PostJobPage} />
            <Route path="/recruiter/jobs/:id">{(params) => <CandidatesPage jobId={params.id} />}</Route>
            <Route>
              <h1 tabIndex={-1}>Page not found</h1>
              <p>
                <Link href="/resumes">Go to your resumes</Link>
              </p>
            </Route>
          </Switch>
        ) : (
          <SignInPage />
        )}
      </main>
    </>
  );
}
