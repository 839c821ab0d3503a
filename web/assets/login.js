// login.js - the sign-in form: POST /api/v1/session {"login","password"}; on
// success go home, otherwise say what went wrong in the person's language
// without telling which of the two fields was wrong.
//
// Second factor: when the answer is {"mfa_required": true}, the password
// step is done and the one-time code form replaces it (POST
// /api/v1/session/totp {"code"}); with "enrol": true the account must first
// bind an authenticator app, which the account page does (/account). A page
// loaded while such a step is pending (GET /api/v1/me says mfa_pending)
// continues with it.

import { t, pick } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';

const form = document.getElementById('login-form');
const loginInput = document.getElementById('login');
const passwordInput = document.getElementById('password');
const submit = document.getElementById('login-submit');
const errorBox = document.getElementById('login-error');
const already = document.getElementById('login-already');
const totpForm = document.getElementById('totp-form');
const codeInput = document.getElementById('totp-code');
const totpSubmit = document.getElementById('totp-submit');
const totpCancel = document.getElementById('totp-cancel');

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
  } else if (me?.mfa_pending && me.mfa_enrol) {
    already.replaceChildren(
      t('login.enrolDue', { login: me.login }),
      ' ',
      h('a', { href: '/account', id: 'enrol-link' }, t('login.enrolLink')),
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
  totpSubmit.disabled = on;
  totpSubmit.setAttribute('aria-busy', String(on));
  totpSubmit.textContent = t(on ? 'login.totp.submitting' : 'login.totp.submit');
}

/** Show the password step (false) or the one-time code step (true). */
function showCodeStep(on) {
  form.hidden = on;
  totpForm.hidden = !on;
  if (on) {
    codeInput.value = '';
    codeInput.focus();
  } else {
    passwordInput.value = '';
    (loginInput.value ? passwordInput : loginInput).focus();
  }
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
    const res = await api('/api/v1/session', { method: 'POST', body: { login, password } });
    if (res?.mfa_required && res.enrol) {
      window.location.assign('/account');
      return;
    }
    if (res?.mfa_required) {
      setBusy(false);
      passwordInput.value = '';
      showCodeStep(true);
      return;
    }
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

async function onCode(ev) {
  ev.preventDefault();
  if (busy) return;
  const code = codeInput.value.replace(/\s+/g, '');
  codeInput.removeAttribute('aria-invalid');
  if (!/^[0-9]{6}$/.test(code)) {
    codeInput.setAttribute('aria-invalid', 'true');
    showError(() => t('login.totp.format'));
    codeInput.focus();
    return;
  }
  showError(null);
  setBusy(true);
  try {
    await api('/api/v1/session/totp', { method: 'POST', body: { code } });
    window.location.assign('/');
  } catch (err) {
    setBusy(false);
    codeInput.value = '';
    if (err?.status === 401) {
      // Too many wrong codes end the pending session: start again.
      let still = true;
      try {
        still = (await api('/api/v1/me'))?.mfa_pending === true;
      } catch {
        /* keep the code step */
      }
      if (!still) {
        showCodeStep(false);
        showError(() => t('login.totp.restart'));
        return;
      }
      codeInput.setAttribute('aria-invalid', 'true');
      showError(() => t('login.totp.wrong'));
    } else {
      showError(messageFor(err));
    }
    codeInput.focus();
  }
}

async function onCancel() {
  if (busy) return;
  try {
    await api('/api/v1/session', { method: 'DELETE' });
  } catch {
    /* the pending session expires by itself */
  }
  showError(null);
  showCodeStep(false);
}

async function main() {
  form.addEventListener('submit', onSubmit);
  totpForm.addEventListener('submit', onCode);
  totpCancel.addEventListener('click', onCancel);
  me = await startShell({ titleKey: 'login.title', nav: 'login' });
  renderAlready();
  if (me?.mfa_pending && !me.mfa_enrol) {
    loginInput.value = me.login ?? '';
    showCodeStep(true);
  }
  onLangChange(() => {
    renderAlready();
    if (!busy) {
      submit.textContent = t('login.submit');
      totpSubmit.textContent = t('login.totp.submit');
    }
    if (lastError) errorBox.textContent = lastError();
  });
  ready();
}

main();
