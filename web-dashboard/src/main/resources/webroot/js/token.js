// The access token: taken from ?token= once, kept in sessionStorage, never left in the address bar.

const KEY = 'p2pshare.token';

/** Moves ?token= from the URL into sessionStorage and strips it from the address bar. */
export function adoptTokenFromUrl() {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  if (token) setToken(token);
}

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}
