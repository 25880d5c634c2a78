/**
 * The signed-in session: tokens kept in localStorage (so a reload stays signed in), the access
 * token refreshed shortly before it expires. A refresh token is single-use, so concurrent callers
 * share one refresh; a refused refresh ends the session, and the app shows the sign-in page.
 */
export interface SessionUser {
  id: string;
  email: string;
  fullName: string;
  role: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: SessionUser;
}

const STORAGE_KEY = 'hiregraph.session';
/** Refresh this long before the access token expires, so a request never leaves with a dead one. */
const REFRESH_MARGIN_MS = 30_000;

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();
let current: Session | null = load();
let refreshing: Promise<Session | null> | null = null;
let refresher: ((refreshToken: string) => Promise<Session>) | null = null;

function load(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(session);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How the session is renewed (the GraphQL client registers it; kept here to avoid an import cycle). */
export function setRefresher(refresh: (refreshToken: string) => Promise<Session>): void {
  refresher = refresh;
}

export function expiresSoon(session: Session): boolean {
  return Date.parse(session.accessTokenExpiresAt) - Date.now() < REFRESH_MARGIN_MS;
}

/** Exchanges the refresh token for new tokens once, however many callers ask; null: the session ended. */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    const session = current;
    if (!session || !refresher) return null;
    try {
      const renewed = await refresher(session.refreshToken);
      setSession(renewed);
      return renewed;
    } catch {
      // Refused (revoked, expired, already used): the session is over.
      if (current === session) setSession(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** An access token good for at least REFRESH_MARGIN_MS, or null when signed out. */
export async function freshAccessToken(): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (!expiresSoon(session)) return session.accessToken;
  return (await refreshSession())?.accessToken ?? null;
}
