// The console's shell: who is signed in, the sign-in page, and the hash routes to each page.
import { call, onSessionEnded, ApiError } from './api.js';
import { h, replace, field, errorSummary, notice, setFieldError, focusOn } from './dom.js';
import { blocksPage, addBlockPage, importPage } from './blocks.js';
import { attemptsPage } from './attempts.js';
import { sourcesPage } from './sources.js';
import { auditPage } from './audit.js';

const ROLE_WORDS = {
  security: 'security (can add and remove blocks)',
  auditor: 'auditor (can look, cannot change anything)',
  peer: 'peer filter',
};

/** The signed-in session ({token, role, expires}) or null. */
let session = null;
let endedMessage = null;

const routes = {
  '/blocks': { page: 'blocks', title: 'Blocks', render: blocksPage },
  '/blocks/add': { page: 'blocks', title: 'Add a block', render: addBlockPage },
  '/blocks/import': { page: 'blocks', title: 'Import a list of blocks', render: importPage },
  '/attempts': { page: 'attempts', title: 'Contact attempts', render: attemptsPage },
  '/sources': { page: 'sources', title: 'Sources', render: sourcesPage },
  '/audit': { page: 'audit', title: 'Audit', render: auditPage },
};

const main = () => document.getElementById('main');

/** What every page is given: the role, and whether it may change anything. */
function context() {
  return {
    role: session.role,
    canChange: session.role === 'security',
    tokenName: session.token,
  };
}

async function loadSession() {
  try {
    session = await call('/console/session', { quiet401: true });
  } catch (e) {
    session = null;
    if (!(e instanceof ApiError) || e.status !== 401) {
      endedMessage = { text: e.message, kind: 'warning' };
    }
  }
}

function showAccount() {
  const account = document.getElementById('account');
  const nav = document.getElementById('nav');
  if (session) {
    replace(document.getElementById('account-who'),
      'Signed in as ', h('strong', {}, session.token), ` \u2014 ${ROLE_WORDS[session.role] || session.role}`);
    account.hidden = false;
    nav.hidden = session.role === 'peer';
  } else {
    account.hidden = true;
    nav.hidden = true;
  }
}

function markNav(page) {
  for (const a of document.querySelectorAll('.nav__link')) {
    if (a.dataset.page === page) {
      a.setAttribute('aria-current', 'page');
      a.classList.add('nav__link--active');
    } else {
      a.removeAttribute('aria-current');
      a.classList.remove('nav__link--active');
    }
  }
}

function signInPage() {
  document.title = 'Sign in \u2014 Call screening console';
  markNav(null);
  const token = field({
    label: 'Access token', name: 'token', type: 'password', autocomplete: 'current-password',
    hint: 'The token the filter\u2019s operators gave you. It is not shown as you type.',
  });
  const summarySlot = h('div', {});
  const button = h('button', { type: 'submit', class: 'button', id: 'sign-in-button' }, 'Sign in');
  const form = h('form', { class: 'form', novalidate: true, id: 'sign-in-form' },
    token.group, button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(token, null);
    replace(summarySlot);
    const value = token.input.value.trim();
    if (!value) {
      setFieldError(token, 'Enter your access token');
      const s = errorSummary('There is a problem', [{ text: 'Enter your access token', target: token.id }]);
      replace(summarySlot, s);
      focusOn(s);
      return;
    }
    button.disabled = true;
    try {
      await call('/console/session', { method: 'POST', json: { token: value }, quiet401: true });
      token.input.value = '';
      endedMessage = null;
      await loadSession();
      showAccount();
      if (!location.hash || location.hash === '#/sign-in') location.hash = '#/blocks';
      else route();
    } catch (err) {
      const text = err.status === 401
        ? 'The filter did not accept this token. Check it and try again.'
        : err.message;
      setFieldError(token, text);
      const s = errorSummary('There is a problem', [{ text, target: token.id }]);
      replace(summarySlot, s);
      focusOn(s);
    } finally {
      button.disabled = false;
    }
  });
  replace(main(),
    summarySlot,
    endedMessage ? notice(endedMessage.text, endedMessage.kind) : null,
    h('h1', { class: 'heading-l' }, 'Sign in'),
    h('p', { class: 'body' }, 'Sign in to find, add and remove blocks, and to see contact attempts, the sources and the audit log.'),
    form);
  token.input.focus();
}

async function route() {
  if (!session) {
    showAccount();
    signInPage();
    return;
  }
  if (session.role === 'peer') {
    markNav(null);
    replace(main(),
      h('h1', { class: 'heading-l' }, 'This token is for a filter, not a person'),
      h('p', { class: 'body' }, 'A peer token can only read this filter\u2019s feed. Sign out and sign in with your own token.'));
    return;
  }
  const path = (location.hash || '').replace(/^#/, '').split('?')[0] || '/blocks';
  const r = routes[path] || routes['/blocks'];
  document.title = `${r.title} \u2014 Call screening console`;
  markNav(r.page);
  const el = main();
  replace(el, h('p', { class: 'body' }, 'Loading\u2026'));
  try {
    await r.render(el, context());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    replace(el, h('h1', { class: 'heading-l' }, r.title), notice(e.message || String(e), 'warning'));
  }
}

onSessionEnded(() => {
  if (!session) return;
  session = null;
  endedMessage = { text: 'Your session has ended. Sign in again to carry on.', kind: 'warning' };
  showAccount();
  signInPage();
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await call('/console/session', { method: 'DELETE', quiet401: true });
  } catch (e) {
    // signed out either way: the cookie is cleared or was already unknown
  }
  session = null;
  endedMessage = { text: 'You have signed out.', kind: 'info' };
  showAccount();
  location.hash = '#/sign-in';
  signInPage();
});

document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main().focus();
});

window.addEventListener('hashchange', () => {
  if (session || location.hash !== '#/sign-in') route();
});

(async () => {
  await loadSession();
  showAccount();
  route();
})();
