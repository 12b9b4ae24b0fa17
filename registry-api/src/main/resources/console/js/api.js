// Every API call goes through here: it adds the bearer token, turns problem+json answers into
// ApiError, reports 401/403 to the page (which then shows #auth-error and no data), and retries
// once when the registry says it is not ready yet (503 with Retry-After).

const TOKEN_KEY = 'registry.console.token';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  document.dispatchEvent(new CustomEvent('console:token-changed'));
}

export class ApiError extends Error {
  constructor(status, problem, path) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || null;
    this.path = path;
  }

  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

function describe(status, problem) {
  if (status === 401) return 'The token was not accepted (expired, or not signed by a key the registry trusts).';
  if (status === 403) return 'This token may not read the registry: it needs the scope registry:read.';
  if (status === 503) return 'The registry is not ready, retry.';
  if (status === 0) return problem?.detail || 'The registry could not be reached.';
  if (problem?.detail) return problem.detail;
  if (problem?.title) return `${status} ${problem.title}`;
  return `The registry answered ${status}.`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET a JSON document from the API. */
export async function getJson(path, { retried = false } = {}) {
  const token = getToken();
  if (!token) {
    const error = new ApiError(401, { detail: 'Not signed in: paste a token or use a development token.' }, path);
    error.notSignedIn = true;
    report(error);
    throw error;
  }
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, { detail: `The registry could not be reached (${e.message}).` }, path);
  }
  if (response.status === 503 && !retried) {
    // The registry is still restoring its state; the server says when to come back.
    const after = Math.min(Math.max(parseInt(response.headers.get('Retry-After'), 10) || 1, 1), 30);
    notReady(`The registry is not ready, retry (retrying in ${after} s).`);
    await sleep(after * 1000);
    notReady(null);
    return getJson(path, { retried: true });
  }
  if (response.ok) {
    report(null);
    return response.json();
  }
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // Not every error has a body (a proxy, a missing route): the status says enough.
  }
  const error = new ApiError(response.status, problem, path);
  if (response.status === 503) notReady('The registry is not ready, retry.');
  report(error.isAuth ? error : null);
  throw error;
}

/** POST /dev/tokens: null when this registry does not mint tokens (404: production). */
export async function mintDevToken() {
  const response = await fetch('/dev/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ subject: 'ops-console', scopes: ['registry:read'], validFor: 'PT8H' }),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`POST /dev/tokens answered ${response.status}`);
  const body = await response.json();
  return body.access_token;
}

function report(error) {
  document.dispatchEvent(new CustomEvent('console:auth', { detail: error && error.isAuth ? error : null }));
}

function notReady(message) {
  document.dispatchEvent(new CustomEvent('console:not-ready', { detail: message }));
}

/** The JWT's claims, read without verification: only to say who is signed in. */
export function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/** The problem's text for a view's error line. */
export function errorText(error, what = '') {
  const text = error.message;
  return what ? `${what}: ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
}
