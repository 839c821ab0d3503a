// login.js - the sign-in form: POST /api/v1/session {"login","password"}; on
// success go home, otherwise say what went wrong in the person's language
// without telling which of the two fields was wrong.

import { t, pick } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const form = document.getElementById('login-form');
const loginInput = document.getElementById('login');
const passwordInput = document.getElementById('password');
const submit = document.getElementById('login-submit');
const errorBox = document.getElementById('login-error');
const already = document.getElementById('login-already');

let me = null;
let lastError = null; // () => message, so a language switch can re-translate it
let busy = false;

function showError(fn) {
  lastError = fn;
  errorBox.textContent = fn ? fn() : '';
}

function messageFor(err) {
  switch (err?.status) {
    case 401:
    case 403:
      return () => t('login.wrong');
    case 400:
    case 413:
    case 415:
    case 422:
      return () => t('login.invalid');
    case 429:
      return () => t('login.rate');
    default:
      return () => errorMessage(err);
  }
}

function renderAlready() {
  if (me?.authenticated && me.user) {
    const u = me.user;
    already.replaceChildren(
      t('login.already', { name: u.display_name || u.login, role: pick(u.role_name) || u.role }),
      ' ',
      h('a', { href: '/' }, t('login.home')),
    );
    already.hidden = false;
  } else {
    already.hidden = true;
  }
}

function setBusy(on) {
  busy = on;
  submit.disabled = on;
  submit.setAttribute('aria-busy', String(on));
  submit.textContent = t(on ? 'login.submitting' : 'login.submit');
}

async function onSubmit(ev) {
  ev.preventDefault();
  if (busy) return;
  const login = loginInput.value.trim();
  const password = passwordInput.value;
  loginInput.removeAttribute('aria-invalid');
  passwordInput.removeAttribute('aria-invalid');
  if (!login || !password) {
    if (!login) loginInput.setAttribute('aria-invalid', 'true');
    if (!password) passwordInput.setAttribute('aria-invalid', 'true');
    showError(() => t('login.missing'));
    (login ? passwordInput : loginInput).focus();
    return;
  }
  showError(null);
  setBusy(true);
  try {
    await api('/api/v1/session', { method: 'POST', body: { login, password } });
    window.location.assign('/');
  } catch (err) {
    setBusy(false);
    showError(messageFor(err));
    if (err?.status === 401 || err?.status === 403) {
      passwordInput.value = '';
      passwordInput.focus();
    }
  }
}

async function main() {
  form.addEventListener('submit', onSubmit);
  me = await startShell({ titleKey: 'login.title', nav: 'login' });
  renderAlready();
  onLangChange(() => {
    renderAlready();
    if (!busy) submit.textContent = t('login.submit');
    if (lastError) errorBox.textContent = lastError();
  });
  ready();
}

main();
