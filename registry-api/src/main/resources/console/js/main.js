// The console's shell: the sign-in panel, the auth banner, and a router on location.hash
// (#/number/<e164>, #/number, #/due, #/refused, #/live) that shows one view at a time.

import { getToken, setToken, tokenClaims, mintDevToken } from './api.js';
import * as numberView from './number-view.js';
import * as dueView from './due-view.js';
import * as refusedView from './refused-view.js';
import * as liveView from './live-view.js';

const views = { number: numberView, due: dueView, refused: refusedView, live: liveView };
let current = null;

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, ...rest] = hash.split('/');
  const arg = rest.join('/');
  if (!views[name]) return { name: 'number', arg: '' };
  return { name, arg: arg ? safeDecode(arg) : '' };
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function route() {
  const { name, arg } = parseHash();
  if (current && current !== name) views[current].leave?.();
  for (const key of Object.keys(views)) {
    document.getElementById(`view-${key}`).hidden = key !== name;
  }
  for (const link of document.querySelectorAll('nav.tabs a')) {
    link.classList.toggle('active', link.dataset.view === name);
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current = name;
  views[name].enter(arg);
}

// --- Signing in -------------------------------------------------------------------------------

const tokenInput = document.getElementById('token-input');
const signOut = document.getElementById('sign-out');
const devToken = document.getElementById('dev-token');
const signedInAs = document.getElementById('signed-in-as');
const authError = document.getElementById('auth-error');
const notReady = document.getElementById('not-ready');

function renderSignedIn() {
  const token = getToken();
  signOut.hidden = !token;
  if (!token) {
    signedInAs.textContent = 'Not signed in';
    signedInAs.classList.remove('signed');
    return;
  }
  const claims = tokenClaims(token);
  const scope = claims ? [].concat(claims.scope ?? claims.scp ?? []).join(' ') : '';
  signedInAs.textContent = claims
    ? `Signed in as ${claims.sub ?? '(no subject)'}${scope ? ` · ${scope}` : ''}`
    : 'Signed in (the token is not a readable JWT)';
  signedInAs.classList.add('signed');
}

document.getElementById('auth-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  if (!token) {
    tokenInput.focus();
    return;
  }
  tokenInput.value = '';
  setToken(token);
});

devToken.addEventListener('click', async () => {
  devToken.disabled = true;
  try {
    const token = await mintDevToken();
    if (token === null) {
      // Production registries have no development tokens: the button has nothing to offer.
      devToken.hidden = true;
      return;
    }
    setToken(token);
  } catch (e) {
    showAuthError(`Could not get a development token: ${e.message}`);
  } finally {
    devToken.disabled = false;
  }
});

signOut.addEventListener('click', () => setToken(null));

function showAuthError(message) {
  authError.textContent = message || '';
  authError.hidden = !message;
}

document.addEventListener('console:token-changed', () => {
  showAuthError(null);
  renderSignedIn();
  route();
});

document.addEventListener('console:auth', (event) => {
  const error = event.detail;
  if (!error) {
    showAuthError(null);
    return;
  }
  if (error.notSignedIn) showAuthError('Sign in to read the registry: paste a token, or use a development token.');
  else if (error.status === 401) showAuthError('Not accepted: the token was not accepted (expired, or not signed by a key the registry trusts).');
  else showAuthError('Refused: this token may not read the registry: it needs the scope registry:read.');
});

document.addEventListener('console:not-ready', (event) => {
  notReady.textContent = event.detail || '';
  notReady.hidden = !event.detail;
});

window.addEventListener('hashchange', route);
renderSignedIn();
route();
